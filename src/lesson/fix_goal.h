#pragma once
// Fix goals (lessons/README.md, "Fix goals"): a condition that must hold in *every* cell of
// a grid of parameter values, e.g.
//
//   # goal: fix complete over PRODUCER_DELAY, CONSUMER_DELAY | Make it complete for every pair.
//   # goal: fix complete and wasted_wakeups == 0 over WAITERS | No wasted wake-up, any herd.
//
// The grid is each named parameter's step grid from the *shipped* lesson's `# param:` lines
// (LO, LO+S, ... HI), the other parameters at the program's defaults; at most kMaxCells
// cells (fix_goal_check.h runs them). The shipped program must fail the goal somewhere (there is
// something to fix) and the reference fix, lessons/fixes/<name>.py, must meet it everywhere
// (`condlab check`).
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace condlab::lesson {

struct Lesson;

/// One condition of a fix goal: `complete`, or `METRIC OP NUMBER` (OP one of == != < <= > >=,
/// METRIC a scalar metric name such as wasted_wakeups, lost_notifies, finish_time).
struct FixTerm {
    enum class Kind : std::uint8_t { Complete, Metric };
    Kind kind = Kind::Complete;
    std::string metric;
    std::string op; // "==", "!=", "<", "<=", ">", ">="
    double value = 0;
    std::string value_text;
    [[nodiscard]] std::string describe() const; // "complete", "wasted_wakeups == 0"
};

struct FixGoal {
    std::vector<FixTerm> terms;    // all must hold in a cell
    std::vector<std::string> over; // the grid's parameters, in order (the first varies fastest)
    std::string description;       // shown to the learner
    std::uint32_t line = 0;
    static constexpr std::size_t kMaxCells = 2000;
    /// "complete and wasted_wakeups == 0".
    [[nodiscard]] std::string describe_condition() const;
    /// Needs a trace (a metric term); a goal of `complete` alone runs without one.
    [[nodiscard]] bool needs_metrics() const;
};

/// Is this `# goal:` body (the text after "goal:") a fix goal (`fix ...`)?
bool is_fix_goal(std::string_view goal_body);

/// Parses `fix CONDITION over P1, P2 | text` (the text after "goal:"). Throws
/// std::invalid_argument naming what is wrong.
FixGoal parse_fix_goal(std::string_view goal_body);

/// Where a lesson's reference fix lives: `<lesson dir>/fixes/<name>.py`, the name being the
/// file's stem without its number (`05_lost_wakeup.py` -> `fixes/lost_wakeup.py`), so that
/// renumbering keeps it.
std::filesystem::path reference_fix_path(const std::filesystem::path& lesson_path);

} // namespace condlab::lesson
