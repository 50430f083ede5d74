#pragma once
// A timer strategy: what the loop asks, when one is installed, at the two places where the
// timing of a program can differ (docs/timing-model.md).
//
// - When a timer is created (call_at, and so call_later, sleep, wait_for and timeout
//   deadlines), the strategy may give it another deadline. That is the only way a schedule
//   changes anything: the same substitution in CPython's call_at replays it exactly.
// - At a choice point (the loop would advance the clock: nothing is ready and timers are
//   pending), the strategy is shown the pending timers in the order CPython would fire them.
//   It chooses among them through the deadlines it gives in its next run: firing a timer
//   that already sits in the heap out of its heap order could not be reproduced by CPython.
//
// Without a strategy the loop makes one null-pointer test per created timer and per clock
// advance, nothing else.
#include "runtime/observer.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <span>

namespace condlab {

/// A timer waiting in the heap at a choice point.
struct PendingTimer {
    TimerId id = 0;
    double when = 0;
};

/// The state of the loop where it would advance the clock.
struct ChoicePoint {
    double now = 0;                          // the clock before it advances
    std::uint64_t iteration = 0;             // the iteration that ran last
    std::span<const PendingTimer> pending{}; // not cancelled, in CPython's firing order
    std::size_t due = 0; // how many of `pending` CPython fires together next (one group)
};

/// A what-if fork (docs/timing-model.md, "Cancel now"): task.cancel() delivered as a task
/// that slept until `when` would deliver it. The loop pushes a timer at `when` into its heap
/// at the choice point the strategy names (bypassing timer_deadline: the fork is not a
/// numbered timer); when it fires, its callback queues `cancel()` of the task with this id
/// (call_soon), so the cancel runs in the next iteration, after the wake-ups queued before it.
/// The reference harness pushes the same timer at the same place (its selector's select()).
struct CancelFork {
    TaskId task = kNoTask;
    double when = 0;
};

class TimerStrategy {
  public:
    virtual ~TimerStrategy() = default;
    /// A timer is being created at `now` by `task` (kNoTask: outside any task) with the
    /// deadline `when` (already due if `when < now + 1e-9`). Returns the deadline it gets;
    /// the loop fires it by that deadline, and TimerHandle.when() shows it.
    virtual double timer_deadline(TimerId id, TaskId task, double now, double when) = 0;
    /// The clock would advance now (see ChoicePoint).
    virtual void choice_point(const ChoicePoint& /*point*/) {}
    /// Asked first where the clock would advance (or where the loop would block for ever:
    /// `next_when` is then +infinity): a fork to deliver here, if any. `next_when` is the
    /// deadline of the heap's first live timer. Asked again after a fork was pushed.
    virtual std::optional<CancelFork> fork(double /*now*/, double /*next_when*/) {
        return std::nullopt;
    }
};

} // namespace condlab
