// asyncio.Task (3.11) step / wake-up / cancel rules, names, current_task, the latency table
// of reference §1.5 as golden iteration counts, deep awaits on the trampoline, frames of
// tasks left suspended, and the shutdown order of asyncio.run.
//
// [SECTION] Cancel rules
// [SECTION] Names, current_task, awaiting itself
// [SECTION] Latency table (iterations)
// [SECTION] Deep awaits (trampoline)
// [SECTION] Frames of suspended tasks, shutdown order
// [SECTION] Reused waiter futures
#include "runtime/event.h"
#include "runtime/lock.h"
#include "runtime_test_support.h"

#include <string>
#include <vector>

using namespace condlab;
using namespace condlab::testing;

namespace {

class TaskTest : public FrameLeakCheck {};

std::string py_bool(bool b) { return b ? "True" : "False"; }

// [SECTION] Cancel rules

Coro<void> body_logs(std::vector<std::string>& log) {
    log.push_back("body ran");
    co_return;
}

Coro<void> cancel_before_first_step(Loop& loop, std::vector<std::string>& log) {
    Task t = create_task(loop, body_logs(log));
    EXPECT_TRUE(t->cancel());
    EXPECT_TRUE(t->must_cancel());
    try {
        std::any r = co_await t;
    } catch (const CancelledError&) {
        log.push_back("cancelled " + py_bool(t->cancelled()));
    }
}

TEST_F(TaskTest, CancelBeforeTheFirstStepNeverRunsTheBody) {
    Loop loop;
    std::vector<std::string> log;
    EXPECT_EQ(run_main(loop, cancel_before_first_step(loop, log)).kind, OutcomeKind::Complete);
    EXPECT_EQ(log, (std::vector<std::string>{"cancelled True"}));
}

Coro<std::string> await_then_catch(Future fut, std::vector<std::string>& log) {
    try {
        std::any r = co_await fut;
        log.push_back("got " + std::any_cast<std::string>(r));
    } catch (const CancelledError&) {
        log.push_back("CancelledError although fut has " + fut->result_as<std::string>());
    }
    co_return "returned"; // swallowed the cancel: the task is NOT cancelled
}

Coro<void> woken_then_cancelled(Loop& loop, std::vector<std::string>& log) {
    Future fut = create_future(loop);
    Task t = create_task(loop, await_then_catch(fut, log));
    co_await sleep(loop, 0);
    fut->set_result(std::string("a result")); // t's wake-up is queued ...
    EXPECT_TRUE(t->cancel());                 // ... and fut is done: must_cancel
    EXPECT_TRUE(t->must_cancel());
    EXPECT_EQ(t->cancelling(), 1);
    std::any r = co_await t;
    log.push_back(std::any_cast<std::string>(r) + " cancelled " + py_bool(t->cancelled()));
}

TEST_F(TaskTest, WokenThenCancelledGetsCancelledErrorEvenThoughTheFutureHasAResult) {
    Loop loop;
    std::vector<std::string> log;
    EXPECT_EQ(run_main(loop, woken_then_cancelled(loop, log)).kind, OutcomeKind::Complete);
    EXPECT_EQ(log, (std::vector<std::string>{"CancelledError although fut has a result",
                                             "returned cancelled False"}));
}

Coro<int> cancels_itself_and_returns(Loop& loop) {
    loop.current_task()->cancel(); // no fut_waiter while running: must_cancel
    co_return 1;                   // StopIteration with must_cancel → the task is cancelled
}

Coro<void> self_cancel(Loop& loop, std::vector<std::string>& log) {
    Task t = create_task(loop, cancels_itself_and_returns(loop));
    try {
        std::any r = co_await t;
        log.push_back("result");
    } catch (const CancelledError&) {
        log.push_back("cancelled " + py_bool(t->cancelled()));
    }
}

TEST_F(TaskTest, ReturningWithMustCancelSetCancelsTheTask) {
    Loop loop;
    std::vector<std::string> log;
    EXPECT_EQ(run_main(loop, self_cancel(loop, log)).kind, OutcomeKind::Complete);
    EXPECT_EQ(log, (std::vector<std::string>{"cancelled True"}));
}

// 52_cancel_message
Coro<void> sleeper(Loop& loop, std::vector<std::string>& log) {
    try {
        co_await sleep(loop, 10);
    } catch (const CancelledError& e) {
        log.push_back("sleeper got '" + e.message() + "'");
        throw;
    }
}

Coro<void> cancel_message(Loop& loop, std::vector<std::string>& log) {
    Task t = create_task(loop, sleeper(loop, log));
    co_await sleep(loop, 0);
    log.push_back("cancel " + py_bool(t->cancel("bye")));
    log.push_back("cancel again " + py_bool(t->cancel("second")));
    try {
        std::any r = co_await t;
    } catch (const CancelledError& e) {
        log.push_back("main got '" + e.message() + "'");
    }
    log.push_back("cancel done task " + py_bool(t->cancel()));
    Future fut = create_future(loop);
    fut->cancel("future msg");
    try {
        fut->result();
    } catch (const CancelledError& e) {
        log.push_back("future '" + e.message() + "'");
    }
    Task t2 = create_task(loop, sleeper(loop, log));
    t2->cancel("before start");
    try {
        std::any r = co_await t2;
    } catch (const CancelledError& e) {
        log.push_back("t2 '" + e.message() + "' " + py_bool(t2->cancelled()));
    }
}

TEST_F(TaskTest, CancelMessagePropagates) {
    Loop loop;
    std::vector<std::string> log;
    EXPECT_EQ(run_main(loop, cancel_message(loop, log)).kind, OutcomeKind::Complete);
    EXPECT_EQ(log, (std::vector<std::string>{
                       "cancel True", "cancel again True", "sleeper got 'bye'", "main got 'bye'",
                       "cancel done task False", "future 'future msg'", "t2 'before start' True"}));
}

// 53_cancelling_uncancel
Coro<std::string> victim(Loop& loop, std::vector<std::string>& log) {
    try {
        co_await sleep(loop, 10);
    } catch (const CancelledError&) {
        TaskState* task = loop.current_task();
        log.push_back("victim cancelling " + std::to_string(task->cancelling()));
        int a = task->uncancel();
        int b = task->uncancel();
        log.push_back("uncancel -> " + std::to_string(a) + " " + std::to_string(b));
        log.push_back("victim cancelling " + std::to_string(task->cancelling()));
    }
    co_await sleep(loop, 1);
    co_return "recovered";
}

Coro<void> cancelling_uncancel(Loop& loop, std::vector<std::string>& log) {
    TaskState* me = loop.current_task();
    log.push_back("cancelling " + std::to_string(me->cancelling()));
    Task t = create_task(loop, victim(loop, log));
    co_await sleep(loop, 0);
    t->cancel();
    t->cancel();
    log.push_back("requested " + std::to_string(t->cancelling()));
    std::any r = co_await t;
    log.push_back(std::any_cast<std::string>(r) + " " + std::to_string(t->cancelling()) + " " +
                  py_bool(t->cancelled()));
    int u = me->uncancel();
    log.push_back("uncancel at 0 -> " + std::to_string(u) + " " + std::to_string(me->cancelling()));
}

TEST_F(TaskTest, CancellingAndUncancel) {
    Loop loop;
    std::vector<std::string> log;
    EXPECT_EQ(run_main(loop, cancelling_uncancel(loop, log)).kind, OutcomeKind::Complete);
    EXPECT_EQ(log, (std::vector<std::string>{"cancelling 0", "requested 2", "victim cancelling 2",
                                             "uncancel -> 1 0", "victim cancelling 0",
                                             "recovered 0 False", "uncancel at 0 -> 0 0"}));
}

// [SECTION] Names, current_task, awaiting itself

Coro<void> nothing() { co_return; }

Coro<void> names(Loop& loop, std::vector<std::string>& log) {
    log.push_back(loop.current_task()->name());
    Task a = create_task(loop, nothing());
    Task b = create_task(loop, nothing(), "worker");
    Task c = create_task(loop, nothing());
    log.push_back(a->name() + " " + b->name() + " " + c->name());
    b->set_name("renamed");
    log.push_back(b->name());
    Ref<GatheringFuture> g = gather(loop, awaitables(nothing(), Future(a), Future(b), Future(c)));
    std::any r = co_await g;
    log.push_back(create_task(loop, nothing())->name()); // gather's child took Task-4
    co_await sleep(loop, 0);
}

TEST_F(TaskTest, NamesAreTaskNAndNamedTasksDoNotTakeANumber) {
    Loop loop;
    std::vector<std::string> log;
    EXPECT_EQ(run_main(loop, names(loop, log)).kind, OutcomeKind::Complete);
    EXPECT_EQ(log,
              (std::vector<std::string>{"Task-1", "Task-2 worker Task-3", "renamed", "Task-5"}));
}

Coro<void> check_current(Loop& loop, Task& self, bool& same) {
    same = loop.current_task() == self.get() && current_task(loop) == self.get();
    co_await sleep(loop, 0);
    same = same && loop.current_task() == self.get();
}

TEST_F(TaskTest, CurrentTaskIsTheTaskWhoseStepRuns) {
    Loop loop;
    EXPECT_EQ(loop.current_task(), nullptr);
    Task self;
    bool same = false;
    self = create_task(loop, check_current(loop, self, same));
    EXPECT_EQ(loop.current_task(), nullptr); // not inside a step
    RunOutcome out = loop.run_until_complete(self);
    EXPECT_EQ(out.kind, OutcomeKind::Complete);
    EXPECT_TRUE(same);
    EXPECT_EQ(loop.current_task(), nullptr);
}

Coro<void> await_self(Task& self, std::string& message) {
    try {
        std::any r = co_await self;
    } catch (const PyError& e) {
        message = e.type() + ": " + e.message();
    }
}

TEST_F(TaskTest, AwaitingItselfIsARuntimeError) {
    Loop loop;
    Task self;
    std::string message;
    self = create_task(loop, await_self(self, message), "me");
    loop.run_until_complete(self);
    EXPECT_TRUE(self->done());
    EXPECT_EQ(message.rfind("RuntimeError: Task cannot await on itself: ", 0), 0u) << message;
    EXPECT_NE(message.find("me"), std::string::npos) << message;
    self = nullptr;
}

// [SECTION] Latency table (iterations)

Coro<int> immediate() { co_return 1; }

Coro<void> set_later(Loop& loop, Future fut, std::uint64_t& at) {
    at = loop.iteration();
    fut->set_result(1);
    co_return;
}

Coro<void> record_first_step(Loop& loop, std::uint64_t& at) {
    at = loop.iteration();
    co_return;
}

struct Latency {
    std::vector<std::pair<std::string, std::uint64_t>> rows;
    void add(std::string what, std::uint64_t n) { rows.emplace_back(std::move(what), n); }
};

Coro<void> latency_table(Loop& loop, Latency& lat) {
    std::uint64_t k = loop.iteration();

    Future done = create_future(loop);
    done->set_result(1);
    std::any r0 = co_await done;
    lat.add("await done future", loop.iteration() - k);

    Task finished = create_task(loop, immediate());
    co_await sleep(loop, 0);
    co_await sleep(loop, 0);
    k = loop.iteration();
    std::any r1 = co_await finished;
    lat.add("await done task", loop.iteration() - k);

    Future fut = create_future(loop);
    std::uint64_t set_at = 0;
    Task setter = create_task(loop, set_later(loop, fut, set_at));
    std::any r2 = co_await fut;
    lat.add("await fut completed in k: resume - k", loop.iteration() - set_at);

    k = loop.iteration();
    co_await sleep(loop, 0);
    lat.add("sleep(0)", loop.iteration() - k);
    k = loop.iteration();
    co_await sleep(loop, -1);
    lat.add("sleep(-1)", loop.iteration() - k);

    k = loop.iteration();
    double t0 = loop.time();
    co_await sleep(loop, 2.5); // timer fires in k+1 (clock moves), task runs in k+2
    lat.add("sleep(2.5)", loop.iteration() - k);
    lat.add("sleep(2.5) virtual seconds x10", static_cast<std::uint64_t>((loop.time() - t0) * 10));

    std::uint64_t first = 0;
    k = loop.iteration();
    Task starter = create_task(loop, record_first_step(loop, first));
    std::any r3 = co_await starter;
    lat.add("create_task first step", first - k);

    k = loop.iteration();
    Task imm = create_task(loop, immediate());
    std::any r4 = co_await imm;
    lat.add("await create_task(immediate)", loop.iteration() - k);

    k = loop.iteration();
    Ref<GatheringFuture> g = gather(loop, awaitables(immediate()));
    std::any r5 = co_await g;
    lat.add("await gather(immediate)", loop.iteration() - k);

    k = loop.iteration();
    std::any r6 = co_await wait_for(loop, make_backend(immediate()), 10.0);
    lat.add("await wait_for(immediate, t)", loop.iteration() - k);

    Ref<Lock> lock = make_ref<Lock>(loop);
    k = loop.iteration();
    bool acquired = co_await lock->acquire(); // `async with lock` on a free lock
    lock->release();
    lat.add("async with free lock", acquired ? loop.iteration() - k : 99);

    Ref<Event> event = make_ref<Event>(loop);
    event->set();
    k = loop.iteration();
    bool was_set = co_await event->wait();
    lat.add("event.wait() when set", was_set ? loop.iteration() - k : 99);
}

TEST_F(TaskTest, LatencyTableInIterations) {
    Loop loop;
    Latency lat;
    EXPECT_EQ(run_main(loop, latency_table(loop, lat)).kind, OutcomeKind::Complete);
    using Row = std::pair<std::string, std::uint64_t>;
    EXPECT_EQ(lat.rows, (std::vector<Row>{
                            {"await done future", 0},
                            {"await done task", 0},
                            {"await fut completed in k: resume - k", 1},
                            {"sleep(0)", 1},
                            {"sleep(-1)", 1},
                            {"sleep(2.5)", 2},
                            {"sleep(2.5) virtual seconds x10", 25},
                            {"create_task first step", 1},
                            {"await create_task(immediate)", 2},
                            {"await gather(immediate)", 3},
                            {"await wait_for(immediate, t)", 3},
                            {"async with free lock", 0},
                            {"event.wait() when set", 0},
                        }));
}

// [SECTION] Deep awaits (trampoline)

Coro<int> trivial(int i) { co_return i; }

Coro<long> many_awaits(Loop& loop, int n) {
    long sum = 0;
    for (int i = 0; i < n; ++i) {
        int v = co_await trivial(i & 1);
        sum += v;
    }
    Future done = create_future(loop);
    done->set_result(1);
    for (int i = 0; i < n; ++i) {
        std::any v = co_await done;
        sum += std::any_cast<int>(v);
    }
    co_return sum;
}

TEST_F(TaskTest, AMillionSequentialAwaitsDoNotGrowTheStack) {
    Loop loop;
    constexpr int n = 1'000'000;
    RunOutcome out = run_main(loop, many_awaits(loop, n));
    ASSERT_EQ(out.kind, OutcomeKind::Complete);
    EXPECT_EQ(std::any_cast<long>(out.result), n / 2 + n);
    // No await suspended main: it ran in iteration 1; its done callback stops the loop in 2.
    EXPECT_EQ(out.iterations, 2u);
}

Coro<int> nested(Loop& loop, int depth) {
    if (depth == 0) {
        co_await sleep(loop, 0); // the whole chain suspends at the bottom and resumes
        co_return 0;
    }
    int below = co_await nested(loop, depth - 1);
    co_return below + 1;
}

TEST_F(TaskTest, NestedCoroutinesTenThousandDeep) {
    Loop loop;
    RunOutcome out = run_main(loop, nested(loop, 10'000));
    ASSERT_EQ(out.kind, OutcomeKind::Complete);
    EXPECT_EQ(std::any_cast<int>(out.result), 10'000);
}

Coro<int> nested_throw(Loop& loop, int depth) {
    if (depth == 0) {
        co_await sleep(loop, 0);
        throw value_error("bottom");
    }
    int below = co_await nested_throw(loop, depth - 1);
    co_return below + 1;
}

TEST_F(TaskTest, AnExceptionUnwindsTenThousandFrames) {
    Loop loop;
    RunOutcome out = run_main(loop, nested_throw(loop, 10'000));
    ASSERT_EQ(out.kind, OutcomeKind::Exception);
    EXPECT_EQ(error_type(out.error), "ValueError");
}

// [SECTION] Frames of suspended tasks, shutdown order

Coro<void> wait_forever(Future fut) { std::any r = co_await fut; }

Coro<void> stuck_chain(Loop& loop, Future fut, int depth) {
    if (depth == 0) {
        std::any r = co_await fut;
        co_return;
    }
    co_await stuck_chain(loop, fut, depth - 1);
}

Coro<void> deadlocked_main(Loop& loop) {
    Future never = create_future(loop);
    Task a = create_task(loop, wait_forever(never));
    Task b = create_task(loop, stuck_chain(loop, never, 50));
    Ref<GatheringFuture> g = gather(loop, awaitables(Future(a), Future(b)));
    std::any r = co_await g;
}

TEST_F(TaskTest, DestroyingTheLoopFreesFramesOfSuspendedTasks) {
    const long start = live_coroutine_frames();
    {
        Loop loop;
        RunOutcome out = run_main(loop, deadlocked_main(loop));
        EXPECT_EQ(out.kind, OutcomeKind::Deadlock);
        EXPECT_EQ(out.blocked.size(), 3u);
        EXPECT_GT(live_coroutine_frames(), start + 50); // main + a + b's chain
    }
    EXPECT_EQ(live_coroutine_frames(), start);
}

Coro<void> observe_cancel(Loop& loop, int i, double delay, std::vector<int>& order) {
    // Tasks start waiting in a different order from their creation.
    for (int k = 0; k < 3 - i; ++k)
        co_await sleep(loop, 0);
    try {
        co_await sleep(loop, delay);
    } catch (const CancelledError&) {
        order.push_back(i);
        throw;
    }
}

Coro<int> main_leaves_tasks(Loop& loop, std::vector<int>& order) {
    create_task(loop, observe_cancel(loop, 0, 50, order));
    create_task(loop, observe_cancel(loop, 1, 10, order));
    create_task(loop, observe_cancel(loop, 2, 30, order));
    create_task(loop, observe_cancel(loop, 3, 20, order));
    co_await sleep(loop, 1);
    co_return 7;
}

TEST_F(TaskTest, ShutdownCancelsPendingTasksInCreationOrder) {
    Loop loop;
    std::vector<int> order;
    RunOutcome out = run_main(loop, main_leaves_tasks(loop, order));
    EXPECT_EQ(out.kind, OutcomeKind::Complete);
    EXPECT_EQ(std::any_cast<int>(out.result), 7);
    EXPECT_EQ(order, (std::vector{0, 1, 2, 3}));
    EXPECT_TRUE(loop.all_tasks().empty());
}

// [SECTION] Reused waiter futures

Coro<void> reuse_waiters(Loop& loop) {
    const TaskId me = current_task(loop)->id();
    Future a = create_waiter(loop, WaitInfo{WaitKind::Lock, 7, {}});
    a->set_result_value(true);
    FutureState* first = a.get();
    recycle_waiter(loop, std::move(a));
    // Nobody else holds it: it comes back pending and clean, as a new one would be.
    Future b = create_waiter(loop, WaitInfo{WaitKind::Sleep, kNoObject, {}});
    EXPECT_EQ(b.get(), first);
    EXPECT_FALSE(b->done());
    EXPECT_EQ(b->wait.kind, WaitKind::Sleep);
    EXPECT_EQ(b->owner, me);
    b->set_result_none();
    EXPECT_FALSE(b->result().has_value());
    Future held = b;
    recycle_waiter(loop, std::move(b));
    Future c = create_waiter(loop, {});
    EXPECT_NE(c.get(), held.get()); // still held elsewhere: not reused
    EXPECT_TRUE(held->done());
    EXPECT_TRUE(c->cancel(std::string("gone")));
    recycle_waiter(loop, c);
    c = nullptr;
    Future d = create_waiter(loop, {});
    EXPECT_FALSE(d->cancelled());
    EXPECT_FALSE(d->cancel_message());
    co_return;
}

TEST_F(TaskTest, WaiterFuturesAreReusedOnlyWhenNobodyElseHoldsThem) {
    Loop loop;
    EXPECT_EQ(run_main(loop, reuse_waiters(loop)).kind, OutcomeKind::Complete);
}

} // namespace
