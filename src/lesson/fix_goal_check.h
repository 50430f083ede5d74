#pragma once
// Deciding a fix goal (fix_goal.h): run a program in every cell of the goal's grid.
#include "lesson/fix_goal.h"
#include "lesson/lesson.h"
#include "lesson/runner.h"
#include "lesson/sweep.h"

#include <functional>
#include <stop_token>
#include <string>
#include <vector>

namespace condlab::lesson {

/// The grid of a fix goal from the shipped lesson's `# param:` specs: one axis per named
/// parameter. Throws std::invalid_argument for a name that is not a numeric `# param:` with a
/// step grid (a choice or bool is a design switch, not a fix-grid axis), or a grid over
/// FixGoal::kMaxCells cells.
std::vector<SweepAxis> fix_goal_axes(const Lesson& shipped, const FixGoal& goal);

/// The outcome-map spec of a goal over one or two parameters (x = the first, y = the
/// second); throws std::invalid_argument for more (fix_goal_axes()'s errors too).
SweepSpec fix_goal_sweep_spec(const Lesson& shipped, const FixGoal& goal);

/// Does a run meet every term? (Metric terms need RunResult::analysis.)
bool fix_goal_met(const FixGoal& goal, const RunResult& result);
/// The same for an outcome-map cell (scalar metrics in sweep_metric_names() only).
bool fix_goal_met(const FixGoal& goal, const SweepCell& cell);

/// Run options for the cells: no line trace; a trace and its analysis only when a term
/// needs metrics.
RunOptions fix_goal_run_options(const FixGoal& goal);

struct FixCell {
    Overrides overrides; // the grid parameters' values of this cell
    Outcome outcome = Outcome::Complete;
    std::string summary; // RunResult::summary (what the run ended in)
    bool met = false;
};

struct FixGoalResult {
    std::vector<FixCell> cells; // every cell, the first parameter varying fastest
    std::size_t met = 0, failed = 0;
    double seconds = 0;
    bool cancelled = false;
    [[nodiscard]] const FixCell* first_failure() const;
    [[nodiscard]] bool holds() const { return failed == 0 && !cancelled && !cells.empty(); }
};

/// Runs `program` in every cell of the grid of `goal` (axes from `shipped`; pass the same
/// lesson twice for the lesson itself). `stop` is checked between runs; `on_cell` is called
/// after each one (progress). Throws fix_goal_axes()'s errors.
FixGoalResult check_fix_goal(const Lesson& program, const Lesson& shipped, const FixGoal& goal,
                             const RunFunction& runner = {}, std::stop_token stop = {},
                             const std::function<void(const FixCell&)>& on_cell = {});

/// "A=1 B=0.5" for a cell's overrides.
std::string describe_cell(const Overrides& overrides);

struct FixGoalVerification {
    bool ok = false;
    std::string message; // what holds ("ok") or why not
};

/// What `condlab check` verifies of a fix goal: the lesson's own program fails it in at least
/// one cell (there is something to fix), and its reference fix (reference_fix_path()) exists
/// and meets it in every cell.
FixGoalVerification verify_fix_goal(const Lesson& lesson, const FixGoal& goal,
                                    const RunFunction& runner = {});

/// Checks the fix goals' parameter names and grid sizes against the lesson (fix_goal_axes());
/// problems go to lesson.errors as "PATH:LINE: message".
void validate_fix_goals(Lesson& lesson);

} // namespace condlab::lesson
