// The loop: ready FIFO with the per-iteration snapshot, the heapq timer order, cleanup
// of cancelled timers, and the virtual clock.
#include "runtime_test_support.h"

#include <vector>

using namespace condlab;
using condlab::testing::FrameLeakCheck;

namespace {

std::vector<int> timer_order(int n, int later = 0, std::vector<int> cancel = {}) {
    Loop loop;
    std::vector<int> order;
    std::vector<HandleRef> handles;
    for (int i = 0; i < n; ++i)
        handles.push_back(loop.call_later(1.0, [&order, i] { order.push_back(i); }));
    for (int i = 0; i < later; ++i)
        handles.push_back(loop.call_later(2.0, [&order, n, i] { order.push_back(n + i); }));
    for (int c : cancel)
        handles[static_cast<std::size_t>(c)]->cancel();
    while (loop.run_once()) {
    }
    return order;
}

} // namespace

TEST(TimerHeap, EqualDeadlinesComeOutInHeapOrder) {
    EXPECT_EQ(timer_order(4), (std::vector{0, 2, 1, 3}));
    EXPECT_EQ(timer_order(5), (std::vector{0, 2, 4, 1, 3}));
    EXPECT_EQ(timer_order(8), (std::vector{0, 2, 6, 5, 7, 4, 1, 3}));
}

TEST(TimerHeap, ALaterTimerChangesTheOrderOfEarlierTies) {
    EXPECT_EQ(timer_order(8, 1), (std::vector{0, 2, 6, 5, 7, 1, 3, 4, 8}));
}

TEST(TimerHeap, CancelledTimersStillShapeTheHeap) {
    // Cancelled handles stay in the heap and are skipped; the others keep heap order.
    std::vector<int> expected;
    for (int i : {0, 2, 6, 5, 7, 4, 1, 3})
        if (i != 2 && i != 5)
            expected.push_back(i);
    EXPECT_EQ(timer_order(8, 0, {2, 5}), expected);
}

TEST(TimerHeap, CancelledTimersAtTheTopAreDroppedBeforeChoosingTheTimeout) {
    Loop loop;
    std::vector<double> fired_at;
    HandleRef early = loop.call_later(1.0, [&] { fired_at.push_back(loop.time()); });
    loop.call_later(5.0, [&] { fired_at.push_back(loop.time()); });
    early->cancel();
    ASSERT_TRUE(loop.run_once());
    EXPECT_EQ(fired_at, (std::vector{5.0}));
    EXPECT_EQ(loop.timer_count(), 0u);
}

TEST(TimerHeap, MoreThanHalfCancelledOfOverAHundredRebuildsTheHeap) {
    Loop loop;
    std::vector<int> order;
    std::vector<HandleRef> handles;
    for (int i = 0; i < 120; ++i)
        handles.push_back(loop.call_later(1.0 + (i % 3), [&order, i] { order.push_back(i); }));
    for (int i = 0; i < 120; i += 2)
        handles[static_cast<std::size_t>(i)]->cancel();
    handles[1]->cancel(); // 61 of 120 cancelled: > 50 %, so step 1 rebuilds with heapify
    loop.call_soon([] {});
    ASSERT_TRUE(loop.run_once());
    EXPECT_EQ(loop.timer_count(), 59u); // only live timers remain after the rebuild
    while (loop.run_once()) {
    }
    EXPECT_EQ(order.size(), 59u);
    // Deadlines 1, 2, 3 come out in deadline order; ties follow the rebuilt heap's shape.
    for (std::size_t i = 1; i < order.size(); ++i)
        EXPECT_LE(1 + order[i - 1] % 3, 1 + order[i] % 3);
}

TEST(Loop, CallSoonRunsNextIterationInFifoOrderWithSnapshot) {
    Loop loop;
    std::vector<std::string> log;
    loop.call_later(0, [&] { log.push_back("A"); });
    loop.call_soon([&] {
        log.push_back("B");
        loop.call_soon([&] { log.push_back("D (next iteration)"); });
    });
    loop.call_soon([&] { log.push_back("C"); });
    ASSERT_TRUE(loop.run_once());
    EXPECT_EQ(log, (std::vector<std::string>{"B", "C", "A"}));
    ASSERT_TRUE(loop.run_once());
    EXPECT_EQ(log.back(), "D (next iteration)");
    EXPECT_EQ(loop.iteration(), 2u);
}

TEST(Loop, CancelledCallSoonHandleIsSkipped) {
    Loop loop;
    int ran = 0;
    HandleRef h = loop.call_soon_handle([&] { ++ran; });
    h->cancel();
    loop.run_once();
    EXPECT_EQ(ran, 0);
}

TEST(Loop, ARecycledTimerHandleIsReusedOnlyWhenNobodyElseHoldsIt) {
    Loop loop;
    std::vector<int> order;
    HandleRef a = loop.call_later(1.0, [&order] { order.push_back(1); });
    const Handle* first = a.get();
    loop.cancel_timer(std::move(a)); // cancelled, still in the heap
    HandleRef b = loop.call_later(1.0, [&order] { order.push_back(2); });
    EXPECT_NE(b.get(), first);
    while (loop.run_once()) { // drops the cancelled one from the heap
    }
    HandleRef c = loop.call_later(0.5, [&order] { order.push_back(3); });
    EXPECT_EQ(c.get(), first);
    EXPECT_FALSE(c->cancelled());
    EXPECT_EQ(c->when(), loop.time() + 0.5);
    while (loop.run_once()) {
    }
    EXPECT_EQ(order, (std::vector{2, 3}));
}

TEST(Loop, VirtualTimeMovesOnlyWhenNothingIsReady) {
    Loop loop;
    std::vector<std::pair<double, std::uint64_t>> seen;
    loop.call_at(2.5, [&] { seen.emplace_back(loop.time(), loop.iteration()); });
    loop.call_soon([&] { seen.emplace_back(loop.time(), loop.iteration()); });
    while (loop.run_once()) {
    }
    EXPECT_EQ(seen, (std::vector<std::pair<double, std::uint64_t>>{{0.0, 1}, {2.5, 2}}));
}

TEST(Loop, FarTimersAdvanceAtMostOneDayPerIteration) {
    Loop loop;
    loop.call_later(200000.0, [] {});
    int iterations = 0;
    while (loop.run_once())
        ++iterations;
    EXPECT_EQ(iterations, 3); // 86400 + 86400 + 27200
    EXPECT_DOUBLE_EQ(loop.time(), 200000.0);
}

namespace {
Coro<void> sleeper(Loop& loop, int i, std::vector<int>& order) {
    co_await sleep(loop, 1.0);
    order.push_back(i);
}
Coro<void> eight_sleepers(Loop& loop, std::vector<int>& order) {
    std::vector<Task> tasks;
    for (int i = 0; i < 8; ++i)
        tasks.push_back(create_task(loop, sleeper(loop, i, order)));
    for (Task& t : tasks)
        co_await t;
}
} // namespace

class LoopTasks : public FrameLeakCheck {};

TEST_F(LoopTasks, EightTasksSleepingOneSecondWakeInHeapOrder) {
    Loop loop;
    std::vector<int> order;
    RunOutcome out = condlab::testing::run_main(loop, eight_sleepers(loop, order));
    EXPECT_EQ(out.kind, OutcomeKind::Complete);
    EXPECT_EQ(order, (std::vector{0, 2, 6, 5, 7, 4, 1, 3}));
}
