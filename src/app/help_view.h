// The Help window: a legend of everything the timeline draws (task state colours and their
// patterns, arrow kinds, object rows, markers) and the sheet of every keyboard shortcut.
// Opened from the Help menu and with `?` whenever no text field has focus.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include <imgui.h>

#include "app/fonts.h"
#include "app/theme.h"

namespace condlab::app {

enum class HelpTab { Legend, Shortcuts };

struct HelpState {
    bool open = false;
    HelpTab tab = HelpTab::Legend;
    bool select_tab = false; ///< switch to `tab` on the next frame
    void show(HelpTab t) {
        open = true;
        tab = t;
        select_tab = true;
    }
};

struct Shortcut {
    std::string_view keys;
    std::string_view action;
    std::string_view where; ///< "everywhere", "timeline", "player", ...
};

/// Every keyboard and mouse shortcut of the window (the Help sheet lists exactly these).
[[nodiscard]] std::span<const Shortcut> shortcuts();

/// How the legend shows an entry.
enum class SwatchKind {
    Fill,           ///< plain colour
    Hatched,        ///< sleeping
    Outline,        ///< done
    Dotted,         ///< not started
    Forever,        ///< blocked forever: fading tail with »
    Arrow,          ///< a causal arrow
    MarkerNotify,   ///< ▼
    MarkerAll,      ///< ▼ with a bar
    MarkerSet,      ///< ◆
    MarkerOutput,   ///< •
    MarkerRaise,    ///< ×
    MarkerCancel,   ///< ⊘ cancel requested
    MarkerDeadline, ///< ⧗ a timeout fired
    DeadlineMissed, ///< a timeout's deadline that was not reached (dashed, hollow)
    CountOnFill,    ///< condition waiters: fill with the waiter count on it
    Playhead,
};

struct LegendEntry {
    std::string_view group; ///< "Task states", "Arrows", "Object rows", "Markers"
    std::string_view name;
    std::string_view meaning;
    SwatchKind swatch = SwatchKind::Fill;
    Colour colour;
    Colour second; ///< hatch / arrow outline / count text
};

/// The legend's rows for a palette, in the order shown.
[[nodiscard]] std::vector<LegendEntry> legend_entries(const Palette& p);

/// Draws one legend swatch into [a, b] as the timeline draws that thing; its lines and
/// offsets grow with the box (b.y - a.y is one font height: 15 px at scale 1).
void draw_legend_swatch(ImDrawList* dl, ImVec2 a, ImVec2 b, const LegendEntry& e);

/// True when `?` was typed this frame and no text field has focus.
[[nodiscard]] bool help_key_pressed();

/// Draws the Help window when state.open (a normal window the user can move and close).
void draw_help_window(HelpState& state, const Palette& p, const Fonts* fonts);
/// The window's tabs alone, into the current window (tests capture their text).
void draw_help_contents(HelpState& state, const Palette& p, const Fonts* fonts);

} // namespace condlab::app
