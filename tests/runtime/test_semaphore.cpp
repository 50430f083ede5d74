// Semaphore / BoundedSemaphore: ports of CPython 3.11's SemaphoreTests
// (Lib/test/test_asyncio/test_locks.py) with the same scenarios and asserted orders,
// plus the observer / WaitInfo reports.
#include "lock_test_support.h"
#include "runtime/semaphore.h"

#include <string>
#include <vector>

using namespace condlab;
using namespace condlab::testing;

namespace {

class SemaphoreTests : public FrameLeakCheck {};

using Sem = Ref<Semaphore>;

bool result_true(const Task& t) { return t->done() && !t->cancelled() && t->result_as<bool>(); }

// `await sem.acquire(); result.append(tag); return True`
Coro<bool> acquire_and_log(Sem sem, std::vector<int>& result, int tag) {
    co_await sem->acquire();
    result.push_back(tag);
    co_return true;
}

} // namespace

TEST_F(SemaphoreTests, InitialValueZero) {
    Loop loop;
    Sem sem = make_ref<Semaphore>(loop, 0);
    EXPECT_TRUE(sem->locked());
}

TEST_F(SemaphoreTests, SemaphoreValue) {
    Loop loop;
    std::exception_ptr e = catch_error([&] { make_ref<Semaphore>(loop, -1); });
    EXPECT_EQ(error_type(e), "ValueError");
    EXPECT_EQ(error_message(e), "Semaphore initial value must be >= 0");
    e = catch_error([&] { make_ref<BoundedSemaphore>(loop, -1); });
    EXPECT_EQ(error_message(e), "Semaphore initial value must be >= 0");
}

TEST_F(SemaphoreTests, Semaphore) {
    Loop loop;
    Sem sem = make_ref<Semaphore>(loop);
    EXPECT_EQ(sem->value(), 1);
    EXPECT_FALSE(sem->locked());
}

namespace {
Coro<void> test_acquire(Loop& loop) {
    Sem sem = make_ref<Semaphore>(loop, 3);
    std::vector<int> result;

    bool a = co_await sem->acquire();
    EXPECT_TRUE(a);
    bool b = co_await sem->acquire();
    EXPECT_TRUE(b);
    EXPECT_FALSE(sem->locked());

    Task t1 = create_task(loop, acquire_and_log(sem, result, 1));
    Task t2 = create_task(loop, acquire_and_log(sem, result, 2));
    Task t3 = create_task(loop, acquire_and_log(sem, result, 3));

    co_await sleep(loop, 0);
    EXPECT_EQ(result, (std::vector{1}));
    EXPECT_TRUE(sem->locked());
    EXPECT_EQ(sem->waiters().size(), 2u);
    EXPECT_EQ(sem->value(), 0);

    Task t4 = create_task(loop, acquire_and_log(sem, result, 4));

    sem->release();
    sem->release();
    EXPECT_EQ(sem->value(), 0);

    co_await sleep(loop, 0);
    EXPECT_EQ(sem->value(), 0);
    EXPECT_EQ(result.size(), 3u);
    EXPECT_EQ(result, (std::vector{1, 2, 3})); // CPython asserts the count; this is the order
    EXPECT_TRUE(sem->locked());
    EXPECT_EQ(sem->waiters().size(), 1u);
    EXPECT_EQ(sem->value(), 0);

    EXPECT_TRUE(result_true(t1));
    int done = 0;
    for (const Task& t : {t2, t3, t4})
        done += result_true(t) ? 1 : 0;
    EXPECT_EQ(done, 2);
    EXPECT_FALSE(t4->done());

    // cleanup locked semaphore
    sem->release();
    for (Task& t : std::vector<Task>{t2, t3, t4}) {
        std::any r = co_await t;
        (void)r;
    }
    EXPECT_EQ(result, (std::vector{1, 2, 3, 4}));
}
} // namespace

TEST_F(SemaphoreTests, Acquire) {
    Loop loop;
    RunOutcome out = run_main(loop, test_acquire(loop));
    EXPECT_EQ(out.kind, OutcomeKind::Complete);
}

namespace {
Coro<void> test_acquire_cancel(Loop& loop) {
    Sem sem = make_ref<Semaphore>(loop);
    co_await sem->acquire();

    Task acquire = create_task(loop, sem->acquire());
    loop.call_soon([acquire] { acquire->cancel(); });
    std::exception_ptr e = co_await await_catching(acquire);
    EXPECT_EQ(error_type(e), "CancelledError");
    for (const Future& w : sem->waiters())
        EXPECT_TRUE(w->done());
    EXPECT_TRUE(sem->waiters().empty());
}
} // namespace

TEST_F(SemaphoreTests, AcquireCancel) {
    Loop loop;
    EXPECT_EQ(run_main(loop, test_acquire_cancel(loop)).kind, OutcomeKind::Complete);
}

namespace {
Coro<void> test_acquire_cancel_before_awoken(Loop& loop) {
    Sem sem = make_ref<Semaphore>(loop, 0);

    Task t1 = create_task(loop, sem->acquire());
    Task t2 = create_task(loop, sem->acquire());
    Task t3 = create_task(loop, sem->acquire());
    Task t4 = create_task(loop, sem->acquire());

    co_await sleep(loop, 0);

    t1->cancel();
    t2->cancel();
    sem->release();

    co_await sleep(loop, 0);
    co_await sleep(loop, 0);
    int num_done = (t3->done() ? 1 : 0) + (t4->done() ? 1 : 0);
    EXPECT_EQ(num_done, 1);
    EXPECT_TRUE(t3->done());
    EXPECT_FALSE(t4->done());

    t3->cancel();
    t4->cancel();
    co_await sleep(loop, 0);
    EXPECT_TRUE(t1->cancelled());
    EXPECT_TRUE(t2->cancelled());
    EXPECT_TRUE(result_true(t3)); // already finished: cancel() is a no-op
    EXPECT_TRUE(t4->cancelled());
}
} // namespace

TEST_F(SemaphoreTests, AcquireCancelBeforeAwoken) {
    Loop loop;
    EXPECT_EQ(run_main(loop, test_acquire_cancel_before_awoken(loop)).kind, OutcomeKind::Complete);
}

namespace {
Coro<void> test_acquire_hang(Loop& loop) {
    Sem sem = make_ref<Semaphore>(loop, 0);

    Task t1 = create_task(loop, sem->acquire());
    Task t2 = create_task(loop, sem->acquire());
    co_await sleep(loop, 0);

    t1->cancel();
    sem->release();
    co_await sleep(loop, 0);
    co_await sleep(loop, 0);
    EXPECT_TRUE(sem->locked());
    EXPECT_TRUE(t2->done());
    EXPECT_TRUE(t1->cancelled());
    EXPECT_TRUE(result_true(t2));
}
} // namespace

TEST_F(SemaphoreTests, AcquireHang) {
    Loop loop;
    EXPECT_EQ(run_main(loop, test_acquire_hang(loop)).kind, OutcomeKind::Complete);
}

namespace {
struct NoHang {
    Sem sem;
    Task t2;
    bool c2_body_ran = false;
};

// async with sem: await asyncio.sleep(0)
// t2.cancel()
Coro<void> no_hang_c1(Loop& loop, NoHang& s) {
    co_await s.sem->acquire();
    try {
        co_await sleep(loop, 0);
    } catch (...) {
        s.sem->release();
        throw;
    }
    s.sem->release();
    s.t2->cancel();
}

// async with sem: self.assertFalse(True)
Coro<void> no_hang_c2(NoHang& s) {
    co_await s.sem->acquire();
    s.c2_body_ran = true;
    s.sem->release();
}

Coro<void> test_acquire_no_hang(Loop& loop) {
    NoHang s;
    s.sem = make_ref<Semaphore>(loop, 1);
    Task t1 = create_task(loop, no_hang_c1(loop, s));
    s.t2 = create_task(loop, no_hang_c2(s));

    std::exception_ptr r1 = co_await await_catching(t1);
    std::exception_ptr r2 = co_await await_catching(s.t2);
    EXPECT_EQ(r1, nullptr);
    EXPECT_EQ(error_type(r2), "CancelledError");
    EXPECT_FALSE(s.c2_body_ran);

    // await asyncio.wait_for(sem.acquire(), timeout=1.0): it must not hang.
    EXPECT_FALSE(s.sem->locked());
    double before = loop.time();
    co_await s.sem->acquire();
    EXPECT_EQ(loop.time(), before);
    s.t2 = nullptr;
}
} // namespace

TEST_F(SemaphoreTests, AcquireNoHang) {
    Loop loop;
    EXPECT_EQ(run_main(loop, test_acquire_no_hang(loop)).kind, OutcomeKind::Complete);
}

TEST_F(SemaphoreTests, ReleaseNotAcquired) {
    Loop loop;
    Ref<BoundedSemaphore> sem = make_ref<BoundedSemaphore>(loop);
    std::exception_ptr e = catch_error([&] { sem->release(); });
    EXPECT_EQ(error_type(e), "ValueError");
    EXPECT_EQ(error_message(e), "BoundedSemaphore released too many times");
    EXPECT_EQ(sem->value(), 1);
}

namespace {
Coro<void> test_release_no_waiters(Loop& loop) {
    Sem sem = make_ref<Semaphore>(loop);
    co_await sem->acquire();
    EXPECT_TRUE(sem->locked());
    sem->release();
    EXPECT_FALSE(sem->locked());
}

Coro<void> bounded_roundtrip(Loop& loop) {
    Ref<BoundedSemaphore> sem = make_ref<BoundedSemaphore>(loop, 2);
    co_await sem->acquire();
    co_await sem->acquire();
    EXPECT_TRUE(sem->locked());
    sem->release();
    sem->release();
    std::exception_ptr e = catch_error([&] { sem->release(); });
    EXPECT_EQ(error_message(e), "BoundedSemaphore released too many times");
    EXPECT_EQ(sem->value(), 2);
}
} // namespace

TEST_F(SemaphoreTests, ReleaseNoWaiters) {
    Loop loop;
    EXPECT_EQ(run_main(loop, test_release_no_waiters(loop)).kind, OutcomeKind::Complete);
}

TEST_F(SemaphoreTests, BoundedSemaphoreReleasesUpToItsInitialValue) {
    Loop loop;
    EXPECT_EQ(run_main(loop, bounded_roundtrip(loop)).kind, OutcomeKind::Complete);
}

namespace {
Coro<void> fifo_coro(Loop& loop, Sem sem, std::vector<std::string>& result, std::string tag) {
    co_await sem->acquire();
    result.push_back(tag + "_1");
    co_await sleep(loop, 0.01);
    sem->release();

    co_await sem->acquire();
    result.push_back(tag + "_2");
    co_await sleep(loop, 0.01);
    sem->release();
}

Coro<void> test_acquire_fifo_order(Loop& loop, std::vector<std::string>& result) {
    Sem sem = make_ref<Semaphore>(loop, 1);
    std::vector<Task> tasks;
    for (const char* tag : {"c1", "c2", "c3"})
        tasks.push_back(create_task(loop, fifo_coro(loop, sem, result, tag)));
    for (Task& t : tasks) {
        std::any r = co_await t;
        (void)r;
    }
}
} // namespace

TEST_F(SemaphoreTests, AcquireFifoOrder) {
    Loop loop;
    std::vector<std::string> result;
    EXPECT_EQ(run_main(loop, test_acquire_fifo_order(loop, result)).kind, OutcomeKind::Complete);
    EXPECT_EQ(result, (std::vector<std::string>{"c1_1", "c2_1", "c3_1", "c1_2", "c2_2", "c3_2"}));
}

namespace {
// await sem.acquire(); append(2); sem.release(); await sem.acquire(); append(4)
Coro<bool> fifo2_c2(Sem sem, std::vector<int>& result) {
    co_await sem->acquire();
    result.push_back(2);
    sem->release();
    co_await sem->acquire();
    result.push_back(4);
    co_return true;
}

Coro<void> test_acquire_fifo_order_2(Loop& loop, std::vector<int>& result) {
    Sem sem = make_ref<Semaphore>(loop, 1);
    Task t1 = create_task(loop, acquire_and_log(sem, result, 1));
    Task t2 = create_task(loop, fifo2_c2(sem, result));
    Task t3 = create_task(loop, acquire_and_log(sem, result, 3));

    co_await sleep(loop, 0);

    sem->release();
    sem->release();

    for (Task& t : std::vector<Task>{t1, t2, t3}) {
        std::any r = co_await t;
        EXPECT_TRUE(std::any_cast<bool>(r));
    }
}

Coro<void> test_acquire_fifo_order_3(Loop& loop, std::vector<int>& result) {
    Sem sem = make_ref<Semaphore>(loop, 0);
    Task t1 = create_task(loop, acquire_and_log(sem, result, 1));
    Task t2 = create_task(loop, acquire_and_log(sem, result, 2));
    Task t3 = create_task(loop, acquire_and_log(sem, result, 3));

    co_await sleep(loop, 0);

    t1->cancel();

    co_await sleep(loop, 0);

    sem->release();
    sem->release();

    for (Task& t : std::vector<Task>{t1, t2, t3}) {
        std::exception_ptr e = co_await await_catching(t);
        (void)e;
    }
    EXPECT_TRUE(t1->cancelled());
}
} // namespace

TEST_F(SemaphoreTests, AcquireFifoOrder2) {
    Loop loop;
    std::vector<int> result;
    EXPECT_EQ(run_main(loop, test_acquire_fifo_order_2(loop, result)).kind, OutcomeKind::Complete);
    EXPECT_EQ(result, (std::vector{1, 2, 3, 4}));
}

TEST_F(SemaphoreTests, AcquireFifoOrder3) {
    Loop loop;
    std::vector<int> result;
    EXPECT_EQ(run_main(loop, test_acquire_fifo_order_3(loop, result)).kind, OutcomeKind::Complete);
    EXPECT_EQ(result, (std::vector{2, 3}));
}

// --- condlab additions: what the observer and the deadlock report see ---------------

namespace {
Coro<void> observed(Loop& loop, Sem sem) {
    co_await sem->acquire();                     // task 1: fast path, value 0
    Task t2 = create_task(loop, sem->acquire()); // task 2: queues
    co_await sleep(loop, 0);
    sem->release(); // hands the unit to task 2
    std::any r = co_await t2;
    (void)r;
}
} // namespace

TEST_F(SemaphoreTests, ObserverSeesAcquireQueueAndHandOff) {
    Loop loop;
    PrimitiveRecorder rec;
    loop.set_observer(&rec);
    Sem sem = make_ref<Semaphore>(loop, 1);
    EXPECT_EQ(run_main(loop, observed(loop, sem)).kind, OutcomeKind::Complete);
    loop.set_observer(nullptr);
    const ObjectId id = sem->id();
    EXPECT_EQ(rec.reports, (std::vector<PrimitiveReport>{
                               {PrimitiveOp::SemaphoreAcquire, id, 1, {}, 0},
                               {PrimitiveOp::SemaphoreAcquireQueued, id, 2, {}, 0},
                               {PrimitiveOp::SemaphoreRelease, id, 1, {2}, 0},
                               {PrimitiveOp::SemaphoreAcquire, id, 2, {}, 0},
                           }));
}

namespace {
Coro<void> stuck(Loop& loop, Sem sem) {
    Task t = create_task(loop, sem->acquire(SourceLoc{"lesson.py", 7}));
    co_await sleep(loop, 0);
    EXPECT_EQ(sem->waiter_owners(), (std::vector<TaskId>{t->id()}));
    std::any r = co_await t;
    (void)r;
}
} // namespace

TEST_F(SemaphoreTests, BlockedWaiterReportsTheSemaphoreItWaitsOn) {
    Loop loop;
    Sem sem = make_ref<Semaphore>(loop, 0);
    RunOutcome out = run_main(loop, stuck(loop, sem));
    condlab::testing::expect_blocked_on(out, WaitKind::Semaphore, sem->id(), 7);
    loop.cancel_remaining_tasks();
}

namespace {
Coro<void> temporary_semaphore(Loop& loop) {
    // `asyncio.create_task(asyncio.Semaphore(0).acquire())`: the bound method keeps the
    // semaphore alive although nothing else refers to it.
    Task t = create_task(loop, make_ref<Semaphore>(loop, 1)->acquire());
    std::any r = co_await t;
    EXPECT_TRUE(std::any_cast<bool>(r));
}
} // namespace

TEST_F(SemaphoreTests, ACoroutineKeepsItsSemaphoreAliveFromCreation) {
    Loop loop;
    EXPECT_EQ(run_main(loop, temporary_semaphore(loop)).kind, OutcomeKind::Complete);
}
