#pragma once
// asyncio.Lock (3.11): a FIFO of waiter futures, no ownership, fast path when free.
//
// acquire():  free and no live (non-cancelled) waiter -> locked at once, no suspension.
//             Otherwise a waiter future is queued and awaited; the waiter removes itself
//             in `finally`; on CancelledError it passes the baton if the lock is free.
// release():  unlocks and sets the head waiter's future (only the head is looked at).
// Handoff window: after release() the lock reads unlocked, but the woken head waiter's
// future stays queued until the task runs, so a newcomer queues behind it (no barging).
#include "runtime/coro.h"
#include "runtime/future.h"
#include "runtime/observer.h"
#include "runtime/ref_counted.h"

#include <deque>
#include <vector>

namespace condlab {

class LockAcquire;

class Lock : public RefCounted {
  public:
    explicit Lock(Loop& loop, SourceLoc where = {});

    /// Acquires the lock and returns true. Does not suspend when the lock is free and no
    /// live waiter is queued. Otherwise queues a waiter (WaitInfo{Lock, id(), where}) at the
    /// tail of the FIFO; the task is resumed in the iteration after a release() (or a
    /// cancelled head waiter) sets its future, and then takes the lock.
    /// A cancelled waiter raises CancelledError and wakes the next head if the lock is free.
    /// Nothing happens until the result is awaited (or converted to a Coro<bool>).
    [[nodiscard]] LockAcquire acquire(SourceLoc where = {});

    /// Unlocks and wakes the head waiter (its future is set now; the task resumes next
    /// iteration). Any task may release. RuntimeError('Lock is not acquired.') if unlocked.
    void release();

    [[nodiscard]] bool locked() const noexcept { return m_locked; }
    [[nodiscard]] ObjectId id() const noexcept { return m_id; }
    [[nodiscard]] Loop& loop() const noexcept { return *m_loop; }

    /// The waiter futures in FIFO order (`lock._waiters`), including woken or cancelled
    /// ones that have not run yet.
    [[nodiscard]] const std::deque<Future>& waiters() const noexcept { return m_waiters; }
    /// For the inspector: the owner task of each waiter future, in FIFO order.
    [[nodiscard]] std::vector<TaskId> waiter_owners() const;
    /// For display only (asyncio locks are not owned): the task that took the lock last,
    /// while it is locked; kNoTask when unlocked.
    [[nodiscard]] TaskId owner() const noexcept { return m_locked ? m_owner : kNoTask; }

  private:
    friend class LockAcquire;
    friend class Condition; // wait() re-acquires through acquire_impl
    /// The fast path: takes the lock if it is free and no live waiter is queued.
    bool try_take_fast();
    // The coroutine's frame holds `self` from creation on (like Python's bound method), so
    // a lock nobody else references lives until the acquire has run. `fast_tried`: the
    // caller already ran try_take_fast() and it failed.
    static Coro<bool> acquire_impl(Ref<Lock> self, SourceLoc where, bool fast_tried);
    /// Sets the head waiter's future if it is not done; returns its owner task if set.
    TaskId wake_up_first();
    void take(PrimitiveOp op);
    void remove_waiter(const Future& fut) noexcept;

    Loop* m_loop;
    ObjectId m_id;
    bool m_locked = false;
    TaskId m_owner = kNoTask;
    std::deque<Future> m_waiters;
};

/// What Lock::acquire() returns. Awaited, it tries the fast path in await_ready (no
/// coroutine frame); only a queueing acquire runs the coroutine. It holds the lock like
/// Python's bound method does.
class [[nodiscard]] LockAcquire {
  public:
    LockAcquire(Ref<Lock> lock, SourceLoc where) noexcept
        : m_lock(std::move(lock)), m_where(where) {}

    bool await_ready() { return m_lock->try_take_fast(); }
    template <class P> bool await_suspend(std::coroutine_handle<P> parent) {
        m_slow = Lock::acquire_impl(std::move(m_lock), m_where, true);
        return detail::CoroAwaiter<bool>{m_slow.handle()}.await_suspend(parent);
    }
    bool await_resume() {
        if (!m_slow.handle())
            return true; // taken in await_ready
        return detail::CoroAwaiter<bool>{m_slow.handle()}.await_resume();
    }

    /// The whole acquire as a coroutine (for a task, gather(), Python).
    Coro<bool> into_coro() && { return Lock::acquire_impl(std::move(m_lock), m_where, false); }

  private:
    Ref<Lock> m_lock;
    SourceLoc m_where;
    Coro<bool> m_slow;
};

inline LockAcquire Lock::acquire(SourceLoc where) { return {Ref<Lock>(this), where}; }

} // namespace condlab
