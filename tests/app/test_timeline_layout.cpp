// Pure timeline layout: axis modes (tick <-> unit both ways), view zoom anchoring / pan /
// fit, lanes, segments, markers, arrows and hit testing on a recorded trace.
#include "app/timeline_layout.h"
#include "lesson/lesson.h"
#include "lesson/runner.h"
#include "timeline_test_support.h"
#include "trace/analysis.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>
#include <vector>

using namespace condlab;
using namespace condlab::app;
using namespace condlab::timeline_testing;

namespace {

StepId first_step_at_time(const Trace& t, double time) {
    for (StepId s = 0; s < t.step_count(); ++s)
        if (t.steps()[s].time >= time)
            return s;
    return kNoStep;
}

std::size_t iteration_groups_before(const Trace& t, StepId s) {
    std::set<std::uint32_t> its;
    for (StepId k = 0; k < s; ++k)
        its.insert(t.steps()[k].iteration);
    return its.size();
}

} // namespace

TEST(TimelineAxis, RoundTripsEveryTickInEveryMode) {
    const auto trace = demo_trace();
    for (AxisMode mode : {AxisMode::Iteration, AxisMode::Time, AxisMode::Hybrid}) {
        const TimelineAxis axis(*trace, mode);
        EXPECT_EQ(axis.end_tick(), trace->end_tick());
        double prev = -1.0;
        for (Tick t = 0; t <= trace->end_tick(); ++t) {
            const double u = axis.tick_to_unit(t);
            EXPECT_GT(u, prev) << axis_mode_name(mode) << " tick " << t;
            prev = u;
            EXPECT_NEAR(axis.unit_to_tick(u), t, 1e-9) << axis_mode_name(mode);
            const double half = t + 0.25;
            if (half < trace->end_tick())
                EXPECT_NEAR(axis.unit_to_tick(axis.tick_to_unit(half)), half, 1e-9);
        }
        EXPECT_DOUBLE_EQ(axis.tick_to_unit(-5.0), 0.0);
        EXPECT_DOUBLE_EQ(axis.tick_to_unit(1e9), axis.total_units());
        EXPECT_EQ(axis.step_at_unit(axis.tick_to_unit(tick_begin(3) + 0.5)), 3u);
    }
}

TEST(TimelineAxis, IterationModeGivesEachIterationOneUnit) {
    const auto trace = demo_trace();
    const TimelineAxis axis(*trace, AxisMode::Iteration);
    std::size_t groups = 0;
    for (StepId s = 0; s < trace->step_count(); ++s) {
        if (s > 0 && trace->steps()[s].iteration == trace->steps()[s - 1].iteration)
            continue;
        EXPECT_DOUBLE_EQ(axis.tick_to_unit(tick_begin(s)), static_cast<double>(groups));
        ++groups;
    }
    EXPECT_DOUBLE_EQ(axis.total_units(), static_cast<double>(groups));
}

TEST(TimelineAxis, TimeModeDrawsSleepsToScale) {
    const auto trace = demo_trace();
    const TimelineAxis axis(*trace, AxisMode::Time);
    const StepId s = first_step_at_time(*trace, 0.5);
    ASSERT_NE(s, kNoStep);
    const double fan = 1e-3 * trace->finish_time();
    const double expected = 0.5 + fan * static_cast<double>(iteration_groups_before(*trace, s));
    EXPECT_NEAR(axis.tick_to_unit(tick_begin(s)), expected, 1e-12);
}

TEST(TimelineAxis, HybridModeCompressesSleepsLogarithmically) {
    const auto trace = demo_trace();
    const TimelineAxis axis(*trace, AxisMode::Hybrid);
    const StepId s = first_step_at_time(*trace, 0.5);
    ASSERT_NE(s, kNoStep);
    const double expected =
        static_cast<double>(iteration_groups_before(*trace, s)) + 4.0 * std::log2(1.0 + 500.0);
    EXPECT_NEAR(axis.tick_to_unit(tick_begin(s)), expected, 1e-9);
}

TEST(TimelineView, ZoomKeepsTheUnitUnderTheCursor) {
    TimelineView v{12.5, 3.0};
    const double x = 317.0;
    const double u = v.to_unit(x);
    for (int i = 0; i < 60; ++i) {
        v.zoom_at(x, 1.7); // 1.7^60 ~ 7e13 times: clamped at kMaxScale, still anchored
        EXPECT_NEAR(v.to_unit(x), u, 1e-9 * std::max(1.0, std::fabs(u)));
    }
    for (int i = 0; i < 30; ++i)
        v.zoom_at(x, 0.5);
    EXPECT_NEAR(v.to_unit(x), u, 1e-9);
    EXPECT_NEAR(v.to_x(u), x, 1e-6);
}

TEST(TimelineView, PanAndFit) {
    TimelineView v{0.0, 2.0};
    const double u = v.to_unit(300.0);
    v.pan(50.0);
    EXPECT_NEAR(v.to_unit(350.0), u, 1e-12);
    v.fit(250.0, 1016.0, 8.0);
    EXPECT_NEAR(v.to_x(0.0), 8.0, 1e-9);
    EXPECT_NEAR(v.to_x(250.0), 1008.0, 1e-9);
}

TEST(TimelineLayout, LanesForTasksThenObjects) {
    const auto trace = demo_trace();
    const TimelineLayout l = build_layout(*trace);
    std::vector<std::string> names;
    std::vector<LaneKind> kinds;
    for (const Lane& lane : l.lanes) {
        names.push_back(lane.name);
        kinds.push_back(lane.kind);
    }
    ASSERT_EQ(names.size(), 5u);
    EXPECT_EQ(std::vector<std::string>(names.begin() + 1, names.end()),
              (std::vector<std::string>{"consumer", "producer", "cond", "lock"}));
    EXPECT_EQ(kinds, (std::vector<LaneKind>{LaneKind::Task, LaneKind::Task, LaneKind::Task,
                                            LaneKind::Condition, LaneKind::Lock}));
    const Lane& consumer = l.lanes[1];
    EXPECT_NEAR(consumer.blocked_time, 0.6, 1e-9);
    EXPECT_EQ(consumer.detail, "blocked 600 ms");
    EXPECT_EQ(l.lanes[2].blocked_time, 0.0);
    EXPECT_EQ(l.lanes[2].detail, ""); // the producer never waited: no "blocked 0 s"
    // Lanes stack downwards without overlap; lane_at finds them, gaps find none.
    for (std::size_t i = 0; i < l.lanes.size(); ++i) {
        EXPECT_EQ(l.lane_at(l.lanes[i].y + 1.0f), static_cast<int>(i));
        if (i > 0)
            EXPECT_GE(l.lanes[i].y, l.lanes[i - 1].y + l.lanes[i - 1].h);
    }
    EXPECT_EQ(l.lane_at(l.lanes[0].y + l.lanes[0].h + 1.0f), -1);
    EXPECT_EQ(l.lane_at(-1.0f), -1);
    EXPECT_EQ(l.lane_of_task(consumer.task), 1);
    EXPECT_EQ(l.lane_of_object(l.lanes[4].object), 4);
}

TEST(TimelineLayout, ObjectSegmentsShowHeldLockAndConditionWaiters) {
    const auto trace = demo_trace();
    const TimelineLayout l = build_layout(*trace);
    const Lane& cond = l.lanes[3];
    const Lane& lock = l.lanes[4];
    bool waiter = false;
    for (const ObjectSegment& s : cond.segments)
        waiter |= s.state == SegmentState::Waiters && s.value == 1;
    EXPECT_TRUE(waiter);
    std::set<TaskId> holders;
    for (const ObjectSegment& s : lock.segments)
        if (s.state == SegmentState::Held)
            holders.insert(s.holder);
    EXPECT_EQ(holders, (std::set<TaskId>{l.lanes[2].task})); // across the 0.1 s sleep
    EXPECT_EQ(lock.segments.front().begin, 0u);
    EXPECT_EQ(lock.segments.front().state, SegmentState::Idle);
    for (std::size_t i = 1; i < lock.segments.size(); ++i)
        EXPECT_GT(lock.segments[i].begin, lock.segments[i - 1].begin);
}

TEST(TimelineLayout, MarkersForNotifyAndPrint) {
    const auto trace = demo_trace();
    const TimelineLayout l = build_layout(*trace);
    const Lane& producer = l.lanes[2];
    std::vector<EventMarkerKind> kinds;
    for (const Marker& m : producer.markers) {
        kinds.push_back(m.kind);
        const TraceEvent& e = trace->events()[m.event];
        EXPECT_EQ(m.tick, event_tick(e.step));
        EXPECT_EQ(e.task, producer.task);
    }
    EXPECT_EQ(kinds, (std::vector{EventMarkerKind::Output, EventMarkerKind::Notify}));
    EXPECT_TRUE(l.lanes[1].markers.empty());
}

TEST(TimelineLayout, NotifyArrowGoesFromNotifierToWokenResume) {
    const auto trace = demo_trace();
    const TimelineLayout l = build_layout(*trace);
    const std::vector<Arrow> arrows =
        visible_arrows(*trace, l, 0, static_cast<StepId>(trace->step_count() - 1), 100);
    std::size_t notifies = 0;
    for (const Arrow& a : arrows) {
        const Link& link = trace->links()[a.link];
        const Lane& to = l.lanes[static_cast<std::size_t>(a.to_lane)];
        EXPECT_EQ(to.task, link.task);
        EXPECT_EQ(a.to_tick, tick_begin(link.to_step));
        EXPECT_EQ(a.from_tick, event_tick(link.from_step));
        EXPECT_EQ(trace->task_state_at(link.task, link.to_step), TaskStatus::Running);
        if (a.kind == LinkKind::Notify) {
            ++notifies;
            EXPECT_EQ(a.from_lane, 2); // producer
            EXPECT_EQ(a.to_lane, 1);   // consumer
            const Marker& m = l.lanes[2].markers.back();
            EXPECT_EQ(a.from_tick, m.tick); // the arrow leaves from the notify marker
        }
    }
    EXPECT_EQ(notifies, 1u);
    // Too dense: nothing.
    EXPECT_TRUE(
        visible_arrows(*trace, l, 0, static_cast<StepId>(trace->step_count() - 1), 0).empty());
}

TEST(TimelineLayout, HitTestFindsSpansSegmentsAndMarkers) {
    const auto trace = demo_trace();
    const TimelineLayout l = build_layout(*trace);
    const TimelineAxis axis(*trace, AxisMode::Iteration);
    TimelineView v;
    v.fit(axis.total_units(), 1000.0);
    const Lane& consumer = l.lanes[1];
    const std::vector<SpanView> spans = trace->spans(consumer.task);
    for (std::size_t i = 0; i < spans.size(); ++i) {
        const double mid = 0.5 * (spans[i].begin + spans[i].end);
        const double x = v.to_x(axis.tick_to_unit(mid));
        const Hit h = hit_test(*trace, l, axis, v, x, consumer.y + 2.0f, 0.0);
        EXPECT_EQ(h.lane, 1);
        ASSERT_TRUE(h.span.has_value());
        EXPECT_EQ(*h.span, i) << status_name(spans[i].status);
    }
    // The marker wins within its radius.
    const Lane& producer = l.lanes[2];
    const double mx = v.to_x(axis.tick_to_unit(producer.markers.back().tick));
    Hit h = hit_test(*trace, l, axis, v, mx + 2.0, producer.y + 3.0f);
    ASSERT_TRUE(h.marker.has_value());
    EXPECT_EQ(producer.markers[*h.marker].kind, EventMarkerKind::Notify);
    EXPECT_EQ(tick_step(h.tick), trace->events()[producer.markers.back().event].step);
    const double ox = v.to_x(axis.tick_to_unit(producer.markers.front().tick));
    h = hit_test(*trace, l, axis, v, ox - 1.0, producer.y + 3.0f);
    ASSERT_TRUE(h.marker.has_value());
    EXPECT_EQ(producer.markers[*h.marker].kind, EventMarkerKind::Output);
    // Object lane: the segment under x.
    const Lane& lock = l.lanes[4];
    const ObjectSegment& held = lock.segments[1];
    h = hit_test(*trace, l, axis, v, v.to_x(axis.tick_to_unit(held.begin + 0.5)), lock.y + 1.0f);
    ASSERT_TRUE(h.segment.has_value());
    EXPECT_EQ(*h.segment, 1u);
    // Outside the run / between lanes.
    EXPECT_FALSE(hit_test(*trace, l, axis, v, -50.0, consumer.y + 2.0f).span.has_value());
    EXPECT_EQ(hit_test(*trace, l, axis, v, 100.0, consumer.y + consumer.h + 1.0f).lane, -1);
}

// A deadlock: the lanes of the tasks blocked at the end (OutcomeReport::blocked) say "blocked
// forever (since t=…)" instead of "blocked 0 s", and the last span is hit past the end.
TEST(TimelineLayout, DeadlockedLanesAreBlockedForever) {
    const auto trace = deadlock_trace();
    ASSERT_EQ(trace->run().kind, OutcomeKind::Deadlock);
    const TimelineLayout l = build_layout(*trace);
    const int main_lane = l.lane_of_task(trace->tasks()[0].id);
    ASSERT_EQ(main_lane, 0);
    const Lane& main_l = l.lanes[0];
    const Lane& waiter = l.lanes[1];
    ASSERT_EQ(waiter.name, "waiter");
    EXPECT_TRUE(waiter.blocked_forever);
    EXPECT_EQ(waiter.blocked_since, 1.5);
    EXPECT_EQ(waiter.detail, "blocked forever (since t=1.5 s)");
    EXPECT_EQ(waiter.detail, lane_detail(waiter));
    EXPECT_TRUE(main_l.blocked_forever);
    EXPECT_EQ(main_l.detail, "blocked forever (since t=0 s)");
    // Past the end of the run, a lane blocked forever still hits its last span.
    const TimelineAxis axis(*trace, AxisMode::Hybrid);
    TimelineView v;
    v.fit(axis.total_units() * 1.5, 1000.0);
    const double past = v.to_x(axis.total_units()) + 100.0;
    ASSERT_LT(past, 1000.0);
    const Hit h = hit_test(*trace, l, axis, v, past, waiter.y + 2.0f);
    ASSERT_TRUE(h.span.has_value());
    EXPECT_EQ(*h.span, trace->span_count(waiter.task) - 1);
    EXPECT_EQ(trace->span(waiter.task, *h.span).status, TaskStatus::WaitingOnCondition);
    // The run's own analysis outcome is used when given (the player passes it).
    OutcomeReport o = analyze_outcome(*trace);
    ASSERT_EQ(o.blocked.size(), 2U);
    std::erase_if(o.blocked,
                  [&](const OutcomeReport::Blocked& b) { return b.task != waiter.task; });
    const TimelineLayout given = build_layout(*trace, {}, &o);
    EXPECT_FALSE(given.lanes[0].blocked_forever);
    EXPECT_TRUE(given.lanes[1].blocked_forever);
    // Lanes of a completed run are not.
    const auto done = demo_trace();
    for (const Lane& lane : build_layout(*done).lanes)
        EXPECT_FALSE(lane.blocked_forever) << lane.name;
    // Past the end, a lane of a completed run hits nothing.
    const TimelineLayout dl = build_layout(*done);
    const TimelineAxis da(*done, AxisMode::Hybrid);
    TimelineView dv;
    dv.fit(da.total_units() * 1.5, 1000.0);
    EXPECT_FALSE(
        hit_test(*done, dl, da, dv, dv.to_x(da.total_units()) + 100.0, dl.lanes[1].y + 2.0f)
            .span.has_value());
}

TEST(TimelineLayout, FormatsSeconds) {
    EXPECT_EQ(format_seconds(0.0), "0 s");
    EXPECT_EQ(format_seconds(0.25), "250 ms");
    EXPECT_EQ(format_seconds(1.5), "1.5 s");
    EXPECT_EQ(format_seconds(12e-6), "12 µs");
}

// Objects the user did not create (the barrier's condition and lock, the queue's event)
// get no lane: one object lane each, the user's.
TEST(TimelineLayout, OnlyTheUsersObjectsGetLanes) {
    const char* barrier = "import asyncio\n"
                          "async def worker(b, d):\n"
                          "    await asyncio.sleep(d)\n"
                          "    await b.wait()\n"
                          "async def main():\n"
                          "    b = asyncio.Barrier(2)\n"
                          "    await asyncio.gather(worker(b, 0), worker(b, 1))\n"
                          "asyncio.run(main())\n";
    const char* queue = "import asyncio\n"
                        "async def consumer(q):\n"
                        "    while True:\n"
                        "        await q.get()\n"
                        "        await asyncio.sleep(1)\n"
                        "        q.task_done()\n"
                        "async def main():\n"
                        "    q = asyncio.Queue()\n"
                        "    c = asyncio.create_task(consumer(q))\n"
                        "    await q.put(1)\n"
                        "    await q.join()\n"
                        "    c.cancel()\n"
                        "asyncio.run(main())\n";
    for (const auto& [source, name] : {std::pair{barrier, "b"}, std::pair{queue, "q"}}) {
        const lesson::RunResult r = lesson::run(lesson::parse_lesson_source(source, "p.py"));
        ASSERT_EQ(r.outcome, lesson::Outcome::Complete) << r.stderr_text;
        ASSERT_TRUE(r.trace);
        std::vector<std::string> objects;
        for (const Lane& lane : build_layout(*r.trace).lanes)
            if (lane.kind != LaneKind::Task)
                objects.push_back(lane.name);
        EXPECT_EQ(objects, std::vector<std::string>{name});
        EXPECT_TRUE(r.diagnostics.empty());
    }
}
