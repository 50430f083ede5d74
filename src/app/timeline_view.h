// The timeline view: a thin ImGui layer over timeline_layout.h / timeline_lod.h. Draws
// task lanes (state colours + patterns from the Palette), object lanes, markers, arrows,
// the playhead, tooltips, the selected span's details with a "who woke me" link, and
// handles input: wheel zoom anchored at the cursor, drag / A / D pan, W / S zoom, F fit,
// a "? legend" button (the window's Help), axis-mode selector. Call draw_timeline() inside any
// ImGui window (e.g. the shell's timeline panel); it fills the remaining content region.
#pragma once

#include "app/lane_labels.h"
#include "app/theme.h"
#include "app/timeline_layout.h"
#include "app/timeline_lod.h"

#include <cstddef>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

struct ImDrawList;

namespace condlab::app {

struct TimelineSelection {
    int lane = -1;
    std::optional<std::size_t> span;    // task lane: index into trace.spans(task)
    std::optional<std::size_t> segment; // object lane
    std::optional<std::size_t> marker;
    [[nodiscard]] bool empty() const noexcept { return lane < 0; }
};

/// Persistent view state (one per timeline; keep it across frames).
struct TimelineState {
    AxisMode mode = AxisMode::Hybrid; ///< the axis shown
    /// The 6 px rule (readable_axis()): on a new trace the axis shown is `preferred` unless
    /// its narrowest step would be under 6 px at fit zoom. Off: `mode` stays as set.
    bool readable_axis_rule = false;
    AxisMode preferred = AxisMode::Hybrid; ///< the learner's choice (with the rule)
    TimelineView view;
    bool needs_fit = true;  // fit on the next frame (set on a new trace)
    bool show_keys = false; // the "? legend" button was clicked: the owner opens Help
    TimelineSelection selection;
    Hit hovered;

    // Cache, rebuilt when the trace or mode changes (or after invalidate()).
    const Trace* cached_trace = nullptr;
    std::size_t cached_steps = 0;
    std::size_t cached_events = 0;
    AxisMode cached_mode = AxisMode::Hybrid;
    float cached_font_size = 0.0f; // lane metrics follow the font (HiDPI)
    bool cache_valid = false;
    TimelineAxis axis;
    TimelineLayout layout;
    float label_needed = -1.0f; // label column width the lanes' texts need (-1: measure)

    // Last frame's geometry (screen coordinates) and counts, for tests and the bench.
    float lanes_x = 0.0f, lanes_y = 0.0f, lanes_w = 0.0f, lanes_h = 0.0f;
    float scroll_y = 0.0f;
    std::size_t drawn_rects = 0, drawn_markers = 0, drawn_arrows = 0;
    std::size_t drawn_selected_arrows = 0; // of drawn_arrows: the selected task's
    float mark_x = -1.0f;                  // screen x of ctx.mark_step's line (-1: not on screen)
    float mark_scale = 1.0f;               // marks' and line widths' scale (HiDPI: the font's)
    bool record_labels = false;            // tests: keep the labels and hourglasses drawn
    std::vector<std::pair<std::size_t, LaneLabelText>> drawn_labels; // lane index, text
    std::vector<float> deadline_glyph_x; // tests (with record_labels): hourglasses' screen x

    // Input.
    bool drag_moved = false;

    /// Forces a rebuild of axis and layout on the next frame (e.g. a new run reused the
    /// same Trace address).
    void invalidate() { cache_valid = false; }
};

struct TimelineContext {
    const Trace* trace = nullptr;
    /// The run's analysis outcome, if known (which tasks a deadlock blocks forever);
    /// nullptr: computed from the trace when the run deadlocked.
    const OutcomeReport* outcome = nullptr;
    StepId playhead = 0;
    const Palette* palette = nullptr; // nullptr: palette(ThemeKind::Dark)
    TimelineState* state = nullptr;
    std::function<void(StepId)> on_seek; // "who woke me", double click
    LodParams lod{};
    float label_width = 160.0f; // at least; wider when a lane's name + detail needs it
    float font_size = 15.0f;    // lane heights scale with it (draw_timeline: ImGui's)
    /// A step to mark over the lanes with a labelled line (compare: the first divergence).
    std::optional<StepId> mark_step;
    const char* mark_label = nullptr;
    /// Drawn over the lanes after everything else (x0, y0: the lanes' origin on screen).
    std::function<void(ImDrawList*, float x0, float y0)> overlay;
};

/// Lane metrics for a font size: LaneMetrics{} at 15 px, scaled with it (HiDPI).
[[nodiscard]] LaneMetrics lane_metrics_for(float font_size);

/// Draws the timeline into the current window's remaining content region.
void draw_timeline(TimelineContext& ctx);

/// Makes sure state.axis / state.layout match ctx.trace and state.mode (rebuild if not);
/// keeps the step at the view's centre in place when only the mode changed.
void update_timeline_cache(TimelineContext& ctx, double lanes_width);

/// Colour of a task state from the palette.
Colour status_colour(const Palette& p, TaskStatus s);

/// The cancel-requested mark (a slashed ring) and the deadline mark (an hourglass) centred on
/// x, from `top`, `s` times their size at scale 1, in `c` with a dark `edge` (the timeline and
/// the legend draw them alike).
void draw_cancel_glyph(ImDrawList* dl, float x, float top, float s, unsigned c, unsigned edge);
void draw_deadline_glyph(ImDrawList* dl, float x, float top, float s, unsigned c, unsigned edge);
/// A timeout's deadline across a lane at x, from `top` to `bottom`: a solid tick when it was
/// reached (it fired), a dashed tick under a hollow hourglass when it was not.
void draw_deadline_tick(ImDrawList* dl, float x, float top, float bottom, float s, unsigned c,
                        unsigned edge, bool reached);

/// Deadline marks (and the hourglass): a light core inside the arrows' dark edge, so one of
/// the two has at least 3:1 contrast on every lane colour in both themes (test_theme.cpp).
struct DeadlineColours {
    Colour core;
    Colour edge;
};
[[nodiscard]] DeadlineColours deadline_colours(const Palette& p);

} // namespace condlab::app
