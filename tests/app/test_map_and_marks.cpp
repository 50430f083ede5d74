// The outcome map sweeps choice and bool parameters (one cell per value), its default cells
// lie on the slider's step grid, and it knows the current setting's cell; the timeline marks
// a requested cancel (lesson 20) and a fired deadline (lesson 19). Real lessons, real runs.
#include <gtest/gtest.h>

#include "app/outcome_map_view.h"
#include "app/timeline_layout.h"
#include "lesson/runner.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <set>

using namespace condlab;
using namespace condlab::app;

namespace {

lesson::Lesson lesson_file(const std::string& name) {
    return lesson::load_lesson(std::string(CONDLAB_SOURCE_DIR) + "/lessons/" + name);
}

int index_of(const std::vector<const lesson::Param*>& ps, const std::string& name) {
    for (std::size_t i = 0; i < ps.size(); ++i)
        if (ps[i]->name == name)
            return static_cast<int>(i);
    return -1;
}

std::size_t count_marks(const TimelineLayout& l, EventMarkerKind kind, const std::string& lane) {
    std::size_t n = 0;
    for (const Lane& ln : l.lanes) {
        if (ln.name == lane) {
            n += static_cast<std::size_t>(
                std::count_if(ln.markers.begin(), ln.markers.end(),
                              [&](const Marker& m) { return m.kind == kind; }));
        }
    }
    return n;
}

} // namespace

TEST(OutcomeMap, ChoiceParameterSweepsOneCellPerValue) {
    const lesson::Lesson l = lesson_file("14_wrong_waiter.py");
    OutcomeMapState s;
    map_set_lesson(s, l, {});
    const auto params = map_params(l);
    const int design = index_of(params, "DESIGN");
    const int pairs = index_of(params, "PAIRS");
    ASSERT_GE(design, 0) << "a choice parameter can be mapped";
    ASSERT_GE(pairs, 0);
    s.x.param = pairs;
    s.x.lo = 1;
    s.x.hi = 3;
    s.x.n = 3;
    s.y.param = design;
    const auto spec = map_spec(s);
    ASSERT_TRUE(spec.has_value());
    ASSERT_TRUE(spec->y.has_value());
    EXPECT_EQ(spec->y->n, 3);
    EXPECT_EQ(spec->y->value_text(0), "'notify'");
    EXPECT_EQ(spec->y->value_text(1), "'notify_2'");
    EXPECT_EQ(spec->y->value_text(2), "'two_conditions'");
    map_compute(s);
    s.sweep.wait();
    map_poll(s);
    ASSERT_EQ(s.shown.cells.size(), 9U);
    std::set<lesson::Outcome> outcomes;
    for (const lesson::SweepCell& c : s.shown.cells) {
        EXPECT_TRUE(c.done);
        outcomes.insert(c.outcome);
    }
    // Lesson 14: `notify` deadlocks from two pairs on, `notify_2` at three, two conditions never.
    EXPECT_GE(outcomes.size(), 2U);
    // The current setting (the file's values: PAIRS = 2, DESIGN = "notify") is cell (1, 0).
    EXPECT_EQ(current_index(s, spec->x), 1);
    EXPECT_EQ(current_index(s, *spec->y), 0);
    lesson::set_override(s.base, "DESIGN", "'two_conditions'");
    EXPECT_EQ(current_index(s, *spec->y), 2);
}

TEST(OutcomeMap, BoolParameterIsSweepable) {
    // No shipped lesson has a bool switch any more (issue 24: no fix one click away).
    const lesson::Lesson l = lesson::parse_lesson_source(
        "import asyncio\n\nLOCKED = False  # param: bool | Producer holds the lock\n\n"
        "async def main():\n    pass\n\nasyncio.run(main())\n",
        "bool_switch.py");
    const auto params = map_params(l);
    const int locked = index_of(params, "LOCKED");
    ASSERT_GE(locked, 0);
    EXPECT_EQ(param_values(*params[static_cast<std::size_t>(locked)]),
              (std::vector<std::string>{"False", "True"}));
}

TEST(OutcomeMap, DefaultCellsLieOnTheSliderStepGrid) {
    const lesson::Lesson l = lesson_file("05_lost_wakeup.py"); // 0..5 step 0.5
    const lesson::Param* p = l.find_literal("PRODUCER_DELAY");
    ASSERT_NE(p, nullptr);
    float hi = 5.0f;
    EXPECT_EQ(default_cells(*p, 0.0f, hi), 11);
    EXPECT_FLOAT_EQ(hi, 5.0f);
    OutcomeMapState s;
    map_set_lesson(s, l, {});
    const auto spec = map_spec(s);
    ASSERT_TRUE(spec.has_value());
    for (int i = 0; i < spec->x.n; ++i) {
        const double v = spec->x.value(i) / 0.5;
        EXPECT_NEAR(v, std::round(v), 1e-9) << "cell " << i << " is off the step grid";
    }
}

TEST(TimelineMarks, CancelRequestedIsMarkedOnTheCancelledTask) {
    const lesson::RunResult r = lesson::run(lesson_file("20_cancellation_during_wait.py"));
    ASSERT_TRUE(r.trace);
    const TimelineLayout l = build_layout(*r.trace);
    EXPECT_EQ(count_marks(l, EventMarkerKind::CancelRequested, "w1"), 1U);
    EXPECT_EQ(count_marks(l, EventMarkerKind::CancelRequested, "w2"), 0U);
}

TEST(TimelineMarks, FiredDeadlineSpansTheWaitItEnded) {
    const lesson::RunResult r = lesson::run(lesson_file("19_timeouts.py"));
    ASSERT_TRUE(r.trace);
    const TimelineLayout l = build_layout(*r.trace);
    ASSERT_EQ(count_marks(l, EventMarkerKind::Deadline, "waiter"), 1U);
    for (const Lane& ln : l.lanes) {
        for (const Marker& m : ln.markers) {
            if (m.kind == EventMarkerKind::Deadline) {
                ASSERT_GE(m.since, 0.0);
                // The waiter began waiting at t = 0 and the timeout (TIMEOUT = 2.0) fired at 2.
                EXPECT_DOUBLE_EQ(r.trace->point(static_cast<Tick>(m.since)).time, 0.0);
                EXPECT_DOUBLE_EQ(r.trace->point(static_cast<Tick>(m.tick)).time, 2.0);
            }
        }
    }
    // Sleeps end by their timer too, but they are no deadline.
    EXPECT_EQ(count_marks(l, EventMarkerKind::Deadline, "hog"), 0U);
    EXPECT_EQ(count_marks(l, EventMarkerKind::Deadline, "notifier"), 0U);
}

TEST(ReadableAxis, EveryStepIsAtLeastSixPixelsAtFitZoomInEveryLesson) {
    // The 6 px rule at the width the timeline has in a 1280x800 window (about 650 px).
    const double lanes_width = 650.0;
    int switched = 0;
    for (const auto& entry : std::filesystem::directory_iterator(CONDLAB_SOURCE_DIR "/lessons")) {
        if (entry.path().extension() != ".py")
            continue;
        const lesson::RunResult r = lesson::run(lesson::load_lesson(entry.path()));
        ASSERT_TRUE(r.trace) << entry.path();
        const AxisMode m = readable_axis(*r.trace, AxisMode::Hybrid, lanes_width);
        const TimelineAxis axis(*r.trace, m);
        const double px = narrowest_step_units(axis) * lanes_width / axis.total_units();
        const TimelineAxis iteration(*r.trace, AxisMode::Iteration);
        const double best = narrowest_step_units(iteration) * lanes_width / iteration.total_units();
        // Either the rule's axis gives 6 px, or no axis could (then it is the widest one).
        EXPECT_TRUE(px >= 6.0 || px >= best - 1e-9)
            << entry.path().filename() << ": " << px << " px on " << axis_mode_name(m);
        switched += m != AxisMode::Hybrid ? 1 : 0;
    }
    std::printf("lessons whose fit view switches from hybrid to iteration: %d\n", switched);
}

TEST(ReadableAxis, KeepsThePreferredAxisWhenItIsReadable) {
    const lesson::RunResult r = lesson::run(lesson_file("03_wait_and_notify.py"));
    ASSERT_TRUE(r.trace);
    // Very wide: every axis is readable, the learner's choice stays.
    EXPECT_EQ(readable_axis(*r.trace, AxisMode::Time, 1e7), AxisMode::Time);
    EXPECT_EQ(readable_axis(*r.trace, AxisMode::Hybrid, 1e7), AxisMode::Hybrid);
    // Narrow: the iteration axis has the widest steps.
    EXPECT_EQ(readable_axis(*r.trace, AxisMode::Time, 100.0), AxisMode::Iteration);
}
