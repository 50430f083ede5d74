// "You are the event loop" (see event_loop_session.h).
#include "lesson/event_loop_session.h"

#include <algorithm>

namespace condlab::lesson {

EventLoopSession::EventLoopSession(const Lesson& lesson, Overrides overrides) : m_lesson(lesson) {
    m_history.push_back(Schedule{std::move(overrides), {}});
    record();
}

void EventLoopSession::record() {
    m_run = describe_schedule(m_lesson, m_history.back(), ExploreOptions::quiet_run_options());
}

double EventLoopSession::now() const { return finished() ? 0.0 : m_run.choices[point()].now; }

std::vector<TimerOption> EventLoopSession::options() const {
    std::vector<TimerOption> out;
    if (finished())
        return out;
    const ChoiceRecord& c = m_run.choices[point()];
    for (std::size_t i = 0; i < c.pending.size(); ++i) {
        const TimerNumber n = c.pending[i];
        if (n == 0 || n > m_run.timers.size())
            continue;
        const TimerRecord& t = m_run.timers[n - 1];
        out.push_back(
            TimerOption{n, t.task, t.created, c.when[i], i < c.due,
                        n <= m_run.timer_names.size() ? m_run.timer_names[n - 1] : std::string()});
    }
    return out;
}

bool EventLoopSession::fire(TimerNumber number) {
    if (finished())
        return false;
    const ChoiceRecord& c = m_run.choices[point()];
    const auto at = std::find(c.pending.begin(), c.pending.end(), number);
    if (at == c.pending.end())
        return false;
    Schedule next = m_history.back();
    if (at != c.pending.begin()) {
        // Halfway between the clock and CPython's next deadline: alone, first.
        const double when = c.now + (c.when[0] - c.now) / 2;
        const double d = when - m_run.timers[number - 1].created;
        if (d < kMinDuration || when < c.now + kMinDuration || when >= c.when[0])
            return false; // no representable deadline in between
        next.durations[number] = d;
    }
    m_history.push_back(std::move(next));
    record();
    return true;
}

bool EventLoopSession::fire_with_next(TimerNumber number) {
    if (finished())
        return false;
    const ChoiceRecord& c = m_run.choices[point()];
    const auto at = std::find(c.pending.begin(), c.pending.end(), number);
    if (at == c.pending.end() || static_cast<std::size_t>(at - c.pending.begin()) < c.due)
        return false;
    Schedule next = m_history.back();
    const double d = c.when[0] - m_run.timers[number - 1].created;
    if (d < kMinDuration)
        return false;
    next.durations[number] = d;
    m_history.push_back(std::move(next));
    record();
    return true;
}

void EventLoopSession::let_cpython_decide() {
    if (finished())
        return;
    m_history.push_back(m_history.back());
    // The same schedule: the recorded run stays valid.
}

bool EventLoopSession::back() {
    if (m_history.size() <= 1)
        return false;
    const bool same = m_history.back() == m_history[m_history.size() - 2];
    m_history.pop_back();
    if (!same)
        record();
    return true;
}

std::vector<std::size_t> EventLoopSession::goals_reached() const {
    std::vector<std::size_t> out;
    if (!finished())
        return out;
    for (std::size_t i = 0; i < m_lesson.schedule_goals.size(); ++i)
        if (schedule_goal_reached(m_lesson.schedule_goals[i], outcome_name(outcome())))
            out.push_back(i);
    return out;
}

} // namespace condlab::lesson
