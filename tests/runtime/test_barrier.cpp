// Barrier: ports of CPython 3.11's BarrierTests (Lib/test/test_asyncio/test_locks.py) with the
// same scenarios and asserts (`"draining" in repr(barrier)` becomes state() == Draining,
// `barrier._count` count()), plus golden orders checked against CPython 3.11 and the
// observer reports.
#include "runtime/barrier.h"
#include "runtime/gather.h"
#include "runtime_test_support.h"

#include <algorithm>
#include <numeric>
#include <string>
#include <vector>

using namespace condlab;
using condlab::testing::error_message;
using condlab::testing::error_type;
using condlab::testing::FrameLeakCheck;
using condlab::testing::run_main;

namespace {

class BarrierTests : public FrameLeakCheck {};

using B = Ref<Barrier>;
using State = Barrier::State;

bool is_broken_barrier(const std::exception_ptr& e) {
    return e && error_type(e) == "BrokenBarrierError";
}

/// `try: await barrier.wait()` / `except BrokenBarrierError: ...`: true when it broke.
Coro<bool> broken_while_waiting(Barrier& barrier) {
    bool broken = false;
    try {
        std::int64_t i = co_await barrier.wait();
        (void)i;
    } catch (const PyError& e) {
        if (e.type() != "BrokenBarrierError")
            throw;
        broken = true;
    }
    co_return broken;
}

bool completed(Loop& loop, Coro<void> main) {
    RunOutcome out = run_main(loop, std::move(main));
    if (out.kind == OutcomeKind::Exception)
        ADD_FAILURE() << describe_error(out.error).message;
    return out.kind == OutcomeKind::Complete;
}

/// `res = await asyncio.gather(*tasks, return_exceptions=...)`.
Coro<std::vector<std::any>> gather_tasks(Loop& loop, const std::vector<Task>& tasks,
                                         bool return_exceptions = false) {
    std::vector<Awaitable> aws;
    for (const Task& t : tasks)
        aws.push_back(Future(t));
    Ref<GatheringFuture> g = gather(loop, std::move(aws), return_exceptions);
    std::any r = co_await g;
    co_return std::any_cast<std::vector<std::any>>(std::move(r));
}

std::vector<std::int64_t> indices(const std::vector<std::any>& v) {
    std::vector<std::int64_t> out;
    for (const std::any& a : v)
        out.push_back(std::any_cast<std::int64_t>(a));
    return out;
}

std::vector<std::int64_t> range(std::int64_t n) {
    std::vector<std::int64_t> v(static_cast<std::size_t>(n));
    std::iota(v.begin(), v.end(), 0);
    return v;
}

Coro<std::int64_t> plain_wait(B b) {
    std::int64_t i = co_await b->wait();
    co_return i;
}

} // namespace

TEST_F(BarrierTests, BarrierParties) {
    Loop loop;
    for (std::int64_t parties : {0, -4}) {
        std::exception_ptr e;
        try {
            make_ref<Barrier>(loop, parties);
        } catch (...) {
            e = std::current_exception();
        }
        EXPECT_EQ(error_type(e), "ValueError");
        EXPECT_EQ(error_message(e), "parties must be > 0");
    }
    B b = make_ref<Barrier>(loop, 5);
    EXPECT_EQ(b->parties(), 5);
    EXPECT_EQ(b->state(), State::Filling);
    EXPECT_STREQ(Barrier::state_name(b->state()), "filling");
}

// [SECTION] filling

namespace {
struct Shared {
    B barrier;
    std::int64_t n = 5;
    std::vector<std::int64_t> results;
    std::vector<bool> results1;
    std::vector<bool> results2;
    std::vector<bool> results3;
    int count = 0;
    int rewait_n = 0;
    B barrier_nowaiting;
};

// async with barrier as i: results.append(i)
Coro<void> append_index(Shared& s) {
    std::int64_t i = co_await s.barrier->wait();
    s.results.push_back(i);
}

Coro<void> test_context_manager(Loop& loop, Shared& s) {
    s.n = 3;
    s.barrier = make_ref<Barrier>(loop, s.n);
    std::vector<Task> tasks;
    for (int k = 0; k < s.n; ++k)
        tasks.push_back(create_task(loop, append_index(s)));
    std::vector<std::any> res = co_await gather_tasks(loop, tasks);
    (void)res;
    std::vector<std::int64_t> sorted = s.results;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(sorted, range(s.n));
    EXPECT_EQ(s.results, (std::vector<std::int64_t>{2, 0, 1})); // the last arrival goes first
    EXPECT_EQ(s.barrier->n_waiting(), 0);
    EXPECT_FALSE(s.barrier->broken());
}

Coro<void> test_filling_one_task(Loop& loop) {
    B b = make_ref<Barrier>(loop, 1);
    std::int64_t i = co_await b->wait();
    EXPECT_EQ(i, 0);
    EXPECT_EQ(b->n_waiting(), 0);
    EXPECT_FALSE(b->broken());
}

Coro<void> test_filling_one_task_twice(Loop& loop) {
    B b = make_ref<Barrier>(loop, 1);
    Task t1 = create_task(loop, b->wait());
    co_await sleep(loop, 0);
    EXPECT_EQ(b->n_waiting(), 0);

    Task t2 = create_task(loop, b->wait());
    co_await sleep(loop, 0);

    EXPECT_EQ(t1->result_as<std::int64_t>(), t2->result_as<std::int64_t>());
    EXPECT_EQ(t1->done(), t2->done());
    EXPECT_EQ(b->n_waiting(), 0);
    EXPECT_FALSE(b->broken());
}

Coro<void> test_filling_task_by_task(Loop& loop) {
    B b = make_ref<Barrier>(loop, 3);
    Task t1 = create_task(loop, b->wait());
    co_await sleep(loop, 0);
    EXPECT_EQ(b->n_waiting(), 1);
    EXPECT_EQ(b->state(), State::Filling);

    Task t2 = create_task(loop, b->wait());
    co_await sleep(loop, 0);
    EXPECT_EQ(b->n_waiting(), 2);
    EXPECT_EQ(b->state(), State::Filling);

    Task t3 = create_task(loop, b->wait());
    co_await sleep(loop, 0);

    for (Task& t : std::vector<Task>{t1, t2, t3}) { // asyncio.wait([t1, t2, t3])
        std::any r = co_await t;
        (void)r;
    }
    EXPECT_EQ(b->n_waiting(), 0);
    EXPECT_FALSE(b->broken());
}

// async with barrier: results1.append(True); async with barrier: results2.append(False)
Coro<void> wait_twice(Shared& s) {
    std::int64_t a = co_await s.barrier->wait();
    (void)a;
    s.results1.push_back(true);
    std::int64_t b = co_await s.barrier->wait();
    (void)b;
    s.results2.push_back(false);
}

Coro<void> test_filling_tasks_wait_twice(Loop& loop, Shared& s) {
    s.barrier = make_ref<Barrier>(loop, s.n);
    std::vector<Task> tasks;
    for (int k = 0; k < s.n; ++k)
        tasks.push_back(create_task(loop, wait_twice(s)));
    std::vector<std::any> res = co_await gather_tasks(loop, tasks);
    (void)res;
    EXPECT_EQ(s.results1.size() + s.results2.size(), static_cast<std::size_t>(s.n * 2));
    EXPECT_EQ(std::count(s.results1.begin(), s.results1.end(), true), s.n);
    EXPECT_EQ(std::count(s.results2.begin(), s.results2.end(), false), s.n);
    EXPECT_EQ(s.barrier->n_waiting(), 0);
    EXPECT_FALSE(s.barrier->broken());
}

Coro<std::int64_t> wait_twice_return_index(Shared& s) {
    std::int64_t a = co_await s.barrier->wait();
    (void)a;
    s.results1.push_back(true);
    std::int64_t i = co_await s.barrier->wait();
    s.results2.push_back(true);
    co_return i;
}

Coro<void> test_filling_tasks_check_return_value(Loop& loop, Shared& s) {
    s.barrier = make_ref<Barrier>(loop, s.n);
    std::vector<Task> tasks;
    for (int k = 0; k < s.n; ++k)
        tasks.push_back(create_task(loop, wait_twice_return_index(s)));
    std::vector<std::any> res = co_await gather_tasks(loop, tasks);
    EXPECT_EQ(s.results1.size(), static_cast<std::size_t>(s.n));
    EXPECT_EQ(s.results2.size(), static_cast<std::size_t>(s.n));
    std::vector<std::int64_t> got = indices(res);
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, range(s.n));
    EXPECT_EQ(s.barrier->n_waiting(), 0);
    EXPECT_FALSE(s.barrier->broken());
}

// async with barrier: results.append("draining" in repr(barrier))
Coro<void> note_draining(Shared& s) {
    std::int64_t i = co_await s.barrier->wait();
    (void)i;
    s.results1.push_back(s.barrier->state() == State::Draining);
}

Coro<void> test_draining_state(Loop& loop, Shared& s) {
    s.barrier = make_ref<Barrier>(loop, s.n);
    std::vector<Task> tasks;
    for (int k = 0; k < s.n; ++k)
        tasks.push_back(create_task(loop, note_draining(s)));
    std::vector<std::any> res = co_await gather_tasks(loop, tasks);
    (void)res;
    EXPECT_EQ(s.results1.size(), static_cast<std::size_t>(s.n));
    EXPECT_FALSE(s.results1.back());
    EXPECT_TRUE(std::all_of(s.results1.begin(), s.results1.end() - 1, [](bool b) { return b; }));
    EXPECT_EQ(s.barrier->n_waiting(), 0);
    EXPECT_FALSE(s.barrier->broken());
}

Coro<void> blocking_while_draining(Shared& s) {
    // first time waiting
    std::int64_t a = co_await s.barrier->wait();
    (void)a;
    // after waiting once for all tasks
    if (s.rewait_n > 0) {
        s.rewait_n -= 1;
        // wait again only for rewait tasks
        std::int64_t b = co_await s.barrier->wait();
        (void)b;
    } else {
        // wait for end of draining state
        std::int64_t b = co_await s.barrier_nowaiting->wait();
        (void)b;
        // wait for other waiting tasks
        std::int64_t c = co_await s.barrier->wait();
        (void)c;
    }
}

Coro<void> test_blocking_tasks_while_draining(Loop& loop, Shared& s) {
    const int rewait = 2;
    s.barrier = make_ref<Barrier>(loop, s.n);
    s.barrier_nowaiting = make_ref<Barrier>(loop, s.n - rewait);
    s.rewait_n = rewait;
    std::vector<Task> tasks;
    for (int k = 0; k < s.n; ++k)
        tasks.push_back(create_task(loop, blocking_while_draining(s)));
    // a success means that barrier_nowaiting was waited for exactly N-rewait=3 times
    std::vector<std::any> res = co_await gather_tasks(loop, tasks);
    (void)res;
    EXPECT_EQ(s.barrier->n_waiting(), 0);
}

Coro<void> wait_then_note(Shared& s) {
    std::int64_t i = co_await s.barrier->wait();
    (void)i;
    s.results1.push_back(true);
}

Coro<void> test_filling_tasks_cancel_one(Loop& loop, Shared& s) {
    s.n = 3;
    s.barrier = make_ref<Barrier>(loop, s.n);

    Task t1 = create_task(loop, wait_then_note(s));
    co_await sleep(loop, 0);
    EXPECT_EQ(s.barrier->n_waiting(), 1);

    Task t2 = create_task(loop, wait_then_note(s));
    co_await sleep(loop, 0);
    EXPECT_EQ(s.barrier->n_waiting(), 2);

    t1->cancel();
    co_await sleep(loop, 0);
    EXPECT_EQ(s.barrier->n_waiting(), 1);
    std::exception_ptr e;
    try {
        std::any r = co_await t1;
        (void)r;
    } catch (...) {
        e = std::current_exception();
    }
    EXPECT_EQ(error_type(e), "CancelledError");
    EXPECT_TRUE(t1->cancelled());

    Task t3 = create_task(loop, wait_then_note(s));
    co_await sleep(loop, 0);
    EXPECT_EQ(s.barrier->n_waiting(), 2);

    Task t4 = create_task(loop, wait_then_note(s));
    std::vector<Task> rest{t2, t3, t4}; // FIXME(gcc12): no braced list inside co_await
    std::vector<std::any> res = co_await gather_tasks(loop, rest);
    (void)res;

    EXPECT_EQ(s.results1.size(), static_cast<std::size_t>(s.n));
    EXPECT_EQ(s.barrier->n_waiting(), 0);
    EXPECT_FALSE(s.barrier->broken());
}
} // namespace

TEST_F(BarrierTests, ContextManager) {
    Loop loop;
    Shared s;
    EXPECT_TRUE(completed(loop, test_context_manager(loop, s)));
}

TEST_F(BarrierTests, FillingOneTask) {
    Loop loop;
    EXPECT_TRUE(completed(loop, test_filling_one_task(loop)));
}

TEST_F(BarrierTests, FillingOneTaskTwice) {
    Loop loop;
    EXPECT_TRUE(completed(loop, test_filling_one_task_twice(loop)));
}

TEST_F(BarrierTests, FillingTaskByTask) {
    Loop loop;
    EXPECT_TRUE(completed(loop, test_filling_task_by_task(loop)));
}

TEST_F(BarrierTests, FillingTasksWaitTwice) {
    Loop loop;
    Shared s;
    EXPECT_TRUE(completed(loop, test_filling_tasks_wait_twice(loop, s)));
}

TEST_F(BarrierTests, FillingTasksCheckReturnValue) {
    Loop loop;
    Shared s;
    EXPECT_TRUE(completed(loop, test_filling_tasks_check_return_value(loop, s)));
}

TEST_F(BarrierTests, DrainingState) {
    Loop loop;
    Shared s;
    EXPECT_TRUE(completed(loop, test_draining_state(loop, s)));
}

TEST_F(BarrierTests, BlockingTasksWhileDraining) {
    Loop loop;
    Shared s;
    EXPECT_TRUE(completed(loop, test_blocking_tasks_while_draining(loop, s)));
}

TEST_F(BarrierTests, FillingTasksCancelOne) {
    Loop loop;
    Shared s;
    EXPECT_TRUE(completed(loop, test_filling_tasks_cancel_one(loop, s)));
}

// [SECTION] reset

namespace {
Coro<void> test_reset_barrier(Loop& loop) {
    B b = make_ref<Barrier>(loop, 1);
    Task t = create_task(loop, b->reset());
    co_await sleep(loop, 0);
    EXPECT_TRUE(t->done());
    EXPECT_EQ(b->n_waiting(), 0);
    EXPECT_FALSE(b->broken());
}

Coro<void> wait_catch_broken(Shared& s) {
    const bool broken = co_await broken_while_waiting(*s.barrier);
    if (broken)
        s.results1.push_back(true);
}

Coro<void> test_reset_barrier_while_tasks_waiting(Loop& loop, Shared& s) {
    s.barrier = make_ref<Barrier>(loop, s.n);
    // N-1 tasks waiting on barrier with N parties
    std::vector<Task> tasks;
    for (int k = 0; k < s.n - 1; ++k)
        tasks.push_back(create_task(loop, wait_catch_broken(s)));
    co_await sleep(loop, 0);

    // reset the barrier
    Task reset = create_task(loop, s.barrier->reset());
    std::vector<std::any> res = co_await gather_tasks(loop, tasks);
    (void)res;

    EXPECT_EQ(s.results1.size(), static_cast<std::size_t>(s.n - 1));
    EXPECT_EQ(s.barrier->n_waiting(), 0);
    EXPECT_NE(s.barrier->state(), State::Resetting);
    EXPECT_FALSE(s.barrier->broken());
    std::any r = co_await reset;
    (void)r;
}

Coro<void> half_draining(Shared& s, std::int64_t rest_of_tasks) {
    const bool broken = co_await broken_while_waiting(*s.barrier);
    if (broken) {
        // catch here waiting tasks
        s.results1.push_back(true);
    } else if (rest_of_tasks == s.barrier->count()) {
        // here drained task outside the barrier: tasks outside the barrier
        co_await s.barrier->reset();
    }
}

Coro<void> test_reset_barrier_when_tasks_half_draining(Loop& loop, Shared& s) {
    s.barrier = make_ref<Barrier>(loop, s.n);
    const std::int64_t rest_of_tasks = s.n / 2;
    std::vector<Task> tasks;
    for (int k = 0; k < s.n; ++k)
        tasks.push_back(create_task(loop, half_draining(s, rest_of_tasks)));
    std::vector<std::any> res = co_await gather_tasks(loop, tasks);
    (void)res;
    EXPECT_EQ(s.results1, std::vector<bool>(static_cast<std::size_t>(rest_of_tasks), true));
    EXPECT_EQ(s.barrier->n_waiting(), 0);
    EXPECT_NE(s.barrier->state(), State::Resetting);
    EXPECT_FALSE(s.barrier->broken());
}

Coro<void> half_draining_half_blocking(Shared& s, int blocking_tasks) {
    const bool broken = co_await broken_while_waiting(*s.barrier);
    if (broken) {
        // here catch still waiting tasks
        s.results1.push_back(true);
        // so now waiting again to reach nb_parties
        std::int64_t i = co_await s.barrier->wait();
        (void)i;
        co_return;
    }
    s.count += 1;
    if (s.count > blocking_tasks) {
        // reset now: raise BrokenBarrierError for waiting tasks
        co_await s.barrier->reset();
        // so now waiting again to reach nb_parties
        std::int64_t i = co_await s.barrier->wait();
        (void)i;
    } else {
        const bool broken = co_await broken_while_waiting(*s.barrier);
        // here no catch - blocked tasks go to wait
        if (broken)
            s.results2.push_back(true);
    }
}

Coro<void> test_reset_barrier_when_tasks_half_draining_half_blocking(Loop& loop, Shared& s) {
    s.barrier = make_ref<Barrier>(loop, s.n);
    const int blocking_tasks = static_cast<int>(s.n / 2);
    std::vector<Task> tasks;
    for (int k = 0; k < s.n; ++k)
        tasks.push_back(create_task(loop, half_draining_half_blocking(s, blocking_tasks)));
    std::vector<std::any> res = co_await gather_tasks(loop, tasks);
    (void)res;
    EXPECT_EQ(s.results1, std::vector<bool>(static_cast<std::size_t>(blocking_tasks), true));
    EXPECT_EQ(s.results2, std::vector<bool>{});
    EXPECT_EQ(s.barrier->n_waiting(), 0);
    EXPECT_NE(s.barrier->state(), State::Resetting);
    EXPECT_FALSE(s.barrier->broken());
}

// try: await barrier.wait() except BrokenBarrierError: results1.append(True)
// finally: await barrier.wait(); results2.append(True)
Coro<void> waiting_and_waiting_again(Shared& s) {
    std::exception_ptr other;
    try {
        std::int64_t i = co_await s.barrier->wait();
        (void)i;
    } catch (const PyError& e) {
        if (e.type() == "BrokenBarrierError")
            s.results1.push_back(true);
        else
            other = std::current_exception();
    }
    std::int64_t i = co_await s.barrier->wait();
    (void)i;
    s.results2.push_back(true);
    if (other)
        std::rethrow_exception(other);
}

Coro<void> enter_and_note(Shared& s) {
    std::int64_t i = co_await s.barrier->wait();
    (void)i;
    s.results2.push_back(true);
}

Coro<void> test_reset_barrier_while_tasks_waiting_and_waiting_again(Loop& loop, Shared& s) {
    s.barrier = make_ref<Barrier>(loop, s.n);
    std::vector<Task> tasks;
    for (int k = 0; k < s.n - 1; ++k)
        tasks.push_back(create_task(loop, waiting_and_waiting_again(s)));

    // reset barrier, N-1 waiting tasks raise an BrokenBarrierError
    Task reset = create_task(loop, s.barrier->reset());
    co_await sleep(loop, 0);

    // complete waiting tasks in the `finally`
    Task last = create_task(loop, enter_and_note(s));

    std::vector<std::any> res = co_await gather_tasks(loop, tasks);
    (void)res;

    EXPECT_FALSE(s.barrier->broken());
    EXPECT_EQ(s.results1.size(), static_cast<std::size_t>(s.n - 1));
    EXPECT_EQ(s.results2.size(), static_cast<std::size_t>(s.n));
    EXPECT_EQ(s.barrier->n_waiting(), 0);
    std::any r1 = co_await reset;
    std::any r2 = co_await last;
    (void)r1;
    (void)r2;
}

Coro<void> reset_while_draining(Shared& s) {
    std::int64_t i = co_await s.barrier->wait();
    (void)i;
    s.count += 1;
    if (s.count == s.n) {
        // last task exited from barrier
        co_await s.barrier->reset();
        // wait here to reach the `parties`
        std::int64_t j = co_await s.barrier->wait();
        (void)j;
    } else {
        try {
            // second waiting
            std::int64_t j = co_await s.barrier->wait();
            (void)j;
            // N-1 tasks here
            s.results1.push_back(true);
        } catch (const PyError&) {
            // never goes here
            s.results2.push_back(true);
        }
    }
    // Now, pass the barrier again: last wait, must be completed
    std::int64_t k = co_await s.barrier->wait();
    (void)k;
    s.results3.push_back(true);
}

Coro<void> test_reset_barrier_while_tasks_draining(Loop& loop, Shared& s) {
    s.barrier = make_ref<Barrier>(loop, s.n);
    std::vector<Task> tasks;
    for (int k = 0; k < s.n; ++k)
        tasks.push_back(create_task(loop, reset_while_draining(s)));
    std::vector<std::any> res = co_await gather_tasks(loop, tasks);
    (void)res;
    EXPECT_FALSE(s.barrier->broken());
    EXPECT_EQ(s.results1.size(), static_cast<std::size_t>(s.n - 1));
    EXPECT_EQ(s.results2.size(), 0u);
    EXPECT_EQ(s.results3.size(), static_cast<std::size_t>(s.n));
    EXPECT_EQ(s.barrier->n_waiting(), 0);
}
} // namespace

TEST_F(BarrierTests, ResetBarrier) {
    Loop loop;
    EXPECT_TRUE(completed(loop, test_reset_barrier(loop)));
}

TEST_F(BarrierTests, ResetBarrierWhileTasksWaiting) {
    Loop loop;
    Shared s;
    EXPECT_TRUE(completed(loop, test_reset_barrier_while_tasks_waiting(loop, s)));
}

TEST_F(BarrierTests, ResetBarrierWhenTasksHalfDraining) {
    Loop loop;
    Shared s;
    EXPECT_TRUE(completed(loop, test_reset_barrier_when_tasks_half_draining(loop, s)));
}

TEST_F(BarrierTests, ResetBarrierWhenTasksHalfDrainingHalfBlocking) {
    Loop loop;
    Shared s;
    EXPECT_TRUE(
        completed(loop, test_reset_barrier_when_tasks_half_draining_half_blocking(loop, s)));
}

TEST_F(BarrierTests, ResetBarrierWhileTasksWaitingAndWaitingAgain) {
    Loop loop;
    Shared s;
    EXPECT_TRUE(completed(loop, test_reset_barrier_while_tasks_waiting_and_waiting_again(loop, s)));
}

TEST_F(BarrierTests, ResetBarrierWhileTasksDraining) {
    Loop loop;
    Shared s;
    EXPECT_TRUE(completed(loop, test_reset_barrier_while_tasks_draining(loop, s)));
}

// [SECTION] abort

namespace {
Coro<void> test_abort_barrier(Loop& loop) {
    B b = make_ref<Barrier>(loop, 1);
    Task t = create_task(loop, b->abort());
    co_await sleep(loop, 0);
    EXPECT_TRUE(t->done());
    EXPECT_EQ(b->n_waiting(), 0);
    EXPECT_TRUE(b->broken());
}

Coro<void> abort_half_draining_half_blocking(Shared& s, int blocking_tasks) {
    const bool broken = co_await broken_while_waiting(*s.barrier);
    if (broken) {
        // here catch tasks waiting to drain
        s.results1.push_back(true);
        co_return;
    }
    s.count += 1;
    if (s.count > blocking_tasks) {
        // abort now: raise BrokenBarrierError for all tasks
        co_await s.barrier->abort();
    } else {
        const bool broken = co_await broken_while_waiting(*s.barrier);
        // here catch blocked tasks (already drained)
        if (broken)
            s.results2.push_back(true);
    }
}

Coro<void> test_abort_barrier_when_tasks_half_draining_half_blocking(Loop& loop, Shared& s) {
    s.barrier = make_ref<Barrier>(loop, s.n);
    const int blocking_tasks = static_cast<int>(s.n / 2);
    std::vector<Task> tasks;
    for (int k = 0; k < s.n; ++k)
        tasks.push_back(create_task(loop, abort_half_draining_half_blocking(s, blocking_tasks)));
    std::vector<std::any> res = co_await gather_tasks(loop, tasks);
    (void)res;
    EXPECT_TRUE(s.barrier->broken());
    EXPECT_EQ(s.results1, std::vector<bool>(static_cast<std::size_t>(blocking_tasks), true));
    EXPECT_EQ(s.results2,
              std::vector<bool>(static_cast<std::size_t>(s.n - blocking_tasks - 1), true));
    EXPECT_EQ(s.barrier->n_waiting(), 0);
    EXPECT_NE(s.barrier->state(), State::Resetting);
}

// try: async with barrier as i: if i == N//2: raise RuntimeError
//      async with barrier: results1.append(True)
// except BrokenBarrierError: results2.append(True)
// except RuntimeError: await barrier.abort()
Coro<void> abort_when_exception(Shared& s) {
    bool runtime_error_raised = false;
    try {
        std::int64_t i = co_await s.barrier->wait();
        if (i == s.n / 2)
            throw python_runtime_error("");
        std::int64_t j = co_await s.barrier->wait();
        (void)j;
        s.results1.push_back(true);
    } catch (const PyError& e) {
        if (e.type() == "BrokenBarrierError")
            s.results2.push_back(true);
        else if (e.type() == "RuntimeError")
            runtime_error_raised = true;
        else
            throw;
    }
    if (runtime_error_raised)
        co_await s.barrier->abort();
}

Coro<void> test_abort_barrier_when_exception(Loop& loop, Shared& s) {
    s.barrier = make_ref<Barrier>(loop, s.n);
    std::vector<Task> tasks;
    for (int k = 0; k < s.n; ++k)
        tasks.push_back(create_task(loop, abort_when_exception(s)));
    std::vector<std::any> res = co_await gather_tasks(loop, tasks);
    (void)res;
    EXPECT_TRUE(s.barrier->broken());
    EXPECT_EQ(s.results1.size(), 0u);
    EXPECT_EQ(s.results2.size(), static_cast<std::size_t>(s.n - 1));
    EXPECT_EQ(s.barrier->n_waiting(), 0);
}

Coro<void> abort_then_reset(Shared& s) {
    bool runtime_error_raised = false;
    try {
        std::int64_t i = co_await s.barrier->wait();
        if (i == s.n / 2)
            throw python_runtime_error("");
        std::int64_t j = co_await s.barrier->wait();
        (void)j;
        s.results1.push_back(true);
    } catch (const PyError& e) {
        if (e.type() == "BrokenBarrierError")
            s.results2.push_back(true);
        else if (e.type() == "RuntimeError")
            runtime_error_raised = true;
        else
            throw;
    }
    if (runtime_error_raised)
        co_await s.barrier->abort();

    // Synchronize and reset the barrier. Must synchronize first so that everyone has left
    // it when we reset, and after so that no one enters it before the reset.
    std::int64_t i = co_await s.barrier_nowaiting->wait();
    if (i == s.n / 2)
        co_await s.barrier->reset();
    std::int64_t j = co_await s.barrier_nowaiting->wait();
    (void)j;
    std::int64_t k = co_await s.barrier->wait();
    (void)k;
    s.results3.push_back(true);
}

Coro<void> test_abort_barrier_when_exception_then_resetting(Loop& loop, Shared& s) {
    s.barrier = make_ref<Barrier>(loop, s.n);           // barrier1
    s.barrier_nowaiting = make_ref<Barrier>(loop, s.n); // barrier2
    std::vector<Task> tasks;
    for (int k = 0; k < s.n; ++k)
        tasks.push_back(create_task(loop, abort_then_reset(s)));
    std::vector<std::any> res = co_await gather_tasks(loop, tasks);
    (void)res;
    EXPECT_FALSE(s.barrier->broken());
    EXPECT_EQ(s.results1.size(), 0u);
    EXPECT_EQ(s.results2.size(), static_cast<std::size_t>(s.n - 1));
    EXPECT_EQ(s.results3.size(), static_cast<std::size_t>(s.n));
    EXPECT_EQ(s.barrier->n_waiting(), 0);
}
} // namespace

TEST_F(BarrierTests, AbortBarrier) {
    Loop loop;
    EXPECT_TRUE(completed(loop, test_abort_barrier(loop)));
}

TEST_F(BarrierTests, AbortBarrierWhenTasksHalfDrainingHalfBlocking) {
    Loop loop;
    Shared s;
    EXPECT_TRUE(
        completed(loop, test_abort_barrier_when_tasks_half_draining_half_blocking(loop, s)));
}

TEST_F(BarrierTests, AbortBarrierWhenException) {
    Loop loop;
    Shared s;
    EXPECT_TRUE(completed(loop, test_abort_barrier_when_exception(loop, s)));
}

TEST_F(BarrierTests, AbortBarrierWhenExceptionThenResetting) {
    Loop loop;
    Shared s;
    EXPECT_TRUE(completed(loop, test_abort_barrier_when_exception_then_resetting(loop, s)));
}

// [SECTION] test_repr: the state sequence; golden orders checked against CPython 3.11

namespace {
Coro<void> test_states(Loop& loop, std::vector<std::pair<std::string, std::int64_t>>& states,
                       std::vector<std::string>& outcomes) {
    B b = make_ref<Barrier>(loop, 5);
    std::vector<Task> waiters;
    auto snapshot = [&] { states.emplace_back(Barrier::state_name(b->state()), b->n_waiting()); };

    for (int i = 0; i < 2; ++i)
        waiters.push_back(create_task(loop, plain_wait(b)));
    co_await sleep(loop, 0);
    snapshot();

    // create missing waiters
    for (std::int64_t i = b->n_waiting(); i < b->parties(); ++i)
        waiters.push_back(create_task(loop, plain_wait(b)));
    co_await sleep(loop, 0);
    snapshot();

    // add a part of waiters, and reset
    for (int i = 0; i < 2; ++i)
        waiters.push_back(create_task(loop, plain_wait(b)));
    co_await sleep(loop, 0);
    co_await b->reset();
    snapshot();

    // add a part of waiters again, and abort
    for (int i = 0; i < 2; ++i)
        waiters.push_back(create_task(loop, plain_wait(b)));
    co_await sleep(loop, 0);
    co_await b->abort();
    snapshot();
    EXPECT_TRUE(b->broken());

    std::vector<std::any> res = co_await gather_tasks(loop, waiters, true);
    for (const std::any& r : res)
        if (const auto* e = std::any_cast<std::exception_ptr>(&r))
            outcomes.push_back(error_type(*e));
        else
            outcomes.push_back(std::to_string(std::any_cast<std::int64_t>(r)));
}

struct Golden {
    B barrier;
    std::vector<std::string> log;
};

Coro<std::int64_t> logged_wait(Golden& g, int n) {
    g.log.push_back(std::to_string(n) + " arrives");
    std::int64_t i = co_await g.barrier->wait();
    g.log.push_back(std::to_string(n) + " passes " + std::to_string(i));
    co_return i;
}

Coro<void> logged_wait_broken(Golden& g, int n) {
    try {
        std::int64_t i = co_await g.barrier->wait();
        g.log.push_back(std::to_string(n) + " passes " + std::to_string(i));
    } catch (const PyError& e) {
        if (e.type() != "BrokenBarrierError")
            throw;
        g.log.push_back(std::to_string(n) + " broken: " + e.message());
    }
}

Coro<void> test_wait_order(Loop& loop, Golden& g, std::vector<std::int64_t>& res) {
    g.barrier = make_ref<Barrier>(loop, 5);
    std::vector<Task> tasks;
    for (int k = 0; k < 5; ++k)
        tasks.push_back(create_task(loop, logged_wait(g, k)));
    std::vector<std::any> r = co_await gather_tasks(loop, tasks);
    res = indices(r);
}

Coro<void> test_abort_messages(Loop& loop, Golden& g) {
    g.barrier = make_ref<Barrier>(loop, 4);
    std::vector<Task> tasks;
    for (int k = 0; k < 3; ++k)
        tasks.push_back(create_task(loop, logged_wait_broken(g, k)));
    co_await sleep(loop, 0);
    EXPECT_EQ(g.barrier->n_waiting(), 3);
    co_await g.barrier->abort();
    g.log.push_back("aborted");
    std::vector<std::any> r = co_await gather_tasks(loop, tasks);
    (void)r;
    co_await logged_wait_broken(g, 9);
    EXPECT_EQ(g.barrier->n_waiting(), 0);
    EXPECT_TRUE(g.barrier->broken());
}

Coro<void> test_reset_messages(Loop& loop, Golden& g) {
    g.barrier = make_ref<Barrier>(loop, 3);
    std::vector<Task> tasks;
    for (int k = 0; k < 2; ++k)
        tasks.push_back(create_task(loop, logged_wait_broken(g, k)));
    co_await sleep(loop, 0);
    co_await g.barrier->reset();
    g.log.push_back(std::string("reset ") + Barrier::state_name(g.barrier->state()) +
                    " count=" + std::to_string(g.barrier->count()));
    std::vector<std::any> r = co_await gather_tasks(loop, tasks);
    (void)r;
    g.log.push_back(std::string(Barrier::state_name(g.barrier->state())) + " " +
                    std::to_string(g.barrier->n_waiting()));
}
} // namespace

TEST_F(BarrierTests, StatesFillingDrainingResettingBroken) {
    Loop loop;
    std::vector<std::pair<std::string, std::int64_t>> states;
    std::vector<std::string> outcomes;
    EXPECT_TRUE(completed(loop, test_states(loop, states, outcomes)));
    EXPECT_EQ(states, (std::vector<std::pair<std::string, std::int64_t>>{
                          {"filling", 2}, {"draining", 0}, {"resetting", 0}, {"broken", 0}}));
    EXPECT_EQ(outcomes, (std::vector<std::string>{"0", "1", "2", "3", "4", "BrokenBarrierError",
                                                  "BrokenBarrierError", "BrokenBarrierError",
                                                  "BrokenBarrierError"}));
}

TEST_F(BarrierTests, WaitReturnsArrivalIndexAndTheLastArrivalPassesFirst) {
    Loop loop;
    Golden g;
    std::vector<std::int64_t> res;
    EXPECT_TRUE(completed(loop, test_wait_order(loop, g, res)));
    EXPECT_EQ(res, (std::vector<std::int64_t>{0, 1, 2, 3, 4}));
    EXPECT_EQ(g.log, (std::vector<std::string>{"0 arrives", "1 arrives", "2 arrives", "3 arrives",
                                               "4 arrives", "4 passes 4", "0 passes 0",
                                               "1 passes 1", "2 passes 2", "3 passes 3"}));
}

TEST_F(BarrierTests, AbortBreaksWaitersAndLaterArrivals) {
    Loop loop;
    Golden g;
    EXPECT_TRUE(completed(loop, test_abort_messages(loop, g)));
    EXPECT_EQ(g.log, (std::vector<std::string>{"aborted", "0 broken: Abort or reset of barrier",
                                               "1 broken: Abort or reset of barrier",
                                               "2 broken: Abort or reset of barrier",
                                               "9 broken: Barrier aborted"}));
}

TEST_F(BarrierTests, ResetBreaksWaitersThenFillsAgain) {
    Loop loop;
    Golden g;
    EXPECT_TRUE(completed(loop, test_reset_messages(loop, g)));
    EXPECT_EQ(g.log, (std::vector<std::string>{
                         "reset resetting count=2", "0 broken: Abort or reset of barrier",
                         "1 broken: Abort or reset of barrier", "filling 0"}));
}

// [SECTION] observer

namespace {
struct Recorded {
    PrimitiveOp op;
    TaskId task;
    std::int64_t value;
    bool operator==(const Recorded&) const = default;
};

class Recorder : public Observer {
  public:
    void on_primitive(PrimitiveOp op, ObjectId object, TaskId task, std::span<const TaskId>,
                      std::int64_t value) override {
        if (op == PrimitiveOp::BarrierWait || op == PrimitiveOp::BarrierBroken)
            events.push_back({op, task, value});
        (void)object;
    }
    void on_object_owned(ObjectId part, ObjectId owner) override {
        owned.emplace_back(part, owner);
    }
    std::vector<Recorded> events;
    std::vector<std::pair<ObjectId, ObjectId>> owned;
};

Coro<void> observed(Loop& loop, B b) {
    std::vector<Task> tasks;
    for (int k = 0; k < 2; ++k)
        tasks.push_back(create_task(loop, plain_wait(b))); // tasks 2, 3
    std::vector<std::any> r = co_await gather_tasks(loop, tasks);
    (void)r;
    Task t = create_task(loop, plain_wait(b)); // task 4
    co_await sleep(loop, 0);
    co_await b->abort();
    std::exception_ptr e;
    try {
        std::any x = co_await t;
        (void)x;
    } catch (...) {
        e = std::current_exception();
    }
    EXPECT_TRUE(is_broken_barrier(e));
}
} // namespace

TEST_F(BarrierTests, ObserverSeesArrivalIndicesAndTheAbort) {
    Loop loop;
    Recorder rec;
    loop.set_observer(&rec);
    B b = make_ref<Barrier>(loop, 2);
    EXPECT_TRUE(completed(loop, observed(loop, b)));
    loop.set_observer(nullptr);
    EXPECT_EQ(rec.events, (std::vector<Recorded>{
                              {PrimitiveOp::BarrierWait, 2, 0},
                              {PrimitiveOp::BarrierWait, 3, 1},
                              {PrimitiveOp::BarrierWait, 4, 0},
                              {PrimitiveOp::BarrierBroken, 1, 1},
                          }));
    ASSERT_FALSE(rec.owned.empty());
    EXPECT_EQ(rec.owned.back(), (std::pair<ObjectId, ObjectId>{b->condition()->id(), b->id()}));
}

namespace {
Coro<void> temporary_barriers(Loop& loop) {
    // `asyncio.create_task(asyncio.Barrier(1).wait())`: the bound method keeps it alive.
    Task wait = create_task(loop, make_ref<Barrier>(loop, 1)->wait());
    Task reset = create_task(loop, make_ref<Barrier>(loop, 1)->reset());
    Task abort = create_task(loop, make_ref<Barrier>(loop, 1)->abort());
    std::any r1 = co_await wait;
    std::any r2 = co_await reset;
    std::any r3 = co_await abort;
    EXPECT_EQ(std::any_cast<std::int64_t>(r1), 0);
    (void)r2;
    (void)r3;
}
} // namespace

TEST_F(BarrierTests, ACoroutineKeepsItsBarrierAliveFromCreation) {
    Loop loop;
    EXPECT_TRUE(completed(loop, temporary_barriers(loop)));
}
