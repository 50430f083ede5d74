#pragma once
// asyncio.Event (3.11): a flag plus a FIFO of waiter futures.
#include "runtime/coro.h"
#include "runtime/future.h"
#include "runtime/observer.h"
#include "runtime/ref_counted.h"

#include <deque>
#include <vector>

namespace condlab {

class Event : public RefCounted {
  public:
    explicit Event(Loop& loop, SourceLoc where = {});

    [[nodiscard]] bool is_set() const noexcept { return m_value; }

    /// Sets the flag (if not set) and the future of every waiter not yet done, FIFO; the
    /// waiting tasks resume next iteration in that order (behind anything already queued,
    /// e.g. a task created before set() whose first step has not run: [3, 1, 2]).
    /// Does nothing if the flag is already set.
    void set();

    /// Resets the flag. Waiters already woken by set() still resume.
    void clear();

    /// Returns true at once, without suspending, if the flag is set. Otherwise suspends on
    /// a waiter future (WaitInfo{Event, id(), where}) and resumes in the iteration after
    /// set(), returning true. A cancelled wait removes its waiter and raises CancelledError.
    [[nodiscard]] Coro<bool> wait(SourceLoc where = {}) {
        return wait_impl(Ref<Event>(this), where);
    }

    [[nodiscard]] ObjectId id() const noexcept { return m_id; }
    [[nodiscard]] Loop& loop() const noexcept { return *m_loop; }
    /// The waiter futures in FIFO order (`ev._waiters`), woken ones included until they run.
    [[nodiscard]] const std::deque<Future>& waiters() const noexcept { return m_waiters; }
    /// For the inspector: the owner task of each waiter future, in FIFO order.
    [[nodiscard]] std::vector<TaskId> waiter_owners() const;

  private:
    // The coroutine's frame holds `self` from creation on (like Python's bound method).
    static Coro<bool> wait_impl(Ref<Event> self, SourceLoc where);
    void remove_waiter(const Future& fut) noexcept;

    Loop* m_loop;
    ObjectId m_id;
    bool m_value = false;
    std::deque<Future> m_waiters;
};

} // namespace condlab
