// The recorder stores FIFO waiter lists incrementally (a new list shares the entries of the
// previous one in task_lists). Whatever the sharing does, the list the trace returns at the
// end of every iteration must equal the runtime's own queue at that moment.
#include "runtime/runtime.h"
#include "trace_test_support.h"

#include <gtest/gtest.h>

#include <vector>

namespace condlab::testing {
namespace {

struct Shared : RefCounted {
    Ref<Condition> cond;
    Ref<Lock> lock;
    int released = 0;
};

Coro<void> cond_waiter(Ref<Shared> st, int rounds) {
    for (int i = 0; i < rounds; ++i) {
        co_await st->cond->acquire();
        co_await st->cond->wait();
        st->cond->release();
    }
}

Coro<void> lock_worker(Loop& loop, Ref<Shared> st, int rounds) {
    for (int i = 0; i < rounds; ++i) {
        co_await st->lock->acquire();
        co_await sleep(loop, 0);
        st->lock->release();
    }
}

Coro<void> notifier(Loop& loop, Ref<Shared> st, int waiters, int rounds) {
    co_await sleep(loop, 1);
    // notify 1, 2, 3, ... at a time (and everyone at the end of each round)
    for (int r = 0; r < rounds; ++r) {
        for (int n = 1; n <= 4; ++n) {
            co_await st->cond->acquire();
            st->cond->notify(n);
            st->cond->release();
            co_await sleep(loop, 0.5);
        }
        co_await st->cond->acquire();
        st->cond->notify_all();
        st->cond->release();
        co_await sleep(loop, 1);
    }
    (void)waiters;
}

struct Snapshot {
    std::uint64_t iteration = 0;
    std::vector<TaskId> cond_waiters; // not yet notified (the recorder drops notified ones)
    std::vector<TaskId> lock_waiters; // queued, including a woken head that has not run
};

std::vector<TaskId> pending_owners(const Condition& c) {
    std::vector<TaskId> out;
    for (const Future& f : c.waiters())
        if (!f->done())
            out.push_back(f->owner);
    return out;
}

TEST(WaiterLists, EqualTheRuntimeQueuesAtEveryIteration) {
    Loop loop;
    Recorder rec;
    loop.set_observer(&rec);
    Ref<Shared> st = make_ref<Shared>();
    st->cond = make_ref<Condition>(loop);
    st->lock = make_ref<Lock>(loop);
    constexpr int kWaiters = 40, kWorkers = 12, kRounds = 3;
    std::vector<Task> tasks;
    for (int i = 0; i < kWaiters; ++i)
        tasks.push_back(create_task(loop, cond_waiter(st, kRounds)));
    for (int i = 0; i < kWorkers; ++i)
        tasks.push_back(create_task(loop, lock_worker(loop, st, 20)));
    tasks.push_back(create_task(loop, notifier(loop, st, kWaiters, kRounds + 1)));

    std::vector<Snapshot> snaps;
    auto all_done = [&] {
        for (const Task& t : tasks)
            if (!t->done())
                return false;
        return true;
    };
    while (!all_done() && loop.run_once())
        snaps.push_back({loop.iteration(), pending_owners(*st->cond), st->lock->waiter_owners()});
    ASSERT_TRUE(all_done());
    RunOutcome out;
    out.iterations = loop.iteration();
    out.time = loop.time();
    loop.set_observer(nullptr);
    std::shared_ptr<const Trace> trace = rec.finish_shared(out);

    std::size_t max_cond = 0, max_lock = 0;
    for (const Snapshot& s : snaps) {
        SCOPED_TRACE("iteration " + std::to_string(s.iteration));
        const StepId next = trace->step_at_iteration(s.iteration + 1);
        const Tick t = next < trace->step_count() ? tick_begin(next)
                                                  : static_cast<Tick>(2 * trace->step_count());
        const ObjectState cs = trace->object_state_at_tick(st->cond->id(), t);
        const ObjectState ls = trace->object_state_at_tick(st->lock->id(), t);
        EXPECT_EQ(std::vector<TaskId>(cs.waiters.begin(), cs.waiters.end()), s.cond_waiters);
        EXPECT_EQ(std::vector<TaskId>(ls.waiters.begin(), ls.waiters.end()), s.lock_waiters);
        max_cond = std::max(max_cond, s.cond_waiters.size());
        max_lock = std::max(max_lock, s.lock_waiters.size());
    }
    // the scenario really builds long queues on both objects
    EXPECT_EQ(max_cond, static_cast<std::size_t>(kWaiters));
    EXPECT_GE(max_lock, static_cast<std::size_t>(kWorkers - 1));
}

} // namespace
} // namespace condlab::testing
