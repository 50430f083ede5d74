// asyncio.shield (3.11): the outer future mirrors the inner one; cancelling the outer does
// not cancel the inner; a done inner is returned as is. Golden output of the main scenario:
// the CPython run of tests/conformance/51_shield.py.
#include "runtime_test_support.h"

#include <cstdio>
#include <string>
#include <vector>

using namespace condlab;
using namespace condlab::testing;

namespace {

class ShieldTest : public FrameLeakCheck {};

std::string num(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", x);
    return buf;
}

std::string py_bool(bool b) { return b ? "True" : "False"; }

// [SECTION] 51_shield

Coro<std::string> work(Loop& loop, std::vector<std::string>& log) {
    co_await sleep(loop, 2);
    log.push_back("work finished at " + num(loop.time()));
    co_return "result";
}

Coro<std::any> waiter(Loop& loop, Task inner, std::vector<std::string>& log) {
    try {
        Future outer = shield(loop, Future(inner));
        std::any r = co_await outer;
        co_return r;
    } catch (const CancelledError&) {
        log.push_back("waiter cancelled, inner done? " + py_bool(inner->done()));
        throw;
    }
}

Coro<void> shield_main(Loop& loop, std::vector<std::string>& log) {
    Task inner = create_task(loop, work(loop, log));
    Task w = create_task(loop, waiter(loop, inner, log));
    co_await sleep(loop, 1);
    w->cancel();
    try {
        std::any r = co_await w;
    } catch (const CancelledError&) {
        log.push_back("w cancelled " + py_bool(w->cancelled()) + " inner cancelled " +
                      py_bool(inner->cancelled()));
    }
    std::any r1 = co_await inner;
    log.push_back("inner result " + std::any_cast<std::string>(r1));
    Future same = shield(loop, Future(inner));
    EXPECT_EQ(same, Future(inner)); // the shortcut returns the done inner itself
    std::any r2 = co_await same;
    log.push_back("shield of done " + std::any_cast<std::string>(r2));
    Future of_coro = shield(loop, make_backend(work(loop, log)));
    std::any r3 = co_await of_coro;
    log.push_back("shield of coroutine " + std::any_cast<std::string>(r3));
}

TEST_F(ShieldTest, CancellingTheAwaiterLeavesTheInnerRunning) {
    Loop loop;
    std::vector<std::string> log;
    RunOutcome out = run_main(loop, shield_main(loop, log));
    EXPECT_EQ(out.kind, OutcomeKind::Complete);
    EXPECT_EQ(log, (std::vector<std::string>{"waiter cancelled, inner done? False",
                                             "w cancelled True inner cancelled False",
                                             "work finished at 2.0", "inner result result",
                                             "shield of done result", "work finished at 4.0",
                                             "shield of coroutine result"}));
}

// [SECTION] Mirroring: result, exception, cancellation of the inner; callbacks

TEST_F(ShieldTest, OuterMirrorsTheInnerOneIterationLater) {
    Loop loop;
    Future inner = create_future(loop);
    Future outer = shield(loop, inner);
    ASSERT_NE(outer, inner);
    inner->set_result(5);
    EXPECT_FALSE(outer->done());
    ASSERT_TRUE(loop.run_once()); // the inner's callback copies the result
    ASSERT_TRUE(outer->done());
    EXPECT_EQ(outer->result_as<int>(), 5);

    Future inner2 = create_future(loop);
    Future outer2 = shield(loop, inner2);
    inner2->set_exception(std::make_exception_ptr(value_error("x")));
    loop.run_once();
    EXPECT_EQ(describe_error(outer2->exception()).type, "ValueError");

    Future inner3 = create_future(loop);
    Future outer3 = shield(loop, inner3);
    inner3->cancel("inner msg"); // cancelling the inner cancels the outer (no message)
    loop.run_once();
    EXPECT_TRUE(outer3->cancelled());
    EXPECT_FALSE(outer3->cancel_message().has_value());
}

TEST_F(ShieldTest, CancellingTheOuterDetachesItFromTheInner) {
    Loop loop;
    Future inner = create_future(loop);
    Future outer = shield(loop, inner);
    EXPECT_TRUE(outer->cancel());
    EXPECT_FALSE(inner->cancelled());
    loop.run_once(); // the outer's callback removes the inner's callback
    EXPECT_EQ(inner->remove_done_callback(nullptr), 0u);
    inner->set_result(1);
    EXPECT_EQ(loop.ready_count(), 0u); // nothing left to call
    EXPECT_TRUE(outer->cancelled());
}

TEST_F(ShieldTest, AnUnawaitedShieldOfAPendingFutureDoesNotLeak) {
    // The inner's callback does not own the outer (no refcount cycle).
    Loop loop;
    Future inner = create_future(loop);
    { Future outer = shield(loop, inner); }
    inner->set_result(1);
    while (loop.run_once()) {
    }
    SUCCEED();
}

} // namespace
