// A lesson's fix goal in the window (lesson/fix_goal.h): decided in the background whenever
// the program changes (an edit, a file change), with progress and Cancel; a one-line status
// under the goal banner, and the goal's own outcome map (the "Fix goal" window): every cell
// of its grid painted as it is decided, the cells that still fail in their outcome's colour;
// a click on a cell loads its setting into the player.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "app/splitter.h"
#include "app/theme.h"
#include "lesson/fix_goal_background.h"
#include "lesson/lesson.h"
#include "lesson/sweep.h"

namespace condlab::app {

struct FixGoalPanel {
    lesson::FixGoalCheck check;
    std::string checked_source; ///< the program the check decides
    std::string shipped_source; ///< the file's text the grid comes from
    lesson::Lesson shipped;     ///< parsed shipped_source
    std::vector<lesson::SweepAxis> axes;
    std::size_t goal = 0; ///< index in the lesson's fix_goals
    std::string error;    ///< the grid could not be built
    bool window_open = false;
    lesson::FixGoalResult shown; ///< the cells decided so far
    std::uint64_t shown_version = ~std::uint64_t{0};
    int starts = 0; ///< checks started (tests)
    // Last frame's grid geometry (tests): screen position and cell size.
    float grid_x = 0, grid_y = 0, cell_w = 0, cell_h = 0;
    int grid_nx = 0, grid_ny = 0;
    /// When set, the widgets record their rectangles ("button:Show cells", "fix_grid").
    std::vector<std::pair<std::string, Rect>>* rects = nullptr;
};

/// Starts deciding the shipped lesson's first fix goal for `program` when it changed
/// (`shipped_text`: the file's text, whose `# param:` grid counts). Copies the decided
/// cells into `shown` when new ones came. Call once per frame.
void fix_goal_follow(FixGoalPanel& f, const lesson::Lesson* program,
                     const std::string& shipped_text);
/// "12 of 81 cells still fail" / "holds in all 81 cells" / "checking 40 %".
[[nodiscard]] std::string fix_goal_status(const FixGoalPanel& f);

/// The status line under the goal banner: progress bar and Cancel while checking, the
/// verdict after, and "Show cells" (opens the window).
void draw_fix_goal_strip(FixGoalPanel& f, const Palette& palette);
/// The "Fix goal" window (while window_open). `on_load` gets a clicked cell's setting.
void draw_fix_goal_window(FixGoalPanel& f, const Palette& palette,
                          const std::function<void(const lesson::Overrides&)>& on_load);

} // namespace condlab::app
