// asyncio.gather (3.11): argument order, duplicates, return_exceptions, first error,
// outer cancel (children cancelled, CancelledError once they finish), the call_soon of
// already-done children. Golden outputs are the CPython runs of tests/conformance/44-46.
#include "runtime_test_support.h"

#include <cstdio>
#include <string>
#include <vector>

using namespace condlab;
using namespace condlab::testing;

namespace {

class GatherTest : public FrameLeakCheck {};

std::string num(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", x);
    return buf;
}

std::vector<std::string> strings(const std::any& v) {
    std::vector<std::string> out;
    for (const std::any& a : std::any_cast<const std::vector<std::any>&>(v))
        out.push_back(std::any_cast<std::string>(a));
    return out;
}

/// Marks a coroutine argument (it becomes a task inside gather).
template <class T> Coro<T> co(Coro<T> c) { return c; }

// [SECTION] 44_gather_order: results in argument order, whatever the finish order

Coro<std::string> job(Loop& loop, std::string name, double delay, std::vector<std::string>& log) {
    co_await sleep(loop, delay);
    log.push_back("finish " + name + " " + num(loop.time()));
    co_return name;
}

std::string join(const std::vector<std::string>& v) {
    std::string s = "[";
    for (std::size_t i = 0; i < v.size(); ++i)
        s += (i ? ", " : "") + v[i];
    return s + "]";
}

Coro<void> gather_order(Loop& loop, std::vector<std::string>& log) {
    Ref<GatheringFuture> g =
        gather(loop, awaitables(co(job(loop, "a", 3, log)), co(job(loop, "b", 1, log)),
                                co(job(loop, "c", 2, log)), co(job(loop, "d", 1, log))));
    std::any res = co_await g;
    log.push_back(join(strings(res)));

    Task dup = create_task(loop, job(loop, "dup", 0.5, log));
    Ref<GatheringFuture> g2 = gather(loop, awaitables(Future(dup), Future(dup)));
    EXPECT_EQ(g2->children().size(), 2u);
    EXPECT_EQ(g2->children()[0], g2->children()[1]); // one entry shared
    std::any res2 = co_await g2;
    log.push_back(join(strings(res2)));

    std::uint64_t before = loop.iteration();
    Ref<GatheringFuture> g3 = gather(loop, {});
    EXPECT_TRUE(g3->done());
    std::any res3 = co_await g3;
    EXPECT_EQ(loop.iteration(), before); // no suspension
    log.push_back(join(strings(res3)));

    Task t = create_task(loop, job(loop, "task", 0, log));
    Ref<GatheringFuture> g4 = gather(loop, awaitables(Future(t), co(job(loop, "coro", 0, log))));
    std::any res4 = co_await g4;
    log.push_back(join(strings(res4)));
}

TEST_F(GatherTest, ResultsInArgumentOrderDuplicatesAndEmpty) {
    Loop loop;
    std::vector<std::string> log;
    RunOutcome out = run_main(loop, gather_order(loop, log));
    EXPECT_EQ(out.kind, OutcomeKind::Complete);
    EXPECT_EQ(log, (std::vector<std::string>{"finish b 1.0", "finish d 1.0", "finish c 2.0",
                                             "finish a 3.0", "[a, b, c, d]", "finish dup 3.5",
                                             "[dup, dup]", "[]", "finish task 3.5",
                                             "finish coro 3.5", "[task, coro]"}));
}

// [SECTION] 45_gather_return_exceptions

Coro<int> ok(Loop& loop, int n, double d, std::vector<std::string>& log) {
    co_await sleep(loop, d);
    log.push_back("ok " + std::to_string(n) + " done");
    co_return n;
}

Coro<int> bad(Loop& loop, std::string msg, double d) {
    co_await sleep(loop, d);
    throw value_error(msg);
}

Coro<void> return_exceptions(Loop& loop, std::vector<std::string>& log) {
    Ref<GatheringFuture> g = gather(
        loop,
        awaitables(co(ok(loop, 1, 1, log)), co(bad(loop, "x", 0.5)), co(ok(loop, 2, 0.2, log))),
        true);
    std::any res = co_await g;
    std::string line;
    for (const std::any& r : std::any_cast<const std::vector<std::any>&>(res)) {
        if (const int* n = std::any_cast<int>(&r)) {
            line += std::to_string(*n) + " ";
        } else {
            ErrorDescription d = describe_error(std::any_cast<std::exception_ptr>(r));
            line += "(" + d.type + " " + d.message + ") ";
        }
    }
    log.push_back(line);

    Task slow = create_task(loop, ok(loop, 3, 2, log));
    Ref<GatheringFuture> g2 = gather(
        loop, awaitables(Future(slow), co(bad(loop, "first", 1)), co(bad(loop, "second", 1.5))));
    try {
        std::any r = co_await g2;
        ADD_FAILURE() << "no error";
    } catch (const PyError& e) {
        log.push_back("raised " + e.type() + " " + e.message() + " at " + num(loop.time()) +
                      " slow done " + (slow->done() ? "True" : "False"));
    }
    std::any r = co_await slow;
    co_await sleep(loop, 1);
    log.push_back("end " + num(loop.time()));
}

TEST_F(GatherTest, ReturnExceptionsAndFirstErrorLeavesOthersRunning) {
    Loop loop;
    std::vector<std::string> log;
    RunOutcome out = run_main(loop, return_exceptions(loop, log));
    EXPECT_EQ(out.kind, OutcomeKind::Complete);
    EXPECT_EQ(log, (std::vector<std::string>{"ok 2 done", "ok 1 done", "1 (ValueError x) 2 ",
                                             "raised ValueError first at 2.0 slow done False",
                                             "ok 3 done", "end 4.0"}));
}

// [SECTION] 46_gather_cancel: outer cancel cancels the children; CancelledError at the end

Coro<void> child(Loop& loop, int n, std::vector<std::string>& log) {
    try {
        co_await sleep(loop, 10);
    } catch (const CancelledError&) {
        log.push_back("child " + std::to_string(n) + " cancelled");
        throw;
    }
}

Coro<std::string> stubborn(Loop& loop) {
    try {
        co_await sleep(loop, 10);
    } catch (const CancelledError&) {
        co_return "swallowed";
    }
    co_return "slept";
}

Coro<void> gather_cancel(Loop& loop, std::vector<std::string>& log) {
    Ref<GatheringFuture> g =
        gather(loop, awaitables(co(child(loop, 1, log)), co(child(loop, 2, log)),
                                co(child(loop, 3, log))));
    co_await sleep(loop, 1);
    log.push_back(std::string("cancel ") + (g->cancel() ? "True" : "False"));
    EXPECT_TRUE(g->cancel_requested());
    EXPECT_FALSE(g->done()); // not marked cancelled at once
    try {
        std::any r = co_await g;
    } catch (const CancelledError&) {
        log.push_back(std::string("gather cancelled ") + (g->cancelled() ? "True" : "False"));
    }
    Ref<GatheringFuture> g2 = gather(loop, awaitables(co(stubborn(loop)), co(child(loop, 4, log))));
    co_await sleep(loop, 0);
    g2->cancel();
    try {
        std::any r = co_await g2;
        log.push_back("g2 result");
    } catch (const CancelledError&) {
        log.push_back(std::string("g2 cancelled ") + (g2->cancelled() ? "True" : "False"));
    }
}

TEST_F(GatherTest, OuterCancelCancelsChildrenAndRaisesWhenTheyFinish) {
    Loop loop;
    std::vector<std::string> log;
    RunOutcome out = run_main(loop, gather_cancel(loop, log));
    EXPECT_EQ(out.kind, OutcomeKind::Complete);
    EXPECT_EQ(log, (std::vector<std::string>{
                       "cancel True", "child 1 cancelled", "child 2 cancelled", "child 3 cancelled",
                       "gather cancelled False", "child 4 cancelled", "g2 cancelled False"}));
}

// [SECTION] Cancelling the task that awaits gather cancels the children (with the message)

Coro<void> await_gather(Loop& loop, std::vector<std::string>& log) {
    Ref<GatheringFuture> g = gather(loop, awaitables(co(child(loop, 1, log)), co(stubborn(loop))));
    try {
        std::any r = co_await g;
    } catch (const CancelledError& e) {
        log.push_back("awaiter got '" + e.message() + "'");
        throw;
    }
}

Coro<void> cancel_awaiter(Loop& loop, std::vector<std::string>& log) {
    Task t = create_task(loop, await_gather(loop, log));
    co_await sleep(loop, 1);
    t->cancel("stop");
    try {
        std::any r = co_await t;
    } catch (const CancelledError& e) {
        log.push_back("main got '" + e.message() + "' cancelled " +
                      (t->cancelled() ? "True" : "False"));
    }
}

TEST_F(GatherTest, CancellingTheAwaiterCancelsChildrenWithTheMessage) {
    Loop loop;
    std::vector<std::string> log;
    RunOutcome out = run_main(loop, cancel_awaiter(loop, log));
    EXPECT_EQ(out.kind, OutcomeKind::Complete);
    // The stubborn child (last) swallows the cancel, so the outer's CancelledError is made
    // from the last child's cancel message ('stop').
    EXPECT_EQ(log, (std::vector<std::string>{"child 1 cancelled", "awaiter got 'stop'",
                                             "main got 'stop' cancelled True"}));
}

// [SECTION] Children that are already done still go through call_soon (3.11)

TEST_F(GatherTest, AlreadyDoneChildrenAreCountedByAScheduledCallback) {
    Loop loop;
    Future a = create_future(loop);
    Future b = create_future(loop);
    a->set_result(1);
    b->set_result(2);
    Ref<GatheringFuture> g = gather(loop, awaitables(Future(a), Future(b), Future(a)));
    EXPECT_FALSE(g->done());
    EXPECT_EQ(loop.ready_count(), 2u); // one callback per distinct child
    ASSERT_TRUE(loop.run_once());
    ASSERT_TRUE(g->done());
    std::vector<int> got;
    for (const std::any& v : g->result_as<std::vector<std::any>>())
        got.push_back(std::any_cast<int>(v));
    EXPECT_EQ(got, (std::vector{1, 2, 1}));
}

TEST_F(GatherTest, ACancelledChildWithoutReturnExceptionsFailsTheOuterWithCancelledError) {
    Loop loop;
    Future a = create_future(loop);
    Future b = create_future(loop);
    Ref<GatheringFuture> g = gather(loop, awaitables(Future(a), Future(b)));
    a->cancel("child msg");
    loop.run_once(); // a's callback: outer.set_exception(a._make_cancelled_error())
    ASSERT_TRUE(g->done());
    EXPECT_FALSE(g->cancelled());
    std::exception_ptr e = g->exception();
    ASSERT_TRUE(is_cancelled_error(e));
    EXPECT_EQ(describe_error(e).message, "child msg");
    EXPECT_FALSE(b->done());   // the other child keeps going
    EXPECT_FALSE(g->cancel()); // done: cancelling it does nothing
    EXPECT_FALSE(b->cancelled());
}

TEST_F(GatherTest, ReturnExceptionsPutsCancelledErrorWithEmptyMessageInTheSlot) {
    Loop loop;
    Future a = create_future(loop);
    Future b = create_future(loop);
    Ref<GatheringFuture> g = gather(loop, awaitables(Future(a), Future(b)), true);
    a->cancel();
    b->set_exception(std::make_exception_ptr(value_error("boom")));
    while (loop.run_once()) {
    }
    ASSERT_TRUE(g->done());
    const auto& res = g->result_as<const std::vector<std::any>&>();
    ASSERT_EQ(res.size(), 2u);
    auto e0 = std::any_cast<std::exception_ptr>(res[0]);
    EXPECT_TRUE(is_cancelled_error(e0));
    EXPECT_EQ(describe_error(e0).message, "");
    EXPECT_EQ(describe_error(std::any_cast<std::exception_ptr>(res[1])).type, "ValueError");
}

TEST_F(GatherTest, OuterCancelWithReturnExceptionsStillRaisesCancelledError) {
    // bpo-32684: a cancel request propagates regardless of return_exceptions.
    Loop loop;
    Future a = create_future(loop);
    Future b = create_future(loop);
    Ref<GatheringFuture> g = gather(loop, awaitables(Future(a), Future(b)), true);
    EXPECT_TRUE(g->cancel("m"));
    while (loop.run_once()) {
    }
    ASSERT_TRUE(g->done());
    EXPECT_FALSE(g->cancelled());
    std::exception_ptr e = g->exception();
    EXPECT_TRUE(is_cancelled_error(e));
    EXPECT_EQ(describe_error(e).message, "m");
}

// [SECTION] Latency: await gather(immediate) resumes 3 iterations later

Coro<int> immediate() { co_return 7; }

Coro<void> gather_latency(Loop& loop, std::uint64_t& took) {
    std::uint64_t k = loop.iteration();
    Ref<GatheringFuture> g = gather(loop, awaitables(co(immediate())));
    std::any r = co_await g;
    took = loop.iteration() - k;
    EXPECT_EQ(std::any_cast<int>(std::any_cast<const std::vector<std::any>&>(r)[0]), 7);
}

TEST_F(GatherTest, AwaitGatherOfImmediateTakesThreeIterations) {
    Loop loop;
    std::uint64_t took = 0;
    EXPECT_EQ(run_main(loop, gather_latency(loop, took)).kind, OutcomeKind::Complete);
    EXPECT_EQ(took, 3u);
}

} // namespace
