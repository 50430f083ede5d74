#pragma once
// asyncio.Barrier (3.11), built on one Condition (with its own Lock), exactly as
// Lib/asyncio/locks.py:
//
// wait():  async with cond: block while DRAINING / RESETTING (BrokenBarrierError('Barrier
//          aborted') if BROKEN); index = count; count += 1; the last arrival flips the state
//          to DRAINING and notify_all()s; the others wait_for(state != FILLING) and raise
//          BrokenBarrierError('Abort or reset of barrier') if it became BROKEN / RESETTING.
//          finally: count -= 1; the last one out flips DRAINING / RESETTING back to FILLING
//          and notify_all()s (waking tasks blocked until the draining ends).
// reset(): RESETTING while tasks are inside (they raise BrokenBarrierError), else FILLING.
// abort(): BROKEN for good; waiters and later wait() calls raise BrokenBarrierError.
// Waiting tasks wait on the Condition (WaitInfo{Condition, condition id}) or its Lock; both
// are reported to the observer as owned by the barrier.
#include "runtime/condition.h"
#include "runtime/coro.h"
#include "runtime/observer.h"
#include "runtime/ref_counted.h"

#include <cstdint>

namespace condlab {

class Barrier : public RefCounted {
  public:
    enum class State : std::uint8_t { Filling, Draining, Resetting, Broken };

    /// ValueError('parties must be > 0') if `parties` < 1.
    Barrier(Loop& loop, std::int64_t parties, SourceLoc where = {});

    /// Waits until `parties` tasks are waiting and returns this task's arrival index
    /// (0 .. parties-1). Takes the condition's lock first (queueing behind a holder). The
    /// last arrival does not suspend on the condition: it notify_all()s and returns once it
    /// releases the lock; the others resume in the iteration after that notify_all(), one
    /// after another as each re-acquires the lock, in FIFO order. An arrival while the
    /// barrier drains or resets waits (on the condition) until the last task has left.
    /// BrokenBarrierError('Barrier aborted') if broken on arrival; BrokenBarrierError('Abort
    /// or reset of barrier') if aborted or reset while waiting.
    [[nodiscard]] Coro<std::int64_t> wait(SourceLoc where = {}) {
        return wait_impl(Ref<Barrier>(this), where);
    }

    /// Under the lock: RESETTING if tasks are inside (waiters raise BrokenBarrierError when
    /// they resume, next iteration, after re-acquiring the lock), else FILLING; notify_all().
    [[nodiscard]] Coro<void> reset(SourceLoc where = {}) {
        return reset_impl(Ref<Barrier>(this), where);
    }

    /// Under the lock: BROKEN; notify_all(). Waiters resume next iteration (one by one, as
    /// they re-acquire the lock) and raise BrokenBarrierError, as will every later wait().
    [[nodiscard]] Coro<void> abort(SourceLoc where = {}) {
        return abort_impl(Ref<Barrier>(this), where);
    }

    [[nodiscard]] std::int64_t parties() const noexcept { return m_parties; }
    /// Tasks waiting while FILLING; 0 in any other state.
    [[nodiscard]] std::int64_t n_waiting() const noexcept {
        return m_state == State::Filling ? m_count : 0;
    }
    [[nodiscard]] bool broken() const noexcept { return m_state == State::Broken; }
    [[nodiscard]] State state() const noexcept { return m_state; }
    /// Tasks inside wait() past the block (`barrier._count`).
    [[nodiscard]] std::int64_t count() const noexcept { return m_count; }
    /// "filling" / "draining" / "resetting" / "broken" (`_BarrierState.value`).
    [[nodiscard]] static const char* state_name(State state) noexcept;

    [[nodiscard]] ObjectId id() const noexcept { return m_id; }
    [[nodiscard]] Loop& loop() const noexcept { return *m_loop; }
    [[nodiscard]] const Ref<Condition>& condition() const noexcept { return m_cond; }

  private:
    // The coroutine frames hold `self` from creation on, like Python's bound method: a task
    // created on a temporary object keeps it alive.
    Coro<std::int64_t> wait_impl(Ref<Barrier> self, SourceLoc where);
    Coro<void> reset_impl(Ref<Barrier> self, SourceLoc where);
    Coro<void> abort_impl(Ref<Barrier> self, SourceLoc where);
    Coro<void> block(SourceLoc where);
    Coro<void> wait_released(SourceLoc where);
    void release();
    void exit();
    void report(PrimitiveOp op, std::int64_t value) const;

    Loop* m_loop;
    ObjectId m_id;
    Ref<Condition> m_cond;
    std::int64_t m_parties;
    State m_state = State::Filling;
    std::int64_t m_count = 0;
};

} // namespace condlab
