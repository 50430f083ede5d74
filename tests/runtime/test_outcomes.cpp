// RunOutcome kinds of Loop::run (asyncio.run with budgets): completed, raised, deadlock
// (with the blocked tasks and what they wait on), budget exceeded by iterations, virtual
// time and wall clock, and request_abort.
#include "runtime_test_support.h"

#include <string>
#include <vector>

using namespace condlab;
using namespace condlab::testing;

namespace {

class OutcomeTest : public FrameLeakCheck {};

Coro<std::string> returns(Loop& loop) {
    co_await sleep(loop, 1.5);
    co_return "done";
}

TEST_F(OutcomeTest, CompletedCarriesTheResult) {
    Loop loop;
    RunOutcome out = run_main(loop, returns(loop));
    EXPECT_EQ(out.kind, OutcomeKind::Complete);
    EXPECT_EQ(std::any_cast<std::string>(out.result), "done");
    EXPECT_EQ(out.budget, BudgetKind::None);
    EXPECT_TRUE(out.blocked.empty());
    EXPECT_DOUBLE_EQ(out.time, 1.5);
    EXPECT_EQ(out.iterations, 4u); // 1: sleep, 2: timer fires, 3: main returns, 4: stop
}

Coro<int> raises(Loop& loop) {
    co_await sleep(loop, 0);
    throw value_error("bad value");
}

TEST_F(OutcomeTest, RaisedCarriesTheError) {
    Loop loop;
    RunOutcome out = run_main(loop, raises(loop));
    EXPECT_EQ(out.kind, OutcomeKind::Exception);
    EXPECT_EQ(error_type(out.error), "ValueError");
    EXPECT_EQ(describe_error(out.error).message, "bad value");
}

Coro<void> cancelled_main(Loop& loop) {
    loop.current_task()->cancel("from inside");
    co_await sleep(loop, 1);
}

TEST_F(OutcomeTest, ACancelledMainIsRaisedWithCancelledError) {
    Loop loop;
    RunOutcome out = run_main(loop, cancelled_main(loop));
    EXPECT_EQ(out.kind, OutcomeKind::Exception);
    EXPECT_EQ(error_type(out.error), "CancelledError");
    EXPECT_EQ(describe_error(out.error).message, "from inside");
}

// [SECTION] Deadlock: nothing ready, no timer

Coro<void> helper(Future fut) { std::any r = co_await fut; }

Coro<void> deadlock_main(Loop& loop) {
    Future theirs = create_future(loop, WaitInfo{WaitKind::Condition, 5, {"lesson.py", 3}});
    Task h = create_task(loop, helper(theirs), "helper");
    Future never = create_future(loop, WaitInfo{WaitKind::Event, 7, {"lesson.py", 12}});
    std::any r = co_await never;
}

TEST_F(OutcomeTest, DeadlockNamesTheBlockedTasksAndWhatTheyWaitOn) {
    Loop loop;
    RunOutcome out = run_main(loop, deadlock_main(loop));
    EXPECT_EQ(out.kind, OutcomeKind::Deadlock);
    EXPECT_EQ(out.iterations, 2u);
    ASSERT_EQ(out.blocked.size(), 2u);
    EXPECT_EQ(out.blocked[0].task, 1u);
    EXPECT_EQ(out.blocked[0].name, "Task-1");
    EXPECT_EQ(out.blocked[0].wait.kind, WaitKind::Event);
    EXPECT_EQ(out.blocked[0].wait.object, 7u);
    EXPECT_EQ(out.blocked[0].wait.where.line, 12u);
    EXPECT_FALSE(out.blocked[0].ready);
    EXPECT_EQ(out.blocked[1].task, 2u);
    EXPECT_EQ(out.blocked[1].name, "helper");
    EXPECT_EQ(out.blocked[1].wait.kind, WaitKind::Condition);
    EXPECT_EQ(out.blocked[1].wait.object, 5u);
    EXPECT_EQ(std::string(out.blocked[1].wait.where.file), "lesson.py");
    EXPECT_EQ(out.blocked[1].wait.where.line, 3u);
    EXPECT_FALSE(out.blocked[1].ready);
}

// [SECTION] Budgets

Coro<void> spin(Loop& loop) {
    while (true)
        co_await sleep(loop, 0);
}

Coro<void> spin_main(Loop& loop) {
    Task spinner = create_task(loop, spin(loop), "spinner");
    std::any r = co_await spinner;
}

TEST_F(OutcomeTest, BudgetExceededByIterations) {
    Loop loop;
    Budget budget;
    budget.max_iterations = 100;
    RunOutcome out = run_main(loop, spin_main(loop), budget);
    EXPECT_EQ(out.kind, OutcomeKind::Budget);
    EXPECT_EQ(out.budget, BudgetKind::Iterations);
    EXPECT_STREQ(budget_name(out.budget), "iterations");
    EXPECT_EQ(out.iterations, 100u);
    ASSERT_EQ(out.blocked.size(), 2u);
    EXPECT_EQ(out.blocked[0].name, "Task-1");
    EXPECT_EQ(out.blocked[0].wait.kind, WaitKind::Task); // awaiting the spinner
    EXPECT_FALSE(out.blocked[0].ready);
    EXPECT_EQ(out.blocked[1].name, "spinner");
    EXPECT_TRUE(out.blocked[1].ready); // queued to run (sleep(0))
}

Coro<void> sleeps_long(Loop& loop) { co_await sleep(loop, 1e7); }

TEST_F(OutcomeTest, BudgetExceededByVirtualTime) {
    Loop loop;
    Budget budget;
    budget.max_time = 1e6;
    RunOutcome out = run_main(loop, sleeps_long(loop), budget);
    EXPECT_EQ(out.kind, OutcomeKind::Budget);
    EXPECT_EQ(out.budget, BudgetKind::VirtualTime);
    EXPECT_EQ(out.time, 0.0); // stopped before the clock jumps past the limit
    ASSERT_EQ(out.blocked.size(), 1u);
    EXPECT_EQ(out.blocked[0].wait.kind, WaitKind::Sleep);
}

TEST_F(OutcomeTest, BudgetExceededByWallClock) {
    Loop loop;
    Budget budget;
    budget.max_wall_seconds = 0.05;
    RunOutcome out = run_main(loop, spin(loop), budget);
    EXPECT_EQ(out.kind, OutcomeKind::Budget);
    EXPECT_EQ(out.budget, BudgetKind::WallClock);
    EXPECT_GT(out.iterations, 64u);
    ASSERT_EQ(out.blocked.size(), 1u);
    EXPECT_TRUE(out.blocked[0].ready);
}

Coro<void> aborts(Loop& loop, int& steps) {
    for (int i = 0; i < 5; ++i) {
        ++steps;
        if (i == 2)
            loop.request_abort(BudgetKind::Lines); // e.g. the line budget of Python
        co_await sleep(loop, 0);
    }
}

TEST_F(OutcomeTest, RequestAbortEndsTheRunWithThatBudget) {
    Loop loop;
    int steps = 0;
    RunOutcome out = run_main(loop, aborts(loop, steps));
    EXPECT_EQ(out.kind, OutcomeKind::Budget);
    EXPECT_EQ(out.budget, BudgetKind::Lines);
    EXPECT_EQ(loop.abort_requested(), BudgetKind::Lines);
    EXPECT_EQ(steps, 3);
    EXPECT_EQ(out.iterations, 3u);
    ASSERT_EQ(out.blocked.size(), 1u);
    EXPECT_TRUE(out.blocked[0].ready);
}

} // namespace
