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
    [[gnu::always_inline]] void release() { // (inline: g++ calls it from coroutine bodies)
        if (!m_locked) [[unlikely]]
            throw_not_acquired();
        m_locked = false;
        TaskId woken = wake_up_first();
        if (m_loop->observer())
            report_release(woken);
    }

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
    friend class ConditionWait; // re-acquires: try_take_fast() first
    /// The fast path: takes the lock if it is free and no live waiter is queued.
    [[gnu::always_inline]] bool try_take_fast() {
        // (walking even an empty deque costs more than the rest; a live head decides at once)
        if (m_locked ||
            (!m_waiters.empty() && (!m_waiters.front()->cancelled() || !only_cancelled_waiters())))
            return false;
        take(PrimitiveOp::LockAcquireFast);
        return true;
    }
    bool only_cancelled_waiters() const;
    /// The queued part of acquire(): a new waiter future at the tail of the FIFO.
    Future enqueue(SourceLoc where);
    /// After a queued waiter's wake-up: the `finally` (removes `fut`), then either the
    /// baton pass of a cancelled waiter or taking the lock. Returns what acquire() raises.
    std::exception_ptr finish_acquire(NativeDriver& driver, Future fut) noexcept;
    /// Sets the head waiter's future if it is not done; returns its owner task if set.
    TaskId wake_up_first() { return m_waiters.empty() ? kNoTask : wake_up_head(); }
    TaskId wake_up_head();
    void take(PrimitiveOp op) {
        m_locked = true;
        m_owner = m_loop->current_task_id();
        if (m_loop->observer())
            report_take(op);
    }
    void report_take(PrimitiveOp op);
    void remove_waiter(const Future& fut) noexcept {
        // `self._waiters.remove(fut)`: the first entry that is this future (usually the head).
        if (!m_waiters.empty() && m_waiters.front() == fut)
            m_waiters.pop_front();
        else
            remove_waiter_slow(fut);
    }
    void remove_waiter_slow(const Future& fut) noexcept;
    [[noreturn]] static void throw_not_acquired();
    void report_release(TaskId woken);

    Loop* m_loop;
    ObjectId m_id;
    bool m_locked = false;
    TaskId m_owner = kNoTask;
    std::deque<Future> m_waiters;
};

/// What Lock::acquire() returns. Awaited, it needs no coroutine frame: the fast path runs
/// in await_ready; a queued acquire keeps its waiter future here and finishes in the
/// driver's wake hook. It holds the lock like Python's bound method does.
class [[nodiscard]] LockAcquire final : NativeDriver::WakeHook {
  public:
    /// `try_fast` false: the caller has just tried the fast path (Condition::wait).
    LockAcquire(Ref<Lock> lock, SourceLoc where, bool try_fast = true) noexcept
        : m_lock(std::move(lock)), m_where(where), m_try_fast(try_fast) {}
    LockAcquire(LockAcquire&&) = default; // only before it is awaited
    LockAcquire& operator=(LockAcquire&&) = delete;
    // (Forced inline here and below: g++ otherwise calls these small members from the large
    // bodies of the coroutines that await them, a call per acquire.)
    [[gnu::always_inline]] ~LockAcquire() { // dropped while queued: `finally: waiters.remove(fut)`
        if (m_fut) [[unlikely]]
            drop_queued();
    }

    [[gnu::always_inline]] bool await_ready() {
        if (m_try_fast && m_lock->try_take_fast())
            return true;
        queue();
        return false;
    }
    template <class P> bool await_suspend(std::coroutine_handle<P> h) {
        h.promise().driver->suspend_on(m_fut, this);
        return true;
    }
    bool await_resume() {
        if (m_error)
            std::rethrow_exception(std::exchange(m_error, nullptr));
        return true;
    }

    /// The whole acquire as a coroutine (for a task, gather(), Python).
    Coro<bool> into_coro() && { return run(std::move(*this)); }

  private:
    static Coro<bool> run(LockAcquire self);
    /// The slow paths, out of line: the queued part of await_ready, and the destructor's.
    void queue();
    void drop_queued() noexcept;
    void on_wake(NativeDriver& driver) noexcept override {
        m_error = m_lock->finish_acquire(driver, std::exchange(m_fut, nullptr));
    }

    Ref<Lock> m_lock;
    SourceLoc m_where;
    bool m_try_fast;
    Future m_fut;               // while queued
    std::exception_ptr m_error; // what the queued acquire raised
};

inline LockAcquire Lock::acquire(SourceLoc where) { return {Ref<Lock>(this), where}; }

} // namespace condlab
