// asyncio.wait_for (3.11): timeout, result, None, a coroutine that swallows the cancel,
// timeout <= 0, cancelling the caller, latency (+3 iterations for an immediate coroutine).
// Golden outputs are the CPython runs of tests/conformance/47-49.
#include "runtime_test_support.h"

#include <cstdio>
#include <string>
#include <vector>

using namespace condlab;
using namespace condlab::testing;

namespace {

class WaitForTest : public FrameLeakCheck {};

std::string num(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", x);
    return buf;
}

template <class T> Awaitable co(Coro<T> c) { return make_backend(std::move(c)); }

// [SECTION] 47_wait_for_timeout

Coro<double> slow(Loop& loop, double n, std::vector<std::string>& log) {
    try {
        co_await sleep(loop, n);
        co_return n;
    } catch (const CancelledError&) {
        log.push_back("slow " + num(n) + " cancelled at " + num(loop.time()));
        throw;
    }
}

Coro<std::string> swallow(Loop& loop) {
    try {
        co_await sleep(loop, 10);
    } catch (const CancelledError&) {
        co_return "swallowed";
    }
    co_return "slept";
}

Coro<void> wait_for_timeout(Loop& loop, std::vector<std::string>& log) {
    try {
        std::any r = co_await wait_for(loop, co(slow(loop, 5, log)), 1.5);
        ADD_FAILURE() << "no timeout";
    } catch (const PyError& e) {
        log.push_back(e.type() + " '" + e.message() + "' " + describe_error(e.cause()).type + " " +
                      num(loop.time()));
    }
    std::any r1 = co_await wait_for(loop, co(slow(loop, 1, log)), 2);
    log.push_back("result " + num(std::any_cast<double>(r1)) + " " + num(loop.time()));
    std::any r2 = co_await wait_for(loop, co(slow(loop, 0.5, log)), std::nullopt);
    log.push_back("none timeout " + num(std::any_cast<double>(r2)) + " " + num(loop.time()));
    std::any r3 = co_await wait_for(loop, co(swallow(loop)), 1);
    log.push_back("swallowed cancel " + std::any_cast<std::string>(r3) + " " + num(loop.time()));
}

TEST_F(WaitForTest, TimeoutResultNoneAndSwallowedCancel) {
    Loop loop;
    std::vector<std::string> log;
    RunOutcome out = run_main(loop, wait_for_timeout(loop, log));
    EXPECT_EQ(out.kind, OutcomeKind::Complete);
    EXPECT_EQ(log,
              (std::vector<std::string>{"slow 5.0 cancelled at 1.5",
                                        "TimeoutError '' CancelledError 1.5", "result 1.0 2.5",
                                        "none timeout 0.5 3.0", "swallowed cancel swallowed 4.0"}));
}

// [SECTION] 48_wait_for_immediate: latency in iterations, measured with a ticker task

Coro<void> ticker(Loop& loop, int& ticks) {
    for (int i = 0; i < 10; ++i) {
        ++ticks;
        co_await sleep(loop, 0);
    }
}

Coro<std::string> immediate() { co_return "now"; }

Coro<void> wait_for_immediate(Loop& loop, std::vector<std::string>& log) {
    int ticks = 0;
    Task t = create_task(loop, ticker(loop, ticks));
    co_await sleep(loop, 0);
    int start = ticks;
    std::any a = co_await wait_for(loop, co(immediate()), 1);
    log.push_back(std::any_cast<std::string>(a) + " ticks " + std::to_string(ticks - start));
    start = ticks;
    Ref<GatheringFuture> g = gather(loop, awaitables(immediate()));
    std::any gr = co_await g;
    log.push_back("[" +
                  std::any_cast<std::string>(std::any_cast<const std::vector<std::any>&>(gr)[0]) +
                  "] ticks " + std::to_string(ticks - start));
    start = ticks;
    Task c = create_task(loop, immediate());
    std::any b = co_await c;
    log.push_back(std::any_cast<std::string>(b) + " ticks " + std::to_string(ticks - start));
    start = ticks;
    try { // 3.11: timeout <= 0 wraps in a task that has not started yet
        std::any r = co_await wait_for(loop, co(immediate()), 0);
        ADD_FAILURE() << "no timeout";
    } catch (const PyError& e) {
        log.push_back("timeout 0: " + e.type() + " ticks " + std::to_string(ticks - start));
    }
    Future fut = create_future(loop);
    fut->set_result(std::string("done future"));
    start = ticks;
    std::any d = co_await wait_for(loop, fut, 0);
    log.push_back(std::any_cast<std::string>(d) + " ticks " + std::to_string(ticks - start));
    std::any e = co_await t;
}

TEST_F(WaitForTest, ImmediateCoroutineResumesThreeIterationsLater) {
    Loop loop;
    std::vector<std::string> log;
    RunOutcome out = run_main(loop, wait_for_immediate(loop, log));
    EXPECT_EQ(out.kind, OutcomeKind::Complete);
    EXPECT_EQ(log,
              (std::vector<std::string>{"now ticks 3", "[now] ticks 3", "now ticks 2",
                                        "timeout 0: TimeoutError ticks 1", "done future ticks 0"}));
}

Coro<void> latency(Loop& loop, std::vector<std::uint64_t>& took) {
    std::uint64_t k = loop.iteration();
    std::any a = co_await wait_for(loop, co(immediate()), 5.0);
    took.push_back(loop.iteration() - k);
    k = loop.iteration();
    std::any b = co_await wait_for(loop, co(immediate()), std::nullopt); // inline, no task
    took.push_back(loop.iteration() - k);
    EXPECT_EQ(loop.all_tasks().size(), 1u);
}

TEST_F(WaitForTest, LatencyInIterations) {
    Loop loop;
    std::vector<std::uint64_t> took;
    EXPECT_EQ(run_main(loop, latency(loop, took)).kind, OutcomeKind::Complete);
    EXPECT_EQ(took, (std::vector<std::uint64_t>{3, 0}));
}

// [SECTION] 49_wait_for_cancel: cancelling the caller cancels the inner task and waits

Coro<void> inner(Loop& loop, std::vector<std::string>& log) {
    try {
        co_await sleep(loop, 10);
    } catch (const CancelledError& e) {
        log.push_back("inner cancelled '" + e.message() + "'");
        throw;
    }
}

Coro<void> outer(Loop& loop, std::vector<std::string>& log) {
    try {
        std::any r = co_await wait_for(loop, co(inner(loop, log)), 5);
    } catch (const CancelledError& e) {
        log.push_back("outer cancelled '" + e.message() + "'");
        throw;
    }
}

Coro<void> wait_for_cancel(Loop& loop, std::vector<std::string>& log) {
    Task t = create_task(loop, outer(loop, log));
    co_await sleep(loop, 1);
    t->cancel("stop it");
    try {
        std::any r = co_await t;
    } catch (const CancelledError& e) {
        log.push_back("main sees '" + e.message() + "' " + (t->cancelled() ? "True" : "False"));
    }
    log.push_back("t " + num(loop.time()));
}

TEST_F(WaitForTest, CancellingTheCallerCancelsAndAwaitsTheInnerTask) {
    Loop loop;
    std::vector<std::string> log;
    RunOutcome out = run_main(loop, wait_for_cancel(loop, log));
    EXPECT_EQ(out.kind, OutcomeKind::Complete);
    EXPECT_EQ(log, (std::vector<std::string>{"inner cancelled ''", "outer cancelled 'stop it'",
                                             "main sees 'stop it' True", "t 1.0"}));
}

// [SECTION] Other paths of the algorithm

Coro<int> fails(Loop& loop) {
    co_await sleep(loop, 1);
    throw value_error("bad");
}

Coro<int> cancel_then_fail(Loop& loop) {
    try {
        co_await sleep(loop, 10);
    } catch (const CancelledError&) {
    }
    throw value_error("cleanup failed");
}

Coro<void> error_paths(Loop& loop, std::vector<std::string>& log) {
    try { // the inner error propagates as is
        std::any r = co_await wait_for(loop, co(fails(loop)), 5);
    } catch (const PyError& e) {
        log.push_back(e.type() + " " + e.message() + " " + num(loop.time()));
    }
    try { // bpo-40607: an error raised while handling the cancel is re-raised
        std::any r = co_await wait_for(loop, co(cancel_then_fail(loop)), 1);
    } catch (const PyError& e) {
        log.push_back(e.type() + " " + e.message() + " " + num(loop.time()));
    }
    // A future (not a coroutine) is cancelled at the timeout as well.
    Future fut = create_future(loop);
    try {
        std::any r = co_await wait_for(loop, fut, 1);
    } catch (const PyError& e) {
        log.push_back(e.type() + std::string(" future cancelled ") +
                      (fut->cancelled() ? "True" : "False") + " " + num(loop.time()));
    }
    // timeout <= 0 with a pending future: cancelled, waited for, TimeoutError.
    Future fut2 = create_future(loop);
    try {
        std::any r = co_await wait_for(loop, fut2, -1);
    } catch (const PyError& e) {
        log.push_back(e.type() + " cause " + describe_error(e.cause()).type);
    }
}

TEST_F(WaitForTest, ErrorsOfTheInnerTaskAndFutures) {
    Loop loop;
    std::vector<std::string> log;
    RunOutcome out = run_main(loop, error_paths(loop, log));
    EXPECT_EQ(out.kind, OutcomeKind::Complete);
    EXPECT_EQ(log, (std::vector<std::string>{"ValueError bad 1.0", "ValueError cleanup failed 2.0",
                                             "TimeoutError future cancelled True 3.0",
                                             "TimeoutError cause CancelledError"}));
}

Coro<int> quick(Loop& loop) {
    co_await sleep(loop, 1);
    co_return 42;
}

Coro<void> caller_cancelled_after_inner_done(Loop& loop, Task& inner_task, int& result) {
    Future f = inner_task;
    std::any r = co_await wait_for(loop, f, 10);
    result = std::any_cast<int>(r);
}

Coro<void> race(Loop& loop, std::vector<std::string>& log) {
    // The inner task finishes and, in the same iteration, the caller is cancelled before its
    // waiter callback woke it: `except CancelledError: if fut.done(): return fut.result()`.
    Task inner_task = create_task(loop, quick(loop));
    int result = 0;
    Task caller = create_task(loop, caller_cancelled_after_inner_done(loop, inner_task, result));
    co_await sleep(loop, 1); // same deadline as inner's timer, which fires after ours
    co_await sleep(loop, 0); // inner finished; its done callback (release waiter) is queued
    log.push_back(std::string("inner done ") + (inner_task->done() ? "True" : "False"));
    caller->cancel();
    std::any r = co_await caller;
    log.push_back("caller returned " + std::to_string(result) + " cancelled " +
                  (caller->cancelled() ? "True" : "False"));
}

TEST_F(WaitForTest, CallerCancelledAfterInnerFinishedReturnsTheResult) {
    Loop loop;
    std::vector<std::string> log;
    RunOutcome out = run_main(loop, race(loop, log));
    EXPECT_EQ(out.kind, OutcomeKind::Complete);
    EXPECT_EQ(log,
              (std::vector<std::string>{"inner done True", "caller returned 42 cancelled False"}));
}

Coro<void> timer_is_cancelled(Loop& loop, std::size_t& timers_after) {
    std::any r = co_await wait_for(loop, co(quick(loop)), 100);
    // `finally: timeout_handle.cancel()`: the 100 s timer is cancelled (it stays in the heap
    // until it reaches the top, as in CPython) and the run does not wait for it.
    timers_after = loop.timer_count();
}

TEST_F(WaitForTest, TheTimeoutHandleIsCancelled) {
    Loop loop;
    std::size_t timers = 0;
    RunOutcome out = run_main(loop, timer_is_cancelled(loop, timers));
    EXPECT_EQ(out.kind, OutcomeKind::Complete);
    EXPECT_EQ(timers, 1u);
    EXPECT_DOUBLE_EQ(out.time, 1.0);
}

} // namespace
