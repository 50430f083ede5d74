// A/B comparison (compare.h): metrics of known lessons against hand-computed values, the
// table's "differs" flags, and the first divergence point.
#include "lesson/compare.h"

#include "lesson_test_support.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

namespace condlab::lesson {
namespace {

Lesson shipped(const char* file) { return load_lesson(testing::source_dir() / "lessons" / file); }

const CompareRow& row(const CompareResult& c, std::string_view name) {
    for (const CompareRow& r : c.rows)
        if (r.name == name)
            return r;
    throw std::runtime_error("no row " + std::string(name));
}

// Lesson 18, 6 waiters, one item per notify. notify_all wakes every waiter each time:
// 6 + 5 + 4 + 3 + 2 + 1 = 21 wake-ups, of which 21 - 6 = 15 find no item (wasted).
// notify wakes exactly one waiter per item: 6 wake-ups, none wasted.
TEST(Compare, ThunderingHerdWakeupsAreHandComputed) {
    Lesson l = shipped("12_thundering_herd.py");
    CompareResult c =
        compare_runs(l, preset_overrides(l, "notify-all"), preset_overrides(l, "notify"));
    EXPECT_EQ(c.a.outcome, Outcome::Complete);
    EXPECT_EQ(c.b.outcome, Outcome::Complete);
    EXPECT_EQ(row(c, "wakeups").a_value, 21);
    EXPECT_EQ(row(c, "wakeups").b_value, 6);
    EXPECT_EQ(row(c, "wasted_wakeups").a_value, 15);
    EXPECT_EQ(row(c, "wasted_wakeups").b_value, 0);
    EXPECT_TRUE(row(c, "wakeups").differs);
    EXPECT_TRUE(row(c, "wasted_wakeups").differs);
    EXPECT_FALSE(row(c, "outcome").differs);
    // The program prints its own count; the trace agrees with it.
    EXPECT_NE(c.a.stdout_text.find("21 wake-ups for 6 items"), std::string::npos);
    EXPECT_NE(c.b.stdout_text.find("6 wake-ups for 6 items"), std::string::npos);
    // finish times from the lesson's own expectations (7.8 s vs 6.3 s)
    EXPECT_NEAR(row(c, "finish_time").a_value, 7.8, 1e-9);
    EXPECT_NEAR(row(c, "finish_time").b_value, 6.3, 1e-9);
    EXPECT_TRUE(row(c, "finish_time").differs);
    EXPECT_TRUE(c.divergence.found);
}

// Lesson 07, 3 consumers, one item per notify: notify_all gives 3 + 2 + 1 = 6 wake-ups
// (3 wasted), notify 3 (0 wasted). With 2 items per notify(), notify leaves a consumer
// waiting forever: deadlock.
TEST(Compare, NotifyVersusNotifyAll) {
    Lesson l = shipped("11_notify_versus_notify_all.py");
    CompareResult c =
        compare_runs(l, preset_overrides(l, "notify"), preset_overrides(l, "notify-all"));
    EXPECT_EQ(row(c, "wakeups").a, "3");
    EXPECT_EQ(row(c, "wakeups").b, "6");
    // The program counts 3 wasted wake-ups itself. The trace analysis does not: its
    // WastedWakeup rule treats the consumer's print ("woken for nothing") as work done
    // between the wake-up and the next wait (analysis.cpp, Output erases the wake track), so
    // the metric is 0 for this lesson; lesson 12 (no print in between) checks the metric.
    EXPECT_NE(c.b.stdout_text.find("wasted wake-ups: 3"), std::string::npos);
    EXPECT_EQ(row(c, "wasted_wakeups").a, "0");
    EXPECT_EQ(row(c, "lost_notifies").a_value, row(c, "lost_notifies").b_value);
    EXPECT_FALSE(row(c, "lost_notifies").differs);

    CompareResult d = compare_runs(l, preset_overrides(l, "notify-batch-2"),
                                   preset_overrides(l, "notify-all-batch-2"));
    EXPECT_EQ(row(d, "outcome").a, "deadlock");
    EXPECT_EQ(row(d, "outcome").b, "complete");
    EXPECT_TRUE(row(d, "outcome").differs);
}

TEST(Compare, RowsInOrderAndTable) {
    Lesson l = shipped("05_lost_wakeup.py");
    CompareResult c = compare_runs(l, preset_overrides(l, "consumer-first"),
                                   preset_overrides(l, "producer-first"));
    std::vector<std::string> names;
    for (const CompareRow& r : c.rows)
        names.push_back(r.name);
    EXPECT_EQ(names, (std::vector<std::string>{"outcome", "finish_time", "iterations", "wakeups",
                                               "wasted_wakeups", "lost_notifies", "lock_wait_time",
                                               "max_waiters"}));
    EXPECT_EQ(row(c, "outcome").a, "complete");
    EXPECT_EQ(row(c, "outcome").b, "deadlock");
    EXPECT_EQ(row(c, "lost_notifies").a, "0");
    EXPECT_EQ(row(c, "lost_notifies").b, "1");
    EXPECT_EQ(row(c, "wakeups").a, "1");
    EXPECT_EQ(row(c, "wakeups").b, "0");
    EXPECT_EQ(row(c, "max_waiters").a, "1");
    EXPECT_EQ(row(c, "max_waiters").b, "1");
    EXPECT_FALSE(row(c, "max_waiters").differs);
    std::string table = format_compare_table(c);
    EXPECT_NE(table.find("* outcome"), std::string::npos) << table;
    EXPECT_NE(table.find("* lost notifies"), std::string::npos) << table;
    EXPECT_NE(table.find("  max waiters"), std::string::npos) << table;
    EXPECT_NE(table.find("first divergence: step"), std::string::npos) << table;
}

TEST(Compare, UnknownPreset) {
    Lesson l = shipped("05_lost_wakeup.py");
    try {
        (void)preset_overrides(l, "nope");
        FAIL();
    } catch (const ParameterError& e) {
        EXPECT_EQ(std::string(e.what()),
                  "unknown preset 'nope' (known: consumer-first, producer-first)");
    }
}

constexpr const char* kTwoSleepers = R"(import asyncio

D = 1.0


async def a():
    await asyncio.sleep(D)
    print("a")


async def b():
    await asyncio.sleep(1.5)
    print("b")


async def main():
    ta = asyncio.create_task(a(), name="a")
    tb = asyncio.create_task(b(), name="b")
    await ta
    await tb


asyncio.run(main())
)";

// Same program, D = 1.0 vs D = 2.0: everything is identical until the first timer fires
// (t=1 in A: a wakes; t=1.5 in B: b wakes first).
TEST(Divergence, FirstDifferingStep) {
    Lesson l = parse_lesson_source(kTwoSleepers, "two.py");
    CompareResult c = compare_runs(l, {{"D", "1.0"}}, {{"D", "2.0"}});
    ASSERT_TRUE(c.a.trace && c.b.trace);
    const Divergence& d = c.divergence;
    ASSERT_TRUE(d.found);
    EXPECT_EQ(d.time_a, 1.0);
    EXPECT_EQ(d.time_b, 1.5);
    EXPECT_EQ(d.step_a, d.step_b); // same prefix, same number of steps before it
    // Every step before the divergence happened before the first wake-up.
    for (StepId s = 0; s < d.step_a; ++s) {
        EXPECT_LE(c.a.trace->steps()[s].time, 1.0);
        EXPECT_LE(c.b.trace->steps()[s].time, 1.5);
    }
    auto sa = divergence_sequence(*c.a.trace);
    auto sb = divergence_sequence(*c.b.trace);
    for (std::size_t i = 0; i < d.event_index; ++i)
        EXPECT_EQ(sa[i].first, sb[i].first);
    EXPECT_FALSE(sa[d.event_index].first == sb[d.event_index].first);
    // Steps as the window shows them: StepId s is "step s+1" (the transport's "step k of N").
    EXPECT_NE(d.describe().find("first divergence: step " + std::to_string(d.step_a + 1) +
                                " in A (t=1: "),
              std::string::npos)
        << d.describe();
    EXPECT_NE(d.describe().find(", step " + std::to_string(d.step_b + 1) + " in B (t=1.5: "),
              std::string::npos)
        << d.describe();
    // The first difference names task a in A and task b in B.
    std::string a_task = sa[d.event_index].first.task, b_task = sb[d.event_index].first.task;
    if (!a_task.empty() || !b_task.empty()) {
        EXPECT_TRUE(a_task == "a" || a_task.empty()) << d.a_what;
        EXPECT_TRUE(b_task == "b" || b_task.empty()) << d.b_what;
    }
}

TEST(Divergence, IdenticalRunsDoNotDiverge) {
    Lesson l = parse_lesson_source(kTwoSleepers, "two.py");
    CompareResult c = compare_runs(l, {{"D", "1.0"}}, {{"D", "1.0"}});
    EXPECT_FALSE(c.divergence.found);
    for (const CompareRow& r : c.rows)
        EXPECT_FALSE(r.differs) << r.name;
    EXPECT_FALSE(c.any_difference());
}

// One run a strict prefix of the other: the divergence is the end of the shorter one.
TEST(Divergence, PrefixEndsAtTheShorterRun) {
    Lesson l =
        parse_lesson_source("import asyncio\nN = 1\n\nasync def main():\n    for i in range(N):\n"
                            "        await asyncio.sleep(1)\n\nasyncio.run(main())\n",
                            "loop.py");
    CompareResult c = compare_runs(l, {{"N", "1"}}, {{"N", "2"}});
    ASSERT_TRUE(c.divergence.found);
    EXPECT_EQ(c.divergence.time_a, 1.0);
    EXPECT_EQ(c.divergence.time_b, 1.0);
    EXPECT_EQ(row(c, "finish_time").a, "1");
    EXPECT_EQ(row(c, "finish_time").b, "2");
}

// Steps in the divergence text count from 1 (as the window's transport shows them); a run
// that ended has no step there: "the end of A", not a step past its last one.
TEST(Divergence, DescribeCountsStepsFromOne) {
    Divergence d;
    d.found = true;
    d.step_a = 7;
    d.step_b = 8;
    d.time_a = 1.0;
    d.time_b = 1.5;
    d.a_what = "task a ends";
    d.b_what = "b at line 9";
    EXPECT_EQ(d.describe(), "first divergence: step 8 in A (t=1: task a ends), step 9 in B "
                            "(t=1.5: b at line 9)");
    d.a_what = "(end of run)"; // find_divergence: A ended (step_a == A's step count)
    EXPECT_EQ(d.describe(),
              "first divergence: the end of A (t=1), step 9 in B (t=1.5: b at line 9)");
}

// The divergence in a learner's words: one wording table (DivergenceKey::describe) for the
// window and `condlab compare`, no raw event ids such as timer_armed or task_created.
TEST(Divergence, DescribesEventsInWords) {
    auto key = [](std::string task, EventKind kind, std::string object = {}, std::uint32_t line = 0,
                  PrimitiveOp op = PrimitiveOp::LockAcquireFast) {
        DivergenceKey k;
        k.task = std::move(task);
        k.kind = kind;
        k.object = std::move(object);
        k.line = line;
        k.op = op;
        return k.describe();
    };
    EXPECT_EQ(key("b", EventKind::TimerArmed), "b arms a timer");
    EXPECT_EQ(key("", EventKind::TimerArmed), "a callback arms a timer");
    EXPECT_EQ(key("c0", EventKind::TaskCreated), "task c0 is created");
    EXPECT_EQ(key("c0", EventKind::TaskDone), "task c0 ends");
    EXPECT_EQ(key("", EventKind::TimerFired), "a timer fires");
    EXPECT_EQ(key("w1", EventKind::CancelRequested), "task w1 is asked to cancel");
    EXPECT_EQ(key("main", EventKind::ObjectCreated, "cond"), "main creates cond");
    EXPECT_EQ(key("c0", EventKind::Exception, "IndexError", 12), "c0 raises IndexError (line 12)");
    EXPECT_EQ(key("producer", EventKind::Line, "", 72), "producer at line 72");
    EXPECT_EQ(key("producer", EventKind::Primitive, "cond", 62, PrimitiveOp::ConditionNotify),
              "producer notifies cond (line 62)");
    EXPECT_EQ(key("p", EventKind::Primitive, "cond", 0, PrimitiveOp::ConditionNotifyAll),
              "p notifies every waiter of cond");
    EXPECT_EQ(key("c1", EventKind::Primitive, "cond's lock", 0, PrimitiveOp::LockAcquireQueued),
              "c1 waits for cond's lock");
    EXPECT_EQ(key("w", EventKind::Primitive, "q", 0, PrimitiveOp::QueueTaskDone),
              "w marks an item of q done");
    // Every shipped lesson's first two presets: the divergence names no raw event id.
    for (const auto& entry :
         std::filesystem::directory_iterator(testing::source_dir() / "lessons")) {
        if (entry.path().extension() != ".py")
            continue;
        const Lesson l = load_lesson(entry.path());
        if (l.presets.size() < 2)
            continue;
        const CompareResult c = compare_runs(l, l.presets[0].overrides, l.presets[1].overrides);
        const std::string text = c.divergence.describe();
        for (const char* raw :
             {"task_created", "timer_armed", "timer_fired", "task_done", "cancel_requested",
              "object_created", "notify_all", "(queued)", "reacquire", "loop "})
            EXPECT_EQ(text.find(raw), std::string::npos) << entry.path().filename() << ": " << text;
    }
}

TEST(Compare, FormatMetric) {
    EXPECT_EQ(format_metric(3), "3");
    EXPECT_EQ(format_metric(0.5), "0.5");
    EXPECT_EQ(format_metric(7.8), "7.8");
    EXPECT_EQ(format_metric(std::nan("")), "-");
    EXPECT_EQ(metric_title("wasted_wakeups"), "wasted wake-ups");
    EXPECT_EQ(metric_title("steps"), "steps");
}

} // namespace
} // namespace condlab::lesson
