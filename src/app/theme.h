// Dark and light themes: ImGui style colours plus condlab's own palette for task states,
// lock lanes, code view and markers (see shared/reference/timeline-and-teaching.md).
// Colours are plain RGBA floats so this header needs no ImGui.
#pragma once

#include <optional>
#include <string_view>

namespace condlab::app {

enum class ThemeKind { Dark, Light };

[[nodiscard]] std::string_view theme_name(ThemeKind kind);
[[nodiscard]] std::optional<ThemeKind> parse_theme(std::string_view name);

struct Colour {
    float r = 0.0f, g = 0.0f, b = 0.0f, a = 1.0f;
    /// Packed as ImGui's ImU32 (IM_COL32 order: R in the low byte).
    [[nodiscard]] unsigned int packed() const;
    [[nodiscard]] Colour with_alpha(float alpha) const { return {r, g, b, alpha}; }
    bool operator==(const Colour&) const = default;
};

/// Colour from HSL (h in degrees, s and l in 0..1), as Perfetto specifies its states.
[[nodiscard]] Colour hsl(float h, float s, float l, float a = 1.0f);

/// condlab's state palette. Patterns (hatching for sleeping, outline for done) are drawn by
/// the timeline; the palette only carries colours.
struct Palette {
    // Task states.
    Colour running;        ///< dark green (Perfetto Running hsl(120,44%,34%))
    Colour ready;          ///< lime / amber (Perfetto Runnable)
    Colour blocked_lock;   ///< red
    Colour waiting_cond;   ///< violet
    Colour waiting_other;  ///< blue: event / queue / task / future
    Colour sleeping;       ///< light grey, drawn hatched
    Colour sleeping_hatch; ///< hatch line colour over `sleeping`
    Colour done_outline;   ///< done: no fill, thin line in this colour
    Colour failed;         ///< magenta
    Colour cancelled;      ///< dark grey
    // Arrows (drawn over the lanes): a light core in the kind's hue inside a dark edge, so
    // one of the two has at least 3:1 contrast against every lane colour (test_theme.cpp).
    Colour arrow_notify; ///< notify -> woken task
    Colour arrow_lock;   ///< lock release -> next owner
    Colour arrow_event;  ///< event set -> woken task
    Colour arrow_edge;
    Colour count_text; ///< waiter counts drawn on the condition row's violet
    // Lock lanes.
    Colour lock_held;              ///< green
    Colour lock_held_with_waiters; ///< yellow
    // Code view.
    Colour code_background;
    Colour line_number;
    Colour line_hover;
    Colour line_selected;
    Colour marker_executed; ///< "just executed" arrow (light green, Python Tutor)
    Colour marker_next;     ///< "next line" arrow (red, Python Tutor)
    Colour error_line;      ///< background of a line with an error
    Colour error_text;
    // Syntax.
    Colour syn_text, syn_keyword, syn_builtin, syn_string, syn_comment, syn_number, syn_decorator,
        syn_definition, syn_operator;
    // Text accents.
    Colour heading;
    Colour inline_code;
    Colour inline_code_bg;
    Colour dim_text;
    Colour accent;
    Colour splitter;
    Colour splitter_hover;
};

[[nodiscard]] const Palette& palette(ThemeKind kind);

/// The lane area's background (ImGui's child background) of a theme.
[[nodiscard]] Colour lane_background(ThemeKind kind);
/// `top` drawn over the opaque `bottom` (alpha blending).
[[nodiscard]] Colour composite(const Colour& top, const Colour& bottom);
/// WCAG 2 relative luminance (0 black .. 1 white) of an opaque colour.
[[nodiscard]] double relative_luminance(const Colour& c);
/// WCAG 2 contrast ratio (1..21) of two opaque colours.
[[nodiscard]] double contrast_ratio(const Colour& a, const Colour& b);

/// Applies ImGui's style colours for the theme (StyleColors{Dark,Light} plus condlab's tweaks)
/// to the current ImGui context and scales sizes by `scale` (HiDPI). Defined in theme.cpp.
void apply_imgui_theme(ThemeKind kind, float scale);

} // namespace condlab::app
