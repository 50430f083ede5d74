// "You are the event loop" (see event_loop_session.h).
#include "lesson/event_loop_session.h"

#include <algorithm>

namespace condlab::lesson {

EventLoopSession::EventLoopSession(const Lesson& lesson, Overrides overrides, bool background)
    : m_lesson(lesson), m_background(background) {
    m_history.push_back(Schedule{std::move(overrides), {}});
    adopt(m_history);
}

EventLoopSession::~EventLoopSession() {
    if (m_pending.valid())
        m_pending.wait(); // (it refers to the lesson)
}

bool EventLoopSession::adopt(std::vector<Schedule> history) {
    if (busy())
        return false;
    if (!m_background) {
        m_run = describe_schedule(m_lesson, history.back(), ExploreOptions::quiet_run_options());
        m_history = std::move(history);
        return true;
    }
    m_pending_history = std::move(history);
    m_pending = std::async(std::launch::async, [this, s = m_pending_history.back()] {
        return describe_schedule(m_lesson, s, ExploreOptions::quiet_run_options());
    });
    return true;
}

bool EventLoopSession::poll() {
    if (!busy() || m_pending.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
        return false;
    m_run = m_pending.get();
    m_history = std::move(m_pending_history);
    return true;
}

void EventLoopSession::wait() {
    if (busy())
        m_pending.wait();
    poll();
}

bool EventLoopSession::decide(Schedule next) {
    std::vector<Schedule> history = m_history;
    history.push_back(std::move(next));
    return adopt(std::move(history));
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
        TimerOption o;
        o.number = n;
        o.task = t.task;
        o.created = t.created;
        o.when = c.when[i];
        o.cpython_next = i < c.due;
        o.tied = i < c.due && c.due > 1;
        if (n <= m_run.timer_names.size())
            o.name = m_run.timer_names[n - 1];
        out.push_back(std::move(o));
    }
    return out;
}

bool EventLoopSession::fire(TimerNumber number) {
    if (finished() || busy())
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
    return decide(std::move(next));
}

bool EventLoopSession::fire_with_next(TimerNumber number) {
    if (finished() || busy())
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
    return decide(std::move(next));
}

bool EventLoopSession::fire_late(TimerNumber number) {
    if (finished() || busy())
        return false;
    const ChoiceRecord& c = m_run.choices[point()];
    const auto at = std::find(c.pending.begin(), c.pending.end(), number);
    if (at == c.pending.end() || static_cast<std::size_t>(at - c.pending.begin()) >= c.due ||
        c.due < 2)
        return false;
    // As explore.cpp's late deviation: halfway between the group and the next deadline (or,
    // with none, as far after the group as the group is after the clock).
    const double first = c.when[0];
    const double following = c.due < c.pending.size() ? c.when[c.due] : first + (first - c.now);
    const double when = first + (following - first) / 2;
    const double d = when - m_run.timers[number - 1].created;
    if (when < first + kMinDuration || d < kMinDuration)
        return false;
    Schedule next = m_history.back();
    next.durations[number] = d;
    return decide(std::move(next));
}

bool EventLoopSession::cancel(TaskId task, bool with_next) {
    if (finished() || busy() || task == kNoTask)
        return false;
    const ChoiceRecord& c = m_run.choices[point()];
    const double first = c.when.empty() ? c.now + 1.0 : c.when[0];
    CancelAt fork;
    fork.task = task;
    fork.at = with_next ? first : c.now + (first - c.now) / 2;
    if (!(fork.at > c.now)) {
        fork.at = 0;
        fork.point = point() + 1; // nothing fits after the clock: a what-if only condlab runs
    }
    Schedule next = m_history.back();
    next.cancels.push_back(fork);
    return decide(std::move(next));
}

void EventLoopSession::let_cpython_decide() {
    if (finished() || busy())
        return;
    m_history.push_back(m_history.back());
    // The same schedule: the recorded run stays valid.
}

bool EventLoopSession::back() {
    if (m_history.size() <= 1 || busy())
        return false;
    if (m_history.back() == m_history[m_history.size() - 2]) {
        m_history.pop_back(); // the same schedule: the recorded run stays valid
        return true;
    }
    std::vector<Schedule> history = m_history;
    history.pop_back();
    return adopt(std::move(history));
}

std::vector<std::size_t> EventLoopSession::goals_reached() const {
    std::vector<std::size_t> out;
    if (!finished())
        return out;
    for (std::size_t i = 0; i < m_lesson.schedule_goals.size(); ++i)
        if (schedule_goal_reached(m_lesson.schedule_goals[i], outcome()))
            out.push_back(i);
    return out;
}

} // namespace condlab::lesson
