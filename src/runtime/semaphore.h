#pragma once
// asyncio.Semaphore / BoundedSemaphore (3.11): a counter plus a FIFO of waiter futures.
//
// acquire():  not locked() -> value -= 1 at once, no suspension. Otherwise a waiter future
//             is queued and awaited; the waiter removes itself in `finally`.
// release():  value += 1, then wake_up_next(): the first not-done waiter gets the unit
//             (value -= 1, its future set). Units are handed over, strict FIFO.
// locked():   value == 0, or any queued waiter that is not cancelled (no barging past
//             live waiters even when value > 0).
// A waiter woken and then cancelled before it ran gives its unit back and wakes the next.
// 3.13 differs (wakes as many waiters as the value allows); this is 3.11.
#include "runtime/coro.h"
#include "runtime/future.h"
#include "runtime/observer.h"
#include "runtime/ref_counted.h"

#include <deque>
#include <vector>

namespace condlab {

class Semaphore : public RefCounted {
  public:
    /// ValueError('Semaphore initial value must be >= 0') if `value` < 0.
    explicit Semaphore(Loop& loop, int value = 1, SourceLoc where = {});

    /// Takes a unit and returns true. Does not suspend when not locked(). Otherwise queues
    /// a waiter (WaitInfo{Semaphore, id(), where}) at the tail of the FIFO; the task resumes
    /// in the iteration after a release() (or a cancelled woken waiter) handed it a unit.
    /// After resuming, if units are left it wakes the next waiter too.
    /// Cancelled while queued: raises CancelledError; if it had already been handed a unit,
    /// the unit goes back (value += 1) and the next waiter is woken.
    [[nodiscard]] Coro<bool> acquire(SourceLoc where = {}) {
        return acquire_impl(Ref<Semaphore>(this), where);
    }

    /// value += 1 and hands the unit to the first not-done waiter (its future is set now;
    /// the task resumes next iteration). Never suspends.
    virtual void release();

    /// True if acquire() would suspend.
    [[nodiscard]] bool locked() const noexcept;
    [[nodiscard]] int value() const noexcept { return m_value; }
    [[nodiscard]] ObjectId id() const noexcept { return m_id; }
    [[nodiscard]] Loop& loop() const noexcept { return *m_loop; }

    /// The waiter futures in FIFO order (`sem._waiters`), including woken or cancelled
    /// ones that have not run yet.
    [[nodiscard]] const std::deque<Future>& waiters() const noexcept { return m_waiters; }
    /// For the inspector: the owner task of each waiter future, in FIFO order.
    [[nodiscard]] std::vector<TaskId> waiter_owners() const;

  protected:
    Semaphore(Loop& loop, int value, ObjectKind kind, SourceLoc where);
    /// `_wake_up_next`: the first not-done waiter gets a unit. Returns its owner task, or
    /// kNoTask if nobody was woken.
    TaskId wake_up_next();
    void report(PrimitiveOp op, TaskId woken) const;

  private:
    // The coroutine frames hold `self` from creation on, like Python's bound method: a task
    // created on a temporary object keeps it alive.
    Coro<bool> acquire_impl(Ref<Semaphore> self, SourceLoc where);
    void remove_waiter(const Future& fut) noexcept;

    Loop* m_loop;
    ObjectId m_id;
    int m_value;
    std::deque<Future> m_waiters;
};

/// A Semaphore whose release() refuses to go above the initial value.
class BoundedSemaphore final : public Semaphore {
  public:
    /// ValueError('Semaphore initial value must be >= 0') if `value` < 0.
    explicit BoundedSemaphore(Loop& loop, int value = 1, SourceLoc where = {});

    /// As Semaphore::release(); ValueError('BoundedSemaphore released too many times') if
    /// the value is already at the initial value.
    void release() override;

    [[nodiscard]] int bound() const noexcept { return m_bound; }

  private:
    int m_bound;
};

} // namespace condlab
