// `# expect:` lines that check the trace analysis: `metric NAME VALUE`, `finding KIND`,
// `no finding KIND` (lesson.h parse_expected, check.h): parsing, errors that name file and
// line, pass / fail with a fake run, and real runs of a tiny program (what `condlab check`
// does).
#include "lesson/check.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>

namespace condlab::lesson {
namespace {

TEST(ExpectAnalysis, ParsesMetricsAndFindings) {
    Lesson l = parse_lesson_source("N = 3  # param: 1..5 | Consumers\n"
                                   "# compare: two: N=2\n"
                                   "# expect: default -> metric wasted_wakeups 3\n"
                                   "# expect: two -> metric finish_time 2.5\n"
                                   "# expect: N=4 -> metric  task_blocked_time:c0   0\n"
                                   "# expect: default -> finding lost_notify\n"
                                   "# expect: two -> no finding   wasted_wakeup\n"
                                   "# expect: default -> complete\n",
                                   "demo.py");
    ASSERT_TRUE(l.errors.empty()) << l.errors.front();
    ASSERT_EQ(l.expectations.size(), 6u);
    const ExpectedOutcome& m = l.expectations[0].outcome;
    EXPECT_EQ(m.kind, ExpectedOutcome::Kind::Metric);
    EXPECT_EQ(m.metric, "wasted_wakeups");
    EXPECT_EQ(m.value, 3);
    EXPECT_TRUE(m.exact);
    EXPECT_FALSE(m.is_outcome());
    EXPECT_EQ(m.describe(), "metric wasted_wakeups 3");
    const ExpectedOutcome& f = l.expectations[1].outcome;
    EXPECT_EQ(f.value, 2.5);
    EXPECT_FALSE(f.exact);
    EXPECT_EQ(l.expectations[1].overrides, (Overrides{{"N", "2"}}));
    EXPECT_EQ(l.expectations[2].outcome.metric, "task_blocked_time:c0");
    EXPECT_EQ(l.expectations[2].outcome.describe(), "metric task_blocked_time:c0 0");
    EXPECT_EQ(l.expectations[3].outcome.kind, ExpectedOutcome::Kind::Finding);
    EXPECT_EQ(l.expectations[3].outcome.finding, "lost_notify");
    EXPECT_EQ(l.expectations[3].outcome.describe(), "finding lost_notify");
    EXPECT_EQ(l.expectations[4].outcome.kind, ExpectedOutcome::Kind::NoFinding);
    EXPECT_EQ(l.expectations[4].outcome.describe(), "no finding wasted_wakeup");
    EXPECT_EQ(l.expectations[4].line, 7u);
    EXPECT_TRUE(l.expectations[5].outcome.is_outcome());

    const auto kinds = finding_kind_names();
    for (const char* k : {"lost_notify", "wasted_wakeup", "wait_without_lock",
                          "notify_without_lock", "lock_held_across_sleep"})
        EXPECT_NE(std::find(kinds.begin(), kinds.end(), k), kinds.end()) << k;
    EXPECT_EQ(std::find(kinds.begin(), kinds.end(), "?"), kinds.end());
}

TEST(ExpectAnalysis, MalformedLinesNameFileAndLine) {
    Lesson l = parse_lesson_source("# expect: default -> metric wasted_wakeups\n"
                                   "# expect: default -> metric no_such_metric 1\n"
                                   "# expect: default -> metric wakeups three\n"
                                   "# expect: default -> metric wakeups True\n"
                                   "# expect: default -> finding no_such_kind\n"
                                   "# expect: default -> no finding\n"
                                   "# expect: default -> no findings lost_notify\n"
                                   "# expect: default -> finding lost_notify extra\n"
                                   "# expect: default -> metric task_blocked_time: 1\n"
                                   "# goal: metric wakeups 1 | goals name outcomes only\n",
                                   "bad.py");
    ASSERT_EQ(l.errors.size(), 10u);
    EXPECT_EQ(l.errors[0], "bad.py:1: expected 'metric NAME VALUE', got 'metric wasted_wakeups'");
    EXPECT_EQ(l.errors[1].rfind("bad.py:2: unknown metric 'no_such_metric' (known: ", 0), 0u)
        << l.errors[1];
    EXPECT_NE(l.errors[1].find("wasted_wakeups"), std::string::npos);
    EXPECT_NE(l.errors[1].find("task_blocked_time:<name>"), std::string::npos);
    EXPECT_EQ(l.errors[2], "bad.py:3: metric value is not a number: 'three'");
    EXPECT_EQ(l.errors[3], "bad.py:4: metric value is not a number: 'True'");
    EXPECT_EQ(l.errors[4].rfind("bad.py:5: unknown finding kind 'no_such_kind' (known: ", 0), 0u)
        << l.errors[4];
    EXPECT_NE(l.errors[4].find("lost_notify"), std::string::npos);
    EXPECT_EQ(l.errors[5], "bad.py:6: expected 'no finding KIND', got 'no finding'");
    EXPECT_EQ(l.errors[6], "bad.py:7: expected 'no finding KIND', got 'no findings lost_notify'");
    EXPECT_EQ(l.errors[7], "bad.py:8: expected 'finding KIND', got 'finding lost_notify extra'");
    EXPECT_EQ(l.errors[8].rfind("bad.py:9: unknown metric 'task_blocked_time:'", 0), 0u)
        << l.errors[8];
    EXPECT_EQ(l.errors[9], "bad.py:10: bad outcome 'metric wakeups 1'");
    EXPECT_TRUE(l.expectations.empty());
}

RunResult analysed(Outcome outcome) {
    RunResult r;
    r.outcome = outcome;
    r.analysis = std::make_shared<Analysis>();
    r.metrics = {{"wakeups", 6}, {"wasted_wakeups", 3}, {"finish_time", 3.0000000001}};
    r.diagnostics = {{"lost_notify", "Lost notify", "producer notified nobody at t=1", 9, 1.0},
                     {"lost_notify", "Lost notify", "producer notified nobody at t=2", 9, 2.0},
                     {"wasted_wakeup", "Wasted wake-up", "c1 woken for nothing", 12, 1.0}};
    return r;
}

TEST(ExpectAnalysis, FakeRunPassesAndFails) {
    Lesson l = parse_lesson_source("# expect: default -> metric wasted_wakeups 3\n"
                                   "# expect: default -> metric wakeups 5\n"
                                   "# expect: default -> metric finish_time 3.0\n"
                                   "# expect: default -> metric finish_time 3\n"
                                   "# expect: default -> metric object_max_waiters:cond 2\n"
                                   "# expect: default -> finding lost_notify\n"
                                   "# expect: default -> finding wait_without_lock\n"
                                   "# expect: default -> no finding notify_without_lock\n"
                                   "# expect: default -> no finding lost_notify\n",
                                   "fake.py");
    ASSERT_TRUE(l.errors.empty()) << l.errors.front();
    RunFunction fake = [](const Lesson&, const Overrides&, const RunOptions&) {
        return analysed(Outcome::Deadlock);
    };
    LessonCheck c = check_lesson(l, true, {}, fake);
    EXPECT_EQ(c.passed, 4);
    EXPECT_EQ(c.failed, 5);
    EXPECT_EQ(
        c.messages,
        (std::vector<std::string>{
            "ok   fake.py:1: default",
            "FAIL fake.py:2: default: metric wakeups is 6, expected 5 (deadlock)",
            "ok   fake.py:3: default",
            "FAIL fake.py:4: default: metric finish_time is 3.0000000001, expected 3 (deadlock)",
            "FAIL fake.py:5: default: no metric object_max_waiters:cond in this run (deadlock)",
            "ok   fake.py:6: default",
            "FAIL fake.py:7: default: expected a wait_without_lock finding, got lost_notify x2, "
            "wasted_wakeup (deadlock)",
            "ok   fake.py:8: default",
            "FAIL fake.py:9: default: expected no lost_notify finding, got 2, first: producer "
            "notified nobody at t=1"}));

    // A run without an analysis (no trace recorded) proves nothing.
    RunFunction bare = [](const Lesson&, const Overrides&, const RunOptions&) {
        RunResult r;
        r.outcome = Outcome::Complete;
        return r;
    };
    LessonCheck b = check_lesson(l, false, {}, bare);
    EXPECT_EQ(b.passed, 0);
    EXPECT_EQ(b.failed, 9);
    EXPECT_EQ(b.messages[0],
              "FAIL fake.py:1: default: no metrics: the run was not analysed (complete)");
    EXPECT_EQ(b.messages[8],
              "FAIL fake.py:9: default: no findings: the run was not analysed (complete)");
}

// A real run, as `condlab check` does it: one consumer waits in a predicate loop, the
// producer sets the state and notifies once. One wake-up, nothing wasted or lost; LOCKLESS
// makes the consumer wait without the lock (RuntimeError).
const char* kProgram = R"PY("""# Tiny"""
import asyncio

LOCKLESS = False  # param: bool | Wait without the lock

# expect: default -> complete
# expect: default -> metric wakeups 1
# expect: default -> metric wasted_wakeups 0
# expect: default -> metric finish_time 1.0
# expect: default -> no finding wait_without_lock
# expect: LOCKLESS=True -> exception RuntimeError
# expect: LOCKLESS=True -> finding wait_without_lock
# expect: default -> metric wakeups 2
# expect: default -> finding wait_without_lock
# expect: LOCKLESS=True -> no finding wait_without_lock

cond = asyncio.Condition()
ready = False


async def consumer():
    if LOCKLESS:
        await cond.wait()
    async with cond:
        while not ready:
            await cond.wait()


async def producer():
    global ready
    await asyncio.sleep(1)
    async with cond:
        ready = True
        cond.notify()


async def main():
    await asyncio.gather(
        asyncio.create_task(consumer(), name="consumer"),
        asyncio.create_task(producer(), name="producer"),
    )


asyncio.run(main())
)PY";

TEST(ExpectAnalysis, RealRunsCheckTheAnalysis) {
    start_interpreter();
    Lesson l = parse_lesson_source(kProgram, "tiny.py");
    ASSERT_TRUE(l.errors.empty()) << l.errors.front();
    LessonCheck c = check_lesson(l, false);
    EXPECT_EQ(c.passed, 7);
    EXPECT_EQ(c.failed, 3); // the last three lines are wrong on purpose
    ASSERT_EQ(c.messages.size(), 3u);
    EXPECT_EQ(c.messages[0],
              "FAIL tiny.py:13: default: metric wakeups is 1, expected 2 (complete)");
    EXPECT_EQ(c.messages[1].rfind("FAIL tiny.py:14: default: expected a wait_without_lock "
                                  "finding, got ",
                                  0),
              0u)
        << c.messages[1];
    EXPECT_EQ(c.messages[2].rfind("FAIL tiny.py:15: LOCKLESS=True: expected no "
                                  "wait_without_lock finding, got ",
                                  0),
              0u)
        << c.messages[2];
}

} // namespace
} // namespace condlab::lesson
