// asyncio.Lock (3.11): ports of test_locks.LockTests with their asserted orders, plus the
// handoff window (no barging), observer reports and the inspector accessors.
#include "lock_test_support.h"

#include <string>
#include <vector>

using namespace condlab;
using namespace condlab::testing;

namespace {

class LockTest : public FrameLeakCheck {};

bool is_cancelled(const std::exception_ptr& e) { return e && is_cancelled_error(e); }

// [SECTION] test_acquire: waiters take the lock in FIFO order

Coro<bool> acquire_and_record(Ref<Lock> lock, int n, std::vector<int>& result) {
    bool ok = co_await lock->acquire();
    if (ok)
        result.push_back(n);
    co_return true;
}

Coro<void> acquire_fifo(Loop& loop, std::vector<std::vector<int>>& seen) {
    Ref<Lock> lock = make_ref<Lock>(loop);
    std::vector<int> result;
    bool first = co_await lock->acquire();
    EXPECT_TRUE(first);

    Task t1 = create_task(loop, acquire_and_record(lock, 1, result));
    Task t2 = create_task(loop, acquire_and_record(lock, 2, result));
    co_await tick();
    seen.push_back(result); // []

    lock->release();
    co_await tick();
    seen.push_back(result); // [1]

    co_await tick();
    seen.push_back(result); // [1]

    Task t3 = create_task(loop, acquire_and_record(lock, 3, result));
    lock->release();
    co_await tick();
    seen.push_back(result); // [1, 2]

    lock->release();
    co_await tick();
    seen.push_back(result); // [1, 2, 3]

    for (const Task& t : {t1, t2, t3}) {
        EXPECT_TRUE(t->done());
        EXPECT_TRUE(t->result_as<bool>());
    }
}

} // namespace

TEST_F(LockTest, AcquireIsFifo) {
    Loop loop;
    std::vector<std::vector<int>> seen;
    RunOutcome out = run_main(loop, acquire_fifo(loop, seen));
    EXPECT_EQ(out.kind, OutcomeKind::Complete);
    EXPECT_EQ(seen, (std::vector<std::vector<int>>{{}, {1}, {1}, {1, 2}, {1, 2, 3}}));
}

// [SECTION] test_acquire_cancel: a cancelled acquire leaves no waiter behind

namespace {
Coro<void> acquire_cancel(Loop& loop, bool& checked) {
    Ref<Lock> lock = make_ref<Lock>(loop);
    bool first = co_await lock->acquire();
    EXPECT_TRUE(first);

    Task task = create_task(loop, lock->acquire());
    loop.call_soon([task] { task->cancel(); });
    std::exception_ptr error;
    try {
        std::any r = co_await task;
    } catch (...) {
        error = std::current_exception();
    }
    EXPECT_TRUE(is_cancelled(error));
    EXPECT_TRUE(lock->waiters().empty());
    // Conformance 02: the lock is still held; after release a fresh acquire is immediate.
    EXPECT_TRUE(lock->locked());
    lock->release();
    bool fresh = co_await lock->acquire();
    EXPECT_TRUE(fresh);
    lock->release();
    checked = true;
}
} // namespace

TEST_F(LockTest, AcquireCancelLeavesNoWaiter) {
    Loop loop;
    bool checked = false;
    EXPECT_EQ(run_main(loop, acquire_cancel(loop, checked)).kind, OutcomeKind::Complete);
    EXPECT_TRUE(checked);
}

// [SECTION] test_cancel_race: B cancelled while A releases; C must get the lock

namespace {
Coro<void> lockit(Ref<Lock> lock, std::string name, Future blocker, std::vector<std::string>& log) {
    bool ok = co_await lock->acquire();
    EXPECT_TRUE(ok);
    log.push_back(name + " acquired");
    std::exception_ptr error;
    try {
        if (blocker)
            std::any r = co_await blocker;
    } catch (...) {
        error = std::current_exception();
    }
    lock->release(); // finally
    log.push_back(name + " released");
    if (error)
        std::rethrow_exception(error);
}

Coro<void> cancel_race(Loop& loop, std::vector<std::string>& log) {
    Ref<Lock> lock = make_ref<Lock>(loop);
    Future fa = create_future(loop);
    Task ta = create_task(loop, lockit(lock, "A", fa, log));
    co_await tick();
    EXPECT_TRUE(lock->locked());
    Task tb = create_task(loop, lockit(lock, "B", nullptr, log));
    co_await tick();
    EXPECT_EQ(lock->waiters().size(), 1u);
    Task tc = create_task(loop, lockit(lock, "C", nullptr, log));
    co_await tick();
    EXPECT_EQ(lock->waiters().size(), 2u);

    // Create the race and check.
    fa->set_result(std::any());
    tb->cancel();
    EXPECT_TRUE(lock->waiters()[0]->cancelled());
    co_await tick();
    EXPECT_FALSE(lock->locked());
    EXPECT_TRUE(ta->done());
    EXPECT_TRUE(tb->cancelled());
    log.push_back("after race");
    std::any r = co_await tc;
    EXPECT_TRUE(tc->done());
    EXPECT_FALSE(lock->locked());
}
} // namespace

TEST_F(LockTest, CancelRace) {
    Loop loop;
    std::vector<std::string> log;
    EXPECT_EQ(run_main(loop, cancel_race(loop, log)).kind, OutcomeKind::Complete);
    EXPECT_EQ(log, (std::vector<std::string>{"A acquired", "A released", "after race", "C acquired",
                                             "C released"}));
}

// [SECTION] test_cancel_release_race (bpo-32734): cancel head + release in one callback

namespace {
Coro<void> counted_lockit(Ref<Lock> lock, int i, int& lock_count, int& call_count,
                          std::vector<int>& acquired) {
    ++call_count;
    bool ok = co_await lock->acquire();
    EXPECT_TRUE(ok);
    ++lock_count;
    acquired.push_back(i);
}

Coro<void> cancel_release_race(Loop& loop, std::vector<int>& acquired) {
    Ref<Lock> lock = make_ref<Lock>(loop);
    int lock_count = 0;
    int call_count = 0;
    bool first = co_await lock->acquire();
    EXPECT_TRUE(first);

    Task t1 = create_task(loop, counted_lockit(lock, 1, lock_count, call_count, acquired));
    Task t2 = create_task(loop, counted_lockit(lock, 2, lock_count, call_count, acquired));
    Task t3 = create_task(loop, counted_lockit(lock, 3, lock_count, call_count, acquired));
    co_await tick(); // start scheduled tasks

    loop.call_soon([t1, lock] {
        t1->cancel();
        lock->release();
    });
    std::exception_ptr error;
    try {
        std::any r = co_await t1; // wait for cancellation
    } catch (...) {
        error = std::current_exception();
    }
    EXPECT_TRUE(is_cancelled(error));
    EXPECT_EQ(lock_count, 1); // only one lock was taken
    EXPECT_EQ(call_count, 3); // while 3 calls were made
    EXPECT_TRUE(t1->cancelled() && t2->done());
    EXPECT_FALSE(t3->done());

    t3->cancel(); // cleanup the task stuck on acquire
    co_await tick();
    EXPECT_TRUE(t3->cancelled());
}
} // namespace

TEST_F(LockTest, CancelReleaseRace) {
    Loop loop;
    std::vector<int> acquired;
    EXPECT_EQ(run_main(loop, cancel_release_race(loop, acquired)).kind, OutcomeKind::Complete);
    EXPECT_EQ(acquired, (std::vector{2}));
}

// [SECTION] test_finished_waiter_cancelled

namespace {
Coro<void> finished_waiter_cancelled(Loop& loop, bool& checked) {
    Ref<Lock> lock = make_ref<Lock>(loop);
    bool first = co_await lock->acquire();
    EXPECT_TRUE(first);
    EXPECT_TRUE(lock->locked());

    Task tb = create_task(loop, lock->acquire());
    co_await tick();
    EXPECT_EQ(lock->waiters().size(), 1u);

    // Create a second waiter, wake up the first, and cancel it.
    Task tc = create_task(loop, lock->acquire());
    tb->cancel();
    lock->release();
    co_await tick();

    EXPECT_TRUE(lock->locked());
    EXPECT_TRUE(tb->cancelled());
    std::any r = co_await tc; // cleanup
    EXPECT_TRUE(std::any_cast<bool>(r));
    checked = true;
}

// Conformance 05: the head waiter is woken by release() and then cancelled before it
// runs; it passes the baton to the next waiter, which runs one iteration later.
Coro<void> woken_head_cancelled(Loop& loop, std::vector<std::string>& log) {
    Ref<Lock> lock = make_ref<Lock>(loop);
    bool first = co_await lock->acquire();
    EXPECT_TRUE(first);
    Task ta = create_task(loop, lock->acquire());
    co_await tick();
    EXPECT_TRUE(lock->locked());
    Task tb = create_task(loop, lock->acquire());
    co_await tick();
    lock->release();
    ta->cancel();
    EXPECT_FALSE(lock->locked());
    for (int i = 0; i < 2; ++i) {
        co_await tick();
        log.push_back(std::string("ta cancelled ") + (ta->cancelled() ? "1" : "0") + " tb done " +
                      (tb->done() ? "1" : "0") + " locked " + (lock->locked() ? "1" : "0"));
    }
    std::any r = co_await tb;
    EXPECT_TRUE(std::any_cast<bool>(r));
    lock->release();
}
} // namespace

TEST_F(LockTest, FinishedWaiterCancelled) {
    Loop loop;
    bool checked = false;
    EXPECT_EQ(run_main(loop, finished_waiter_cancelled(loop, checked)).kind, OutcomeKind::Complete);
    EXPECT_TRUE(checked);
}

TEST_F(LockTest, WokenHeadCancelledPassesTheBaton) {
    Loop loop;
    std::vector<std::string> log;
    EXPECT_EQ(run_main(loop, woken_head_cancelled(loop, log)).kind, OutcomeKind::Complete);
    EXPECT_EQ(log, (std::vector<std::string>{"ta cancelled 1 tb done 0 locked 0",
                                             "ta cancelled 1 tb done 1 locked 1"}));
}

// [SECTION] test_release_not_acquired / test_release_no_waiters

TEST_F(LockTest, ReleaseNotAcquired) {
    Loop loop;
    Ref<Lock> lock = make_ref<Lock>(loop);
    try {
        lock->release();
        ADD_FAILURE() << "release() of an unlocked lock must raise";
    } catch (const PyError& e) {
        EXPECT_EQ(e.type(), "RuntimeError");
        EXPECT_EQ(e.message(), "Lock is not acquired.");
    }
}

namespace {
Coro<void> release_no_waiters(Loop& loop, bool& checked) {
    Ref<Lock> lock = make_ref<Lock>(loop);
    bool ok = co_await lock->acquire();
    EXPECT_TRUE(ok);
    EXPECT_TRUE(lock->locked());
    lock->release();
    EXPECT_FALSE(lock->locked());
    EXPECT_THROW(lock->release(), PyError);
    checked = true;
}
} // namespace

TEST_F(LockTest, ReleaseNoWaiters) {
    Loop loop;
    bool checked = false;
    EXPECT_EQ(run_main(loop, release_no_waiters(loop, checked)).kind, OutcomeKind::Complete);
    EXPECT_TRUE(checked);
}

// [SECTION] test_context_manager: acquire / release around a block (also when it raises),
// and conformance 07: four contended blocks run in FIFO order.

namespace {
Coro<void> locked_worker(Loop& loop, Ref<Lock> lock, int i,
                         std::vector<std::pair<std::string, double>>& log) {
    bool ok = co_await lock->acquire(); // async with lock:
    EXPECT_TRUE(ok);
    log.emplace_back("enter " + std::to_string(i), loop.time());
    std::any slept = co_await sleep(loop, 0.1);
    log.emplace_back("exit " + std::to_string(i), loop.time());
    lock->release();
}

Coro<void> context_manager(Loop& loop, std::vector<std::pair<std::string, double>>& log) {
    Ref<Lock> lock = make_ref<Lock>(loop);
    EXPECT_FALSE(lock->locked());
    {
        bool ok = co_await lock->acquire();
        EXPECT_TRUE(ok);
        EXPECT_TRUE(lock->locked());
        lock->release();
    }
    EXPECT_FALSE(lock->locked());

    std::exception_ptr error;
    bool ok = co_await lock->acquire();
    EXPECT_TRUE(ok);
    try {
        throw value_error("body");
    } catch (...) {
        error = std::current_exception();
    }
    lock->release(); // __aexit__ runs even when the body raises
    EXPECT_EQ(error_type(error), "ValueError");
    EXPECT_FALSE(lock->locked());

    std::vector<Task> workers;
    for (int i = 0; i < 4; ++i)
        workers.push_back(create_task(loop, locked_worker(loop, lock, i, log)));
    for (Task& t : workers)
        std::any r = co_await t;
    EXPECT_FALSE(lock->locked());
}
} // namespace

TEST_F(LockTest, ContextManagerBlocksRunInFifoOrder) {
    Loop loop;
    std::vector<std::pair<std::string, double>> log;
    EXPECT_EQ(run_main(loop, context_manager(loop, log)).kind, OutcomeKind::Complete);
    std::vector<std::string> names;
    for (auto& [name, t] : log)
        names.push_back(name);
    EXPECT_EQ(names, (std::vector<std::string>{"enter 0", "exit 0", "enter 1", "exit 1", "enter 2",
                                               "exit 2", "enter 3", "exit 3"}));
    ASSERT_EQ(log.size(), 8u);
    EXPECT_DOUBLE_EQ(log[1].second, 0.1);
    EXPECT_DOUBLE_EQ(log[3].second, 0.2);
    EXPECT_EQ(log[5].second, 0.1 + 0.1 + 0.1); // 0.30000000000000004, as CPython prints it
    EXPECT_DOUBLE_EQ(log[7].second, 0.4);
}

// [SECTION] Handoff window: a newcomer queues behind the woken head (no barging)

namespace {
Coro<void> hold_and_release(Ref<Lock> lock, std::string name, std::vector<std::string>& log) {
    bool ok = co_await lock->acquire();
    EXPECT_TRUE(ok);
    log.push_back(name);
    lock->release();
}

Coro<void> no_barging(Loop& loop, std::vector<std::string>& log) {
    Ref<Lock> lock = make_ref<Lock>(loop);
    bool ok = co_await lock->acquire();
    EXPECT_TRUE(ok);
    Task t1 = create_task(loop, hold_and_release(lock, "t1", log));
    co_await tick();
    lock->release();
    EXPECT_FALSE(lock->locked());          // reads unlocked, but t1's future is still queued
    bool again = co_await lock->acquire(); // queues behind t1
    EXPECT_TRUE(again);
    log.push_back("main");
    lock->release();
    std::any r = co_await t1;
}

Coro<void> fast_path_when_all_waiters_cancelled(Loop& loop, bool& fast) {
    Ref<Lock> lock = make_ref<Lock>(loop);
    bool ok = co_await lock->acquire();
    EXPECT_TRUE(ok);
    Task t1 = create_task(loop, lock->acquire());
    co_await tick();
    t1->cancel(); // its future is cancelled now, still in waiters until t1 runs
    lock->release();
    EXPECT_EQ(lock->waiters().size(), 1u);
    std::uint64_t before = loop.iteration();
    bool again = co_await lock->acquire(); // every waiter cancelled: fast path
    fast = again && loop.iteration() == before;
    lock->release();
    std::exception_ptr error;
    try {
        std::any r = co_await t1;
    } catch (...) {
        error = std::current_exception();
    }
    EXPECT_TRUE(is_cancelled(error));
}
} // namespace

TEST_F(LockTest, NewcomerQueuesBehindTheWokenHead) {
    Loop loop;
    std::vector<std::string> log;
    EXPECT_EQ(run_main(loop, no_barging(loop, log)).kind, OutcomeKind::Complete);
    EXPECT_EQ(log, (std::vector<std::string>{"t1", "main"}));
}

TEST_F(LockTest, FastPathWhenEveryWaiterIsCancelled) {
    Loop loop;
    bool fast = false;
    EXPECT_EQ(run_main(loop, fast_path_when_all_waiters_cancelled(loop, fast)).kind,
              OutcomeKind::Complete);
    EXPECT_TRUE(fast);
}

// [SECTION] Observer reports and the inspector accessors

namespace {
struct InspectorView {
    std::vector<TaskId> waiters;
    TaskId owner = kNoTask;
    std::vector<TaskId> tasks; // main, t1, t2
    ObjectId lock = kNoObject;
};

Coro<void> observed(Loop& loop, InspectorView& view) {
    Ref<Lock> lock = make_ref<Lock>(loop);
    view.lock = lock->id();
    bool ok = co_await lock->acquire();
    EXPECT_TRUE(ok);
    Task t1 = create_task(loop, lock->acquire());
    Task t2 = create_task(loop, lock->acquire());
    co_await tick();
    view.waiters = lock->waiter_owners();
    view.owner = lock->owner();
    view.tasks = {current_id(loop), t1->id(), t2->id()};
    lock->release();
    EXPECT_EQ(lock->owner(), kNoTask);
    std::any r1 = co_await t1;
    EXPECT_EQ(lock->owner(), t1->id());
    lock->release();
    std::any r2 = co_await t2;
    lock->release();
}
} // namespace

TEST_F(LockTest, ReportsAcquireQueueGrantReleaseAndWaiters) {
    Loop loop;
    PrimitiveRecorder rec;
    loop.set_observer(&rec);
    InspectorView view;
    EXPECT_EQ(run_main(loop, observed(loop, view)).kind, OutcomeKind::Complete);
    ASSERT_EQ(view.tasks.size(), 3u);
    const TaskId main = view.tasks[0], t1 = view.tasks[1], t2 = view.tasks[2];
    const ObjectId id = view.lock;
    EXPECT_EQ(view.waiters, (std::vector{t1, t2}));
    EXPECT_EQ(view.owner, main);

    using Op = PrimitiveOp;
    EXPECT_EQ(rec.reports, (std::vector<PrimitiveReport>{
                               {Op::LockAcquireFast, id, main, {}, 0},
                               {Op::LockAcquireQueued, id, t1, {}, 0},
                               {Op::LockAcquireQueued, id, t2, {}, 0},
                               {Op::LockRelease, id, main, {t1}, 0},
                               {Op::LockGranted, id, t1, {}, 0},
                               {Op::LockRelease, id, main, {t2}, 0},
                               {Op::LockGranted, id, t2, {}, 0},
                               {Op::LockRelease, id, main, {}, 0},
                           }));
    // The queued tasks are reported suspended on the lock.
    int on_lock = 0;
    for (const auto& s : rec.suspensions)
        if (s.wait.kind == WaitKind::Lock && s.wait.object == id)
            ++on_lock;
    EXPECT_EQ(on_lock, 2);
}

// [SECTION] The acquire coroutine keeps its lock alive (Python's bound method does too)

namespace {
Coro<void> temporary_lock(Loop& loop, bool& acquired) {
    Task t = create_task(loop, make_ref<Lock>(loop)->acquire()); // nobody else holds the lock
    std::any r = co_await t;
    acquired = std::any_cast<bool>(r);
}
} // namespace

TEST_F(LockTest, AcquireKeepsAnOtherwiseUnreferencedLockAlive) {
    Loop loop;
    bool acquired = false;
    EXPECT_EQ(run_main(loop, temporary_lock(loop, acquired)).kind, OutcomeKind::Complete);
    EXPECT_TRUE(acquired);
}
