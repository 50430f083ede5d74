// Code view: line numbers, Python syntax colours, per-line markers ("just executed" /
// "next" arrows as in Python Tutor), hover and click callbacks per line, an error line.
#pragma once

#include <functional>
#include <vector>

#include "app/code_layout.h"
#include "app/fonts.h"
#include "app/source_file.h"
#include "app/theme.h"

namespace condlab::app {

struct CodeViewContext {
    const SourceDocument* doc = nullptr;
    const Palette* palette = nullptr;
    const Fonts* fonts = nullptr;
    const std::vector<LineMarker>* markers = nullptr; ///< may be null
    const ErrorMark* error = nullptr;                 ///< may be null
    std::function<void(int line)> on_hover;           ///< each frame a line is hovered
    std::function<void(int line)> on_click;           ///< left click on a line
};

struct CodeViewState {
    int hovered_line = 0;       ///< 1-based, 0 = none (updated every frame)
    int selected_line = 0;      ///< last clicked line
    int focus_line = 0;         ///< the line the playhead's task is on (highlighted), 0 = none
    int scroll_to_line = 0;     ///< set > 0 to scroll there on the next frame (then reset)
    float scroll_align = 0.35f; ///< where scroll_to_line lands: 0 = top of the view, 1 = bottom
    float line_height = 0.0f;   ///< last frame's line height (for tests)
    float first_line_y = 0.0f;  ///< last frame's screen y of the first row (for tests)
    /// The "lesson settings" row (every metadata line: goals, compares, expectations) is
    /// open: the learner clicked it. Folded by default (the lines give challenges away).
    bool settings_open = false;
    CodeRows rows; ///< last frame's rows (code_layout.h)

    /// Screen y of the top of `line`'s row in the last frame (a folded metadata line: the
    /// settings row's); -1 when the line is not shown.
    [[nodiscard]] float line_y(int line) const {
        const int r = row_of_line(rows, line);
        return r < 0 ? -1.0f : first_line_y + static_cast<float>(r) * line_height;
    }
};

/// Draws the code in a scrolling child window filling the available region.
void draw_code_view(const char* id, const CodeViewContext& ctx, CodeViewState& state);

} // namespace condlab::app
