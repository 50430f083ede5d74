// A schedule's deviations in words (explore.h's describe_schedule), told on the order the
// timers actually fired in, not on the durations' intentions (docs/timing-model.md).
#include "lesson/explore.h"

#include <cstdio>
#include <limits>
#include <map>
#include <string>

namespace condlab::lesson {

namespace {

/// Notes who made each timer and at which line: the timers a task makes during a step get
/// the line where that step ends suspended (`await asyncio.sleep(...)`, `wait_for(...)`).
class TimerLocator final : public Observer {
  public:
    struct Where {
        TaskId task = kNoTask;
        std::uint32_t line = 0;
        WaitKind kind = WaitKind::Future;
    };
    std::map<TimerId, Where> timers;
    std::map<TaskId, std::string> names;

    void on_task_created(TaskId task, std::string_view name, TaskId, SourceLoc) override {
        names[task] = std::string(name);
    }
    void on_task_renamed(TaskId task, std::string_view name) override {
        names[task] = std::string(name);
    }
    void on_task_running(TaskId task) override { m_running = task; }
    void on_timer_scheduled(TimerId timer, double, TimerKind) override {
        timers[timer] = Where{m_running, 0, WaitKind::Future};
        m_step_timers.push_back(timer);
    }
    void on_task_suspended(TaskId task, const WaitInfo& wait) override {
        for (TimerId id : m_step_timers) {
            Where& w = timers[id];
            if (w.task == task && w.line == 0) {
                w.line = wait.where.line;
                w.kind = wait.kind;
            }
        }
        m_step_timers.clear();
        m_running = kNoTask;
    }
    void on_task_done(TaskId, TaskEnd, const std::exception_ptr&) override {
        m_step_timers.clear();
        m_running = kNoTask;
    }

  private:
    TaskId m_running = kNoTask;
    std::vector<TimerId> m_step_timers;
};

/// A duration as Python prints a float: 2.0, 0.5, 1e-09.
std::string py_float(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    std::string s = buf;
    if (s.find_first_of(".einn") == std::string::npos)
        s += ".0";
    return s;
}

struct Namer {
    const std::vector<TimerRecord>& timers;
    const TimerLocator& where;

    std::string operator()(TimerNumber n) const {
        const TimerRecord& t = timers[n - 1];
        std::string who = "a callback's";
        TimerLocator::Where w;
        if (auto it = where.timers.find(t.id); it != where.timers.end())
            w = it->second;
        if (w.task != kNoTask) {
            auto name = where.names.find(w.task);
            who = (name != where.names.end() ? name->second : "a task") + "'s";
        }
        std::string what = w.kind == WaitKind::Sleep
                               ? "`sleep(" + py_float(t.default_duration()) + ")`"
                               : py_float(t.default_duration()) + " s timer";
        std::string s = who + " " + what;
        if (w.line)
            s += " at line " + std::to_string(w.line);
        return s;
    }
};

/// Where a timer came in the firing order (never fired: last).
std::pair<std::uint64_t, std::uint32_t> fired_key(const TimerRecord& t) {
    if (t.fired_group == 0)
        return {std::numeric_limits<std::uint64_t>::max(), 0};
    return {t.fired_group, t.fired_rank};
}

std::string describe_one(TimerNumber j, const std::vector<TimerRecord>& timers, const Namer& name) {
    const TimerRecord& t = timers[j - 1];
    const bool earlier = t.when < t.default_when;
    // The timer it overtook (earlier) or that overtook it (later), nearest in firing order;
    // else one it now fires together with, though by default it would not.
    TimerNumber passed = 0, together = 0;
    for (TimerNumber k = 1; k <= timers.size(); ++k) {
        const TimerRecord& o = timers[k - 1];
        if (k == j || o.immediate || (o.fired_group == 0 && t.fired_group == 0))
            continue;
        const bool same_group = o.fired_group == t.fired_group;
        if (earlier) {
            if (fired_key(o) > fired_key(t) && !same_group && o.default_when <= t.default_when &&
                (!passed || fired_key(o) < fired_key(timers[passed - 1])))
                passed = k;
            if (same_group && o.default_when < t.default_when && !together)
                together = k;
        } else {
            if (fired_key(o) < fired_key(t) && !same_group && o.default_when >= t.default_when &&
                (!passed || fired_key(o) > fired_key(timers[passed - 1])))
                passed = k;
            if (same_group && o.default_when > t.default_when && !together)
                together = k;
        }
    }
    if (passed)
        return name(j) + (earlier ? " ends before " : " ends after ") + name(passed);
    if (together)
        return name(j) + " ends together with " + name(together);
    return name(j) + " ends " + (earlier ? "earlier" : "later") + " (after " +
           py_float(t.when - t.created) + " s)";
}

} // namespace

ScheduleWords describe_schedule(const Lesson& lesson, const Schedule& schedule,
                                const RunOptions& options) {
    ScheduleWords words;
    TimerLocator locator;
    ScheduleStrategy strategy(schedule);
    RunOptions o = options;
    o.extra_observer = &locator;
    words.run = run_schedule(lesson, schedule, o, &strategy);
    const std::vector<TimerRecord>& timers = strategy.timers();
    Namer name{timers, locator};
    for (const auto& [number, duration] : schedule.durations) {
        if (number > timers.size() || timers[number - 1].immediate)
            continue; // the run never made it (or made it due at once): nothing changed
        words.deviations.push_back(describe_one(number, timers, name));
    }
    for (std::size_t i = 0; i < words.deviations.size(); ++i)
        words.sentence += (i ? ", and " : "") + words.deviations[i];
    if (words.deviations.empty())
        words.sentence = "CPython's own schedule";
    words.sentence += std::string(" → ") + outcome_name(words.run.outcome);
    for (TimerNumber n = 1; n <= timers.size(); ++n)
        words.timer_names.push_back(name(n));
    words.timers = timers;
    words.choices = strategy.choices();
    return words;
}

} // namespace condlab::lesson
