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
#include "lesson/explore.h"

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
    std::string name;          // "consumer's `sleep(1.0)` at line 66"
};

class EventLoopSession {
  public:
    /// Starts at CPython's schedule, no decision made (one quiet run).
    EventLoopSession(const Lesson& lesson, Overrides overrides);

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
    void record();

    const Lesson& m_lesson;
    std::vector<Schedule> m_history; // one per decision made, plus the start
    ScheduleWords m_run;             // the current schedule's recorded run
};

} // namespace condlab::lesson
