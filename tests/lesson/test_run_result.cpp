// lesson::RunResult holds the program layer's result as it came; the trace analysis is the
// one source of which tasks were left unfinished; a run that used up the wall-clock budget
// with a huge trace is not analysed past it.
#include "lesson/runner.h"

#include <gtest/gtest.h>

#include <chrono>

using namespace condlab::lesson;

namespace {

const char* const kDeadlock = R"PY(import asyncio
import sys
async def consumer(cond):
    async with cond:
        await cond.wait()
async def main():
    print("to stderr", file=sys.stderr)
    cond = asyncio.Condition()
    await asyncio.gather(consumer(cond), consumer(cond))
asyncio.run(main())
)PY";

RunResult run_text(const std::string& text, const RunOptions& options = {}) {
    return run(parse_lesson_source(text, "lesson.py"), {}, options);
}

} // namespace

TEST(RunResultTest, HoldsTheProgramResultWithStderrLines) {
    RunResult r = run_text(kDeadlock);
    ASSERT_EQ(r.outcome, Outcome::Deadlock) << r.stderr_text;
    EXPECT_EQ(exit_status(r), 3);
    EXPECT_EQ(r.unfinished_tasks, 3u);
    // Every printed line, as the program layer reported it (a view filters stderr itself).
    ASSERT_EQ(r.output.size(), 1u);
    EXPECT_EQ(r.output[0].text, "to stderr");
    EXPECT_TRUE(r.output[0].is_stderr);
    ASSERT_TRUE(r.analysis);
    EXPECT_EQ(r.analysis->outcome.blocked.size(), 3u);
    EXPECT_EQ(r.summary, "deadlock: nothing ready and no timer pending at t=0 "
                         "(consumer#1, consumer#2, main wait forever)");
}

TEST(RunResultTest, ARunWithoutAnalysisCountsTheUnfinishedTasks) {
    RunOptions quiet;
    quiet.line_trace = false;
    quiet.record_trace = false;
    quiet.analyze = false;
    RunResult r = run_text(kDeadlock, quiet);
    ASSERT_EQ(r.outcome, Outcome::Deadlock) << r.stderr_text;
    EXPECT_FALSE(r.trace);
    EXPECT_FALSE(r.analysis);
    EXPECT_EQ(r.unfinished_tasks, 3u);
    EXPECT_EQ(r.summary,
              "deadlock: nothing ready and no timer pending at t=0 (3 tasks wait forever)");
}

TEST(RunResultTest, AFloodThatUsedUpTheWallClockIsNotAnalysedPastIt) {
    RunOptions o;
    o.line_trace = false;
    o.max_wall_seconds = 3.0; // ASan creates about 13 000 tasks a second: well past 10 000
    RunResult r = run_text(R"PY(import asyncio
async def work():
    await asyncio.sleep(1)
async def main():
    for i in range(10**6):
        asyncio.create_task(work())
asyncio.run(main())
)PY",
                           o);
    ASSERT_EQ(r.outcome, Outcome::Budget) << r.stderr_text;
    EXPECT_EQ(r.budget, condlab::BudgetKind::WallClock);
    ASSERT_TRUE(r.trace);
    // (runner.cpp analyses such a run only up to 10 000 tasks)
    ASSERT_GT(r.trace->tasks().size(), 10000u) << "flood too small";
    EXPECT_FALSE(r.analysis);
    EXPECT_EQ(r.summary.rfind("budget exceeded: task main at line 6", 0), 0u) << r.summary;
}

TEST(RunResultTest, ASmallRunThatUsedUpTheWallClockIsAnalysed) {
    RunOptions o;
    o.line_trace = false;
    o.max_wall_seconds = 0.2;
    RunResult r = run_text("import asyncio\nasync def main():\n    while True:\n        pass\n"
                           "asyncio.run(main())\n",
                           o);
    ASSERT_EQ(r.outcome, Outcome::Budget) << r.stderr_text;
    EXPECT_EQ(r.budget, condlab::BudgetKind::WallClock);
    EXPECT_TRUE(r.analysis);
}
