#pragma once
// "You are the event loop" (docs/timing-model.md): the learner decides, at each choice point
// of a program's run (the ready queue is empty; the loop would advance the clock), which
// pending timer fires next, or lets CPython's order decide. Each decision is a schedule
// (concrete durations, replayable under CPython); the program re-runs from the start with
// it, so the run up to the next choice point is exactly what asyncio would do.
//
// Picking a timer CPython would not fire next moves its deadline halfway between the clock
// and CPython's next deadline: it fires alone, first (explore.cpp's "early" deviation).
// Picking "together with CPython's next" gives it the deadline of CPython's next group: it
// fires in the same loop iteration. Earlier choice points are unchanged: the new deadlines
// lie after their clocks.
//
// "Cancel now" (cancel()) forks the run with a task.cancel() delivered by a timer at a time
// of this choice point (explore_schedule.h CancelAt), which the reference harness replays.
#include "lesson/explore.h"

#include <future>
#include <string>
#include <vector>

namespace condlab::lesson {

/// A timer that could fire next at a choice point.
struct TimerOption {
    TimerNumber number = 0;
    TaskId task = kNoTask;
    double created = 0;
    double when = 0;           // its deadline in the current schedule
    bool cpython_next = false; // in the group CPython fires next
    bool tied = false;         // ...which has two or more timers (it can be made late)
    std::string name;          // "consumer's `sleep(1.0)` at line 66"
};

class EventLoopSession {
  public:
    /// Starts at CPython's schedule, no decision made. `background`: every run a decision
    /// needs (the first one too) is made on a thread of its own: busy() until poll() takes
    /// it in, and decisions are refused meanwhile (the window's UI thread never runs the
    /// program). Otherwise each decision runs the program before it returns.
    EventLoopSession(const Lesson& lesson, Overrides overrides, bool background = false);
    ~EventLoopSession();
    EventLoopSession(const EventLoopSession&) = delete;
    EventLoopSession& operator=(const EventLoopSession&) = delete;

    /// A decision's run is being made (background sessions).
    [[nodiscard]] bool busy() const { return m_pending.valid(); }
    /// Takes the pending run in when it is done; true when one came in.
    bool poll();
    /// Waits for the pending run and takes it in.
    void wait();

    /// The choice point the learner decides now (0-based), and how many the run has.
    [[nodiscard]] std::size_t point() const { return m_history.size() - 1; }
    [[nodiscard]] std::size_t points() const { return m_run.choices.size(); }
    /// Every choice point decided: the run is over.
    [[nodiscard]] bool finished() const { return point() >= points(); }
    /// The clock at the current choice point, and the timers that could fire.
    [[nodiscard]] double now() const;
    [[nodiscard]] std::vector<TimerOption> options() const;

    /// `number` fires next (re-runs). False when it is not pending here.
    bool fire(TimerNumber number);
    /// `number` fires together with the group CPython fires next (its deadline becomes the
    /// group's). False when it is in that group already or not pending here.
    bool fire_with_next(TimerNumber number);
    /// `number`, a member of the group of ties CPython fires next, fires after that group,
    /// in a later iteration (its deadline halfway to the next one: the explorer's "late"
    /// deviation). False when it is not in a group of two or more, or no deadline fits.
    bool fire_late(TimerNumber number);
    /// "Cancel now": `task.cancel()` of task `task` (its number: creation order) delivered
    /// at this choice point, as a task that slept until then would: alone before anything
    /// else fires (`with_next` false: at the clock halfway to CPython's next deadline), or in
    /// the same iteration as CPython's next group (at its deadline). When no such time lies
    /// after the clock, it is delivered here with the clock unchanged: a what-if CPython
    /// cannot replay (schedule().reproducible() is false). False when the run is over.
    bool cancel(TaskId task, bool with_next);
    /// CPython's order decides this choice point.
    void let_cpython_decide();
    /// Undoes the last decision. False at the first choice point.
    bool back();

    /// The schedule so far (what the player shows), and its run's outcome.
    [[nodiscard]] const Schedule& schedule() const { return m_history.back(); }
    [[nodiscard]] Outcome outcome() const { return m_run.run.outcome; }
    /// The deviations so far in words, "… → deadlock".
    [[nodiscard]] const std::string& sentence() const { return m_run.sentence; }
    /// The lesson's event-loop goals the finished run reaches (indices into schedule_goals).
    [[nodiscard]] std::vector<std::size_t> goals_reached() const;

  private:
    /// Makes `history` the session's once its last schedule has run.
    bool adopt(std::vector<Schedule> history);
    /// Adopts a new decision's schedule (one more choice point decided).
    bool decide(Schedule next);

    const Lesson& m_lesson;
    bool m_background = false;
    std::vector<Schedule> m_history; // one per decision made, plus the start
    ScheduleWords m_run;             // the current schedule's recorded run
    std::future<ScheduleWords> m_pending;
    std::vector<Schedule> m_pending_history;
};

} // namespace condlab::lesson
