#pragma once
// What the runtime reports while it runs. The trace layer implements this; the
// runtime never stores history itself. With no observer attached nothing is built.
#include <cstdint>
#include <exception>
#include <span>
#include <string_view>

namespace condlab {

using TaskId = std::uint32_t;   // 1, 2, ... in creation order; 0 = no task
using ObjectId = std::uint32_t; // 1, 2, ... in creation order; 0 = no object
using TimerId = std::uint64_t;
inline constexpr TaskId kNoTask = 0;
inline constexpr ObjectId kNoObject = 0;

/// Where an await (or a creation) happened. `file` points at storage that outlives
/// the run (a string literal, or an interned file name from the Python layer).
struct SourceLoc {
    const char* file = nullptr;
    std::uint32_t line = 0;
};

enum class ObjectKind : std::uint8_t {
    Lock,
    Condition,
    Event,
    Semaphore,
    BoundedSemaphore,
    Queue,
    LifoQueue,
    PriorityQueue,
    Barrier,
    Future,
};

/// What a suspended task waits on.
enum class WaitKind : std::uint8_t {
    Future,    // a plain future (or anything not listed below)
    Yield,     // sleep(0): one bare yield
    Sleep,     // a sleep timer
    Lock,      // queued on Lock.acquire (also a condition's re-acquire)
    Condition, // in Condition.wait, before notify
    Event,
    Semaphore,
    Queue,
    Barrier,
    Task, // awaiting another task (or gather / wait_for's inner future)
};

/// What a waiter future is for: set by the primitive that creates it.
struct WaitInfo {
    WaitKind kind = WaitKind::Future;
    ObjectId object = kNoObject;
    SourceLoc where{};
};

enum class TaskEnd : std::uint8_t { Returned, Raised, Cancelled };

/// What a timer is for: said by whoever arms it (Loop::call_at), reported with
/// Observer::on_timer_scheduled. The timeline draws a deadline for Timeout and WaitFor.
enum class TimerKind : std::uint8_t {
    Sleep,    // asyncio.sleep(delay > 0): the sleeper's wake-up
    Timeout,  // asyncio.timeout / timeout_at (also a reschedule)
    WaitFor,  // wait_for (a Condition / Event / any wait under it), asyncio.wait(timeout=),
              // as_completed(timeout=)
    Callback, // loop.call_at / call_later from the program
    Internal, // anything else (a schedule explorer's cancel fork, ...)
};

/// Primitive operations, reported with the object and the task doing them.
enum class PrimitiveOp : std::uint8_t {
    LockAcquireFast,   // acquired without suspending
    LockAcquireQueued, // had to queue
    LockGranted,       // a queued acquirer got the lock (after resuming)
    LockRelease,       // `woken`: the head waiter whose future was set, if any
    ConditionWait,     // released the lock and began waiting
    ConditionNotify,   // `woken`: the waiters notified; `value`: n requested
    ConditionNotifyAll,
    ConditionReacquire, // a waiter resumed and is re-acquiring the lock
    EventSet,           // `woken`: waiters set
    EventClear,
    EventWait, // waited (suspended) on the event
    SemaphoreAcquire,
    SemaphoreAcquireQueued,
    SemaphoreRelease, // `woken`; `value`: counter after the release
    QueuePut,         // `value`: queue size after
    QueueGet,
    QueuePutBlocked,
    QueueGetBlocked,
    QueueTaskDone,
    BarrierWait, // `value`: arrival index
    BarrierBroken,
};

/// ConditionWait's `value`: what guards the wait. The runtime sets the wait_for bits; the
/// layer that knows the program's source adds the predicate-loop bits (docs/findings.md).
namespace wait_guard {
inline constexpr std::int64_t kWaitFor = 1;      // inside Condition.wait_for(predicate)
inline constexpr std::int64_t kWaitForAgain = 2; // wait_for waits again: the predicate was
                                                 // false after a wake-up (a wasted wake-up)
inline constexpr std::int64_t kInLoop = 4;       // a bare wait() inside a predicate loop
inline constexpr std::int64_t kInLoopAgain = 8;  // waits again at the same await of that
                                                 // loop, not having left it since its wake-up
inline constexpr std::int64_t kForAwaiter = 16;  // the waiting task runs the wait for the task
                                                 // that created it (wait_for(cond.wait(), T)
                                                 // in 3.11): its wake-ups are that task's
/// The task checked the state just before waiting (wait_for, or a predicate loop).
[[nodiscard]] constexpr bool guarded(std::int64_t v) noexcept {
    return (v & (kWaitFor | kInLoop)) != 0;
}
/// This wait follows a wake-up that found the state unchanged.
[[nodiscard]] constexpr bool wasted(std::int64_t v) noexcept {
    return (v & (kWaitForAgain | kInLoopAgain)) != 0;
}
} // namespace wait_guard

class Observer {
  public:
    virtual ~Observer() = default;

    /// A loop iteration begins (after the clock moved).
    virtual void on_iteration(std::uint64_t /*iteration*/, double /*now*/) {}
    virtual void on_task_created(TaskId /*task*/, std::string_view /*name*/, TaskId /*parent*/,
                                 SourceLoc /*where*/) {}
    virtual void on_task_renamed(TaskId /*task*/, std::string_view /*name*/) {}
    /// The task's step was queued (it is ready to run).
    virtual void on_task_scheduled(TaskId /*task*/) {}
    /// The task's step starts running.
    virtual void on_task_running(TaskId /*task*/) {}
    /// The step ended with the task suspended on `wait`.
    virtual void on_task_suspended(TaskId /*task*/, const WaitInfo& /*wait*/) {}
    virtual void on_task_done(TaskId /*task*/, TaskEnd /*end*/,
                              const std::exception_ptr& /*error*/) {}
    /// Cancel was requested (task.cancel()).
    virtual void on_task_cancel_requested(TaskId /*task*/, TaskId /*by*/) {}

    /// `object`, reported by on_object_created right after this, is an internal part of
    /// `owner`, an object the user created (a Barrier's condition and its lock, a Queue's
    /// event): its waits are the owner's, and it is not the user's own object.
    virtual void on_object_internal(ObjectId /*object*/, ObjectId /*owner*/) {}
    virtual void on_object_created(ObjectId /*object*/, ObjectKind /*kind*/, SourceLoc /*where*/) {}
    virtual void on_object_label(ObjectId /*object*/, std::string_view /*label*/) {}
    /// Objects a primitive uses internally (a condition's lock): `owner` holds `part`.
    virtual void on_object_owned(ObjectId /*part*/, ObjectId /*owner*/) {}

    virtual void on_primitive(PrimitiveOp /*op*/, ObjectId /*object*/, TaskId /*task*/,
                              std::span<const TaskId> /*woken*/, std::int64_t /*value*/) {}

    /// A timer was armed (by the running task or callback) to fire at `when`.
    virtual void on_timer_scheduled(TimerId /*timer*/, double /*when*/, TimerKind /*kind*/) {}
    virtual void on_timer_fired(TimerId /*timer*/) {}
    virtual void on_timer_cancelled(TimerId /*timer*/) {}
    /// A plain callback (not a task step) starts running.
    virtual void on_callback(TimerId /*handle, 0 for internal callbacks*/) {}
};

} // namespace condlab
