// Deadline marks (Lane::deadlines): where a Timeout / WaitFor timer's deadline sits on the
// arming task's lane, from the moment it was armed, whether it fired or not; deadline_tick's
// placement of a time between steps; hit testing of a deadline's tick. Lessons 19 and 18 are
// real runs; deadline_tick is checked on a hand-made trace.
#include <gtest/gtest.h>

#include "app/timeline_layout.h"
#include "lesson/runner.h"

#include <cmath>
#include <fstream>
#include <string>

using namespace condlab;
using namespace condlab::app;

namespace {

lesson::RunResult run_lesson(const std::string& name, const lesson::Overrides& o = {}) {
    return lesson::run(lesson::load_lesson(std::string(CONDLAB_SOURCE_DIR) + "/lessons/" + name),
                       o);
}

const Lane* lane_named(const TimelineLayout& l, const std::string& name) {
    for (const Lane& ln : l.lanes)
        if (ln.name == name)
            return &ln;
    ADD_FAILURE() << "no lane " << name;
    return nullptr;
}

double time_at(const Trace& t, double tick) { return t.point(static_cast<Tick>(tick)).time; }

/// Steps at t = 0, 0, 1, 3 (nothing else: deadline_tick reads only the steps).
Trace steps_at(std::initializer_list<double> times) {
    TraceData d;
    for (double t : times) {
        Step s;
        s.time = t;
        d.steps.push_back(s);
    }
    d.run.finish_time = d.steps.back().time;
    return Trace(std::move(d));
}

} // namespace

TEST(DeadlineMarks, DeadlineTickPlacesATimeBetweenSteps) {
    const Trace t = steps_at({0.0, 0.0, 1.0, 3.0});
    EXPECT_DOUBLE_EQ(deadline_tick(t, 0.0), 0.0);               // the first step at that time
    EXPECT_DOUBLE_EQ(deadline_tick(t, 1.0), tick_begin(2));     // exactly at step 2
    EXPECT_DOUBLE_EQ(deadline_tick(t, 0.5), tick_end(1) + 0.5); // halfway from step 1 to 2
    EXPECT_DOUBLE_EQ(deadline_tick(t, 2.5), tick_end(2) + 0.75);
    EXPECT_DOUBLE_EQ(deadline_tick(t, 3.0), tick_begin(3));
    EXPECT_DOUBLE_EQ(deadline_tick(t, 7.0), t.end_tick()); // after the run: at its end
}

TEST(DeadlineMarks, AFiredWaitForDeadlineIsOnTheWaitersLaneFromWhereItWasArmed) {
    // Lesson 19's default: the waiter's wait_for(cond.wait(), TIMEOUT=2) times out at t=2.
    const lesson::RunResult r = run_lesson("19_timeouts.py");
    ASSERT_TRUE(r.trace);
    const Trace& t = *r.trace;
    const TimelineLayout l = build_layout(t);
    const Lane* waiter = lane_named(l, "waiter");
    ASSERT_NE(waiter, nullptr);
    ASSERT_EQ(waiter->deadlines.size(), 1U);
    const DeadlineMark& d = waiter->deadlines[0];
    const TimerRecord& timer = t.timers()[d.timer];
    EXPECT_EQ(timer.kind, TimerKind::WaitFor);
    EXPECT_EQ(t.task_name(timer.task), "waiter");
    EXPECT_DOUBLE_EQ(timer.when, 2.0);
    EXPECT_TRUE(d.reached);
    EXPECT_FALSE(d.past_end);
    EXPECT_DOUBLE_EQ(time_at(t, d.armed_tick), 0.0);
    EXPECT_DOUBLE_EQ(time_at(t, d.tick), 2.0);
    EXPECT_EQ(d.ended_tick, d.tick);
    // The line that armed it: the program's `await asyncio.wait_for(cond.wait(), TIMEOUT)`
    // (its last occurrence: the docstring quotes it first).
    std::ifstream in(std::string(CONDLAB_SOURCE_DIR) + "/lessons/19_timeouts.py");
    std::uint32_t n = 0, wait_for_line = 0;
    for (std::string text; std::getline(in, text);)
        if (++n; text.find("await asyncio.wait_for(cond.wait(), TIMEOUT)") != std::string::npos)
            wait_for_line = n;
    EXPECT_EQ(t.line(timer.where), wait_for_line);
    // It sits where the hourglass (the fired deadline marker) is.
    bool hourglass = false;
    for (const Marker& m : waiter->markers)
        hourglass = hourglass || (m.kind == EventMarkerKind::Deadline && m.tick == d.tick);
    EXPECT_TRUE(hourglass);
    // Sleeps have no deadline marks: the hog's and the notifier's lanes have none.
    for (const char* name : {"hog", "notifier", "main"})
        if (const Lane* ln = lane_named(l, name))
            EXPECT_TRUE(ln->deadlines.empty()) << name;
}

TEST(DeadlineMarks, ANotifiedWaitLeavesItsDeadlineNotReached) {
    // NOTIFY_AT=1 < TIMEOUT=2: the notify wins at t=1, wait_for cancels its timer.
    const lesson::RunResult r = run_lesson("19_timeouts.py", {{"NOTIFY_AT", "1.0"}});
    ASSERT_TRUE(r.trace);
    const Trace& t = *r.trace;
    const TimelineLayout l = build_layout(t);
    const Lane* waiter = lane_named(l, "waiter");
    ASSERT_NE(waiter, nullptr);
    ASSERT_EQ(waiter->deadlines.size(), 1U);
    const DeadlineMark& d = waiter->deadlines[0];
    EXPECT_EQ(t.timers()[d.timer].end, TimerEnd::Cancelled);
    EXPECT_FALSE(d.reached);
    EXPECT_DOUBLE_EQ(time_at(t, d.ended_tick), 1.0); // where the wait ended
    EXPECT_LT(d.armed_tick, d.ended_tick);
    EXPECT_LT(d.ended_tick, d.tick);
    // The deadline (t=2) lies between the steps before and after t=2, none of them at it.
    const double dl = deadline_tick(t, 2.0);
    EXPECT_DOUBLE_EQ(d.tick, dl);
    EXPECT_LT(time_at(t, std::floor(dl)), 2.0);
    EXPECT_GT(t.point(static_cast<Tick>(std::ceil(dl))).time, 2.0);

    // Hit testing: the deadline's tick is found within the marker radius.
    const TimelineAxis axis(t, AxisMode::Iteration);
    TimelineView view;
    view.fit(axis.total_units(), 800.0);
    const int lane = l.lane_of_task(waiter->task);
    const float y = waiter->y + waiter->h * 0.5f;
    const double x = view.to_x(axis.tick_to_unit(d.tick));
    const Hit h = hit_test(t, l, axis, view, x + 2.0, y, 4.0);
    EXPECT_EQ(h.lane, lane);
    EXPECT_FALSE(h.marker.has_value());
    ASSERT_TRUE(h.deadline.has_value());
    EXPECT_EQ(*h.deadline, 0U);
    const Hit away = hit_test(t, l, axis, view, x + 30.0, y, 4.0);
    EXPECT_FALSE(away.deadline.has_value());
}

TEST(DeadlineMarks, LessonEighteensTimeoutIsMarkedOnTheWaiter) {
    const lesson::RunResult r = run_lesson("18_timeout_is_a_cancellation.py");
    ASSERT_TRUE(r.trace);
    const Trace& t = *r.trace;
    const TimelineLayout l = build_layout(t);
    std::size_t marks = 0;
    for (const Lane& ln : l.lanes) {
        for (const DeadlineMark& d : ln.deadlines) {
            ++marks;
            const TimerRecord& timer = t.timers()[d.timer];
            EXPECT_EQ(timer.task, ln.task);
            EXPECT_TRUE(timer.kind == TimerKind::WaitFor || timer.kind == TimerKind::Timeout);
            EXPECT_LE(d.armed_tick, d.tick);
            EXPECT_LE(d.ended_tick, d.tick);
            if (d.reached)
                EXPECT_DOUBLE_EQ(time_at(t, d.tick), timer.when);
        }
    }
    EXPECT_GE(marks, 1U);
}
