#pragma once
// Event-loop goals (lessons/README.md, "Event-loop goals"): the learner, being the event
// loop, must reach an outcome by choosing which timer fires next, e.g.
//
//   # goal: schedule deadlock | Be the event loop: lose the notification.
//
// The program runs at its default parameters; only the order and grouping of timers changes
// (docs/timing-model.md). `condlab check` proves the goal takes thought but can be done: the
// default (CPython's) schedule must not reach it, and the explorer must find a schedule that
// does within kCheckBound deviations.
#include "runtime/run_outcome.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace condlab::lesson {

struct Lesson;

struct ScheduleGoal {
    /// What the learner must reach: Deadlock, Exception or Budget (the explorer's --until).
    OutcomeKind target = OutcomeKind::Deadlock;
    std::string description; // shown to the learner
    std::uint32_t line = 0;
    /// The deviations `condlab check` allows the explorer when proving the goal reachable.
    static constexpr int kCheckBound = 2;
    /// The target's name in the outcome table: "deadlock", "exception", "budget".
    [[nodiscard]] std::string describe() const;
};

/// Is this `# goal:` body (the text after "goal:") an event-loop goal (`schedule ...`)?
bool is_schedule_goal(std::string_view goal_body);

/// Parses `schedule OUTCOME | text` (the text after "goal:"), OUTCOME one of deadlock,
/// exception, budget. Throws std::invalid_argument naming what is wrong.
ScheduleGoal parse_schedule_goal(std::string_view goal_body);

/// Does a run that ended in `outcome` reach it?
bool schedule_goal_reached(const ScheduleGoal& goal, OutcomeKind outcome);

struct ScheduleGoalVerification {
    bool ok = false;
    std::string message;        // why not (or, when ok, the schedule found in words)
    std::uint64_t explored = 0; // schedules the explorer ran
};

/// What `condlab check` verifies: the default schedule does not reach the goal, and a
/// schedule within kCheckBound deviations does (dfs, default parameters).
ScheduleGoalVerification verify_schedule_goal(const Lesson& lesson, const ScheduleGoal& goal);

} // namespace condlab::lesson
