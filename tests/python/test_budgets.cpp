// Budgets: executed lines, wall clock, output, loop iterations, virtual time.
#include "python_test_support.h"

#include <chrono>

using namespace condlab::python;
using namespace condlab::python::test;

namespace {
class Budgets : public PythonTest {};
} // namespace

TEST_F(Budgets, BusyLoopInATaskStopsWithinTheWallBudget) {
    auto t0 = std::chrono::steady_clock::now();
    ProgramResult r = run(R"PY(import asyncio
async def main():
    print("spinning")
    while True:
        pass
asyncio.run(main())
print("not reached")
)PY");
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_LT(secs, 4.0);
    EXPECT_EQ(r.outcome, ProgramResult::Status::Budget);
    EXPECT_EQ(exit_status(r), 4);
    EXPECT_EQ(r.stdout_text, "spinning\n");
    EXPECT_TRUE(r.budget == condlab::BudgetKind::Lines ||
                r.budget == condlab::BudgetKind::WallClock);
    EXPECT_EQ(r.budget_task, "main");
    EXPECT_TRUE(r.budget_line == 4u || r.budget_line == 5u) << r.budget_line;
}

TEST_F(Budgets, WallClockStopsABusyLoopEvenWithoutALineBudget) {
    ProgramOptions o;
    o.max_lines = UINT64_MAX;
    o.budget.max_wall_seconds = 0.2;
    auto t0 = std::chrono::steady_clock::now();
    ProgramResult r = run("x = 0\nwhile True:\n    x += 1\n", o);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_LT(secs, 2.0);
    EXPECT_EQ(r.outcome, ProgramResult::Status::Budget);
    EXPECT_EQ(r.budget, condlab::BudgetKind::WallClock);
    EXPECT_EQ(r.budget_task, "");
}

TEST_F(Budgets, CatchingTheAbortDoesNotHelp) {
    ProgramOptions o;
    o.max_lines = 1000;
    ProgramResult r = run(R"PY(
while True:
    try:
        while True:
            pass
    except BaseException:
        print("caught")
)PY",
                          o);
    EXPECT_EQ(r.outcome, ProgramResult::Status::Budget);
    EXPECT_EQ(r.budget, condlab::BudgetKind::Lines);
    EXPECT_EQ(r.stdout_text, "");
}

TEST_F(Budgets, PrintFloodIsCapped) {
    ProgramOptions o;
    o.max_output_bytes = 1000;
    ProgramResult r = run("while True:\n    print('y' * 30)\n", o);
    EXPECT_EQ(r.outcome, ProgramResult::Status::Budget);
    EXPECT_EQ(r.budget, condlab::BudgetKind::Output);
    EXPECT_LE(r.stdout_text.size(), 1000u);
}

TEST_F(Budgets, LoopIterationsAndVirtualTime) {
    ProgramOptions o;
    o.budget.max_iterations = 50;
    ProgramResult r = run(R"PY(
import asyncio
async def spin():
    while True:
        await asyncio.sleep(0)
asyncio.run(spin())
)PY",
                          o);
    EXPECT_EQ(r.outcome, ProgramResult::Status::Budget);
    EXPECT_EQ(r.budget, condlab::BudgetKind::Iterations);

    ProgramResult t = run(R"PY(
import asyncio
async def main():
    while True:
        await asyncio.sleep(1000)
asyncio.run(main())
)PY",
                          ProgramOptions{true, condlab::Budget{1000000, 5000, 2.0}});
    EXPECT_EQ(t.outcome, ProgramResult::Status::Budget);
    EXPECT_EQ(t.budget, condlab::BudgetKind::VirtualTime);
    EXPECT_LE(t.time, 5000.0);
}

TEST_F(Budgets, WithoutTheTraceFunctionTheWatchdogStopsBusyLoops) {
    ProgramOptions o;
    o.line_trace = false;
    o.count_lines = false;
    o.budget.max_wall_seconds = 0.3;
    auto t0 = std::chrono::steady_clock::now();
    ProgramResult r = run(R"PY(import asyncio
async def main():
    print("spinning")
    n = 0
    while True:
        try:
            while True:
                n += 1
        except BaseException:
            pass
asyncio.run(main())
)PY",
                          o);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_LT(secs, 3.0);
    EXPECT_EQ(r.outcome, ProgramResult::Status::Budget);
    EXPECT_EQ(r.budget, condlab::BudgetKind::WallClock);
    EXPECT_EQ(r.budget_task, "main");
    EXPECT_EQ(r.lines, 0u);
    EXPECT_EQ(r.stdout_text, "spinning\n");
    // The next runs (without and with the trace function) are not hit by a late abort.
    EXPECT_EQ(
        run_ok("import asyncio\nasync def main():\n    return 1\nprint(asyncio.run(main()))\n", o),
        "1\n");
    EXPECT_EQ(
        run_ok("import asyncio\nasync def main():\n    return 2\nprint(asyncio.run(main()))\n"),
        "2\n");
}

TEST_F(Budgets, WatchdogAtModuleLevel) {
    ProgramOptions o;
    o.line_trace = false;
    o.count_lines = false;
    o.budget.max_wall_seconds = 0.2;
    ProgramResult r = run("x = 0\nwhile True:\n    x += 1\n", o);
    EXPECT_EQ(r.outcome, ProgramResult::Status::Budget);
    EXPECT_EQ(r.budget, condlab::BudgetKind::WallClock);
    EXPECT_TRUE(r.budget_line == 2u || r.budget_line == 3u) << r.budget_line;
}

TEST_F(Budgets, RemovingTheTraceFunctionDoesNotEscapeTheWallClock) {
    ProgramOptions o;
    o.budget.max_wall_seconds = 0.2;
    auto t0 = std::chrono::steady_clock::now();
    ProgramResult r = run("import sys\nsys.settrace(None)\nwhile True:\n    pass\n", o);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_LT(secs, 3.0);
    EXPECT_EQ(r.outcome, ProgramResult::Status::Budget);
    EXPECT_EQ(r.budget, condlab::BudgetKind::WallClock);
}

// A million tasks (or a gather of 200 000 coroutines) end with the wall-clock budget
// reported; how close to the budget the process ends is bench_process's figure.
TEST_F(Budgets, AMillionTasksEndWithTheWallClockBudget) {
    ProgramOptions o;
    o.max_lines = UINT64_MAX;
    o.budget.max_wall_seconds = 0.3;
    ProgramResult r = run(R"PY(import asyncio
async def main():
    for i in range(10**6):
        asyncio.get_running_loop().create_task(asyncio.sleep(1))
asyncio.run(main())
print("not reached")
)PY",
                          o);
    EXPECT_EQ(r.outcome, ProgramResult::Status::Budget);
    EXPECT_EQ(r.budget, condlab::BudgetKind::WallClock);
    EXPECT_EQ(r.budget_task, "main");
    EXPECT_EQ(exit_status(r), 4);
    EXPECT_EQ(r.stdout_text, "");
}

TEST_F(Budgets, AGatherOfManyCoroutinesEndsWithTheWallClockBudget) {
    ProgramOptions o;
    o.max_lines = UINT64_MAX;
    o.budget.max_wall_seconds = 0.3;
    ProgramResult r = run(R"PY(import asyncio
async def main():
    await asyncio.gather(*[asyncio.sleep(1) for _ in range(400_000)])
asyncio.run(main())
print("not reached")
)PY",
                          o);
    EXPECT_EQ(r.outcome, ProgramResult::Status::Budget);
    EXPECT_EQ(r.budget, condlab::BudgetKind::WallClock);
    EXPECT_EQ(exit_status(r), 4);
    EXPECT_EQ(r.stdout_text, "");
}

TEST_F(Budgets, ABigSourceIsRefusedBeforeCompiling) {
    std::string source;
    while (source.size() <= kMaxSourceBytes)
        source += "x = [i * 2 for i in range(10)]\n";
    // A syntax error at the end: compiling the source would report it, refusing it first
    // does not (no timed check: these machines are noisy).
    source += "print('ran'\n";
    ProgramResult r = run(source);
    EXPECT_EQ(r.outcome, ProgramResult::Status::Budget);
    EXPECT_EQ(r.budget, condlab::BudgetKind::WallClock);
    EXPECT_EQ(exit_status(r), 4);
    EXPECT_EQ(r.stdout_text, "");
    EXPECT_NE(r.stderr_text.find("condlab runs programs up to 256 KiB"), std::string::npos)
        << r.stderr_text;
    EXPECT_EQ(r.stderr_text.find("SyntaxError"), std::string::npos) << r.stderr_text;
}

TEST_F(Budgets, ASourceJustUnderTheCapRuns) {
    std::string source = "print('ran')\n";
    while (source.size() + 40 < kMaxSourceBytes)
        source += "# a comment line that makes it bigger\n";
    ProgramResult r = run(source);
    EXPECT_EQ(r.outcome, ProgramResult::Status::Complete) << r.stderr_text;
    EXPECT_EQ(r.stdout_text, "ran\n");
}
