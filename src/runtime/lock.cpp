#include "runtime/lock.h"

#include "runtime/task.h"

#include <algorithm>

namespace condlab {

namespace {
TaskId current_task_id(Loop& loop) {
    TaskState* task = loop.current_task();
    return task ? task->id() : kNoTask;
}
} // namespace

Lock::Lock(Loop& loop, SourceLoc where)
    : m_loop(&loop), m_id(loop.new_object(ObjectKind::Lock, where)) {}

std::vector<TaskId> Lock::waiter_owners() const {
    std::vector<TaskId> owners;
    owners.reserve(m_waiters.size());
    for (const Future& fut : m_waiters)
        owners.push_back(fut->owner);
    return owners;
}

void Lock::take(PrimitiveOp op) {
    m_locked = true;
    m_owner = current_task_id(*m_loop);
    if (Observer* o = m_loop->observer())
        o->on_primitive(op, m_id, m_owner, {}, 0);
}

void Lock::remove_waiter(const Future& fut) noexcept {
    // `self._waiters.remove(fut)`: the first entry that is this very future (usually the head).
    if (!m_waiters.empty() && m_waiters.front() == fut) {
        m_waiters.pop_front();
        return;
    }
    auto it = std::find(m_waiters.begin(), m_waiters.end(), fut);
    if (it != m_waiters.end())
        m_waiters.erase(it);
}

bool Lock::try_take_fast() {
    if (m_locked || !std::all_of(m_waiters.begin(), m_waiters.end(),
                                 [](const Future& w) { return w->cancelled(); }))
        return false;
    take(PrimitiveOp::LockAcquireFast);
    return true;
}

Coro<bool> Lock::acquire_impl(Ref<Lock> self, SourceLoc where, bool fast_tried) {
    Lock& lock = *self;
    if (!fast_tried && lock.try_take_fast())
        co_return true;

    Future fut = create_future(*lock.m_loop, WaitInfo{WaitKind::Lock, lock.m_id, where});
    lock.m_waiters.push_back(fut);
    if (Observer* o = lock.m_loop->observer())
        o->on_primitive(PrimitiveOp::LockAcquireQueued, lock.m_id, current_task_id(*lock.m_loop),
                        {}, 0);

    // The `finally: waiters.remove(fut)` runs before the `except CancelledError`, so a
    // cancelled waiter never wakes itself.
    std::exception_ptr error;
    try {
        struct RemoveWaiter { // finally: self._waiters.remove(fut)
            Lock& lock;
            const Future& fut;
            ~RemoveWaiter() { lock.remove_waiter(fut); }
        } guard{lock, fut};
        co_await await_done(fut);
    } catch (...) {
        error = std::current_exception();
    }
    if (error) {
        if (is_cancelled_error(error) && !lock.m_locked)
            lock.wake_up_first(); // pass the baton
        std::rethrow_exception(error);
    }

    lock.take(PrimitiveOp::LockGranted);
    co_return true;
}

void Lock::release() {
    if (!m_locked)
        throw runtime_error("Lock is not acquired.");
    m_locked = false;
    TaskId by = current_task_id(*m_loop);
    TaskId woken = wake_up_first();
    if (Observer* o = m_loop->observer()) {
        std::span<const TaskId> woken_span;
        if (woken != kNoTask)
            woken_span = std::span<const TaskId>(&woken, 1);
        o->on_primitive(PrimitiveOp::LockRelease, m_id, by, woken_span, 0);
    }
}

TaskId Lock::wake_up_first() {
    if (m_waiters.empty())
        return kNoTask;
    Future fut = m_waiters.front(); // only the head is looked at
    if (fut->done())
        return kNoTask;
    fut->set_result(std::any(true));
    return fut->owner;
}

} // namespace condlab
