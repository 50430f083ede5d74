// Event-loop goals: the `# goal: schedule ...` grammar and what `condlab check` verifies
// (see schedule_goal.h).
#include "lesson/schedule_goal.h"

#include "lesson/explore.h"
#include "lesson/lesson.h"

#include <stdexcept>

namespace condlab::lesson {

std::string ScheduleGoal::describe() const { return outcome_info(target).name; }

bool is_schedule_goal(std::string_view goal_body) {
    const std::string_view t = strip(goal_body);
    return t.starts_with("schedule ") || t == "schedule" || t.starts_with("schedule|");
}

ScheduleGoal parse_schedule_goal(std::string_view goal_body) {
    std::string_view body = strip(goal_body).substr(8); // after "schedule"
    const std::size_t bar = body.find('|');
    if (bar == std::string_view::npos || strip(body.substr(bar + 1)).empty())
        throw std::invalid_argument("the text after '|' is missing (expected '# goal: schedule "
                                    "deadlock | <description>')");
    const std::string_view what = strip(body.substr(0, bar));
    ScheduleGoal g;
    if (const std::optional<OutcomeKind> target = parse_searched_outcome(what))
        g.target = *target;
    else
        throw std::invalid_argument("an event-loop goal reaches 'deadlock', 'exception' or "
                                    "'budget', not " +
                                    py_repr(std::string(what)));
    g.description = std::string(strip(body.substr(bar + 1)));
    return g;
}

bool schedule_goal_reached(const ScheduleGoal& goal, OutcomeKind outcome) {
    return outcome == goal.target;
}

ScheduleGoalVerification verify_schedule_goal(const Lesson& lesson, const ScheduleGoal& goal) {
    ExploreOptions options;
    options.bound = ScheduleGoal::kCheckBound;
    options.until = ExploreUntil::reaching(goal.target);
    const ExploreResult r = explore(lesson, {}, options);
    ScheduleGoalVerification v;
    v.explored = r.explored;
    if (!r.error.empty()) {
        v.message = "the program does not run: " + r.error;
    } else if (meets(options.until, r.default_outcome)) {
        v.message = "CPython's own schedule already ends in " + goal.describe() +
                    ": the goal takes no choice at all";
    } else if (!r.found) {
        v.message = "no schedule within " + std::to_string(options.bound) + " deviations ends in " +
                    goal.describe() + " (" + std::to_string(r.explored) + " explored)";
    } else {
        v.ok = true;
        v.message = r.sentence;
    }
    return v;
}

} // namespace condlab::lesson
