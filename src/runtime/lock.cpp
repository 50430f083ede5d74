#include "runtime/lock.h"

#include "runtime/task.h"

#include <algorithm>

namespace condlab {

Lock::Lock(Loop& loop, SourceLoc where)
    : m_loop(&loop), m_id(loop.new_object(ObjectKind::Lock, where)) {}

std::vector<TaskId> Lock::waiter_owners() const {
    std::vector<TaskId> owners;
    owners.reserve(m_waiters.size());
    for (const Future& fut : m_waiters)
        owners.push_back(fut->owner);
    return owners;
}

void Lock::report_take(PrimitiveOp op) {
    if (Observer* o = m_loop->observer())
        o->on_primitive(op, m_id, m_owner, {}, 0);
}

void Lock::remove_waiter_slow(const Future& fut) noexcept {
    auto it = std::find(m_waiters.begin(), m_waiters.end(), fut);
    if (it != m_waiters.end())
        m_waiters.erase(it);
}

bool Lock::only_cancelled_waiters() const {
    return std::all_of(m_waiters.begin(), m_waiters.end(),
                       [](const Future& w) { return w->cancelled(); });
}

Future Lock::enqueue(SourceLoc where) {
    Future fut = create_waiter(*m_loop, WaitInfo{WaitKind::Lock, m_id, where});
    m_waiters.push_back(fut);
    if (Observer* o = m_loop->observer())
        o->on_primitive(PrimitiveOp::LockAcquireQueued, m_id, m_loop->current_task_id(), {}, 0);
    return fut;
}

std::exception_ptr Lock::finish_acquire(NativeDriver& driver, Future fut) noexcept {
    // What `await fut` raised (a throw_in, or the future's own error).
    std::exception_ptr error = driver.take_pending();
    if (!error)
        error =
            fut->done()
                ? fut->error_for_result()
                : std::make_exception_ptr(python_runtime_error("await wasn't used with future"));
    try {
        // The `finally: waiters.remove(fut)` runs before the `except CancelledError`, so a
        // cancelled waiter never wakes itself.
        remove_waiter(fut);
        recycle_waiter(*m_loop, std::move(fut));
        if (error) {
            if (is_cancelled_error(error) && !m_locked)
                wake_up_first(); // pass the baton
            return error;
        }
        take(PrimitiveOp::LockGranted);
    } catch (...) {
        return std::current_exception();
    }
    return nullptr;
}

void LockAcquire::queue() { m_fut = m_lock->enqueue(m_where); }

void LockAcquire::drop_queued() noexcept { m_lock->remove_waiter(m_fut); }

Coro<bool> LockAcquire::run(LockAcquire self) {
    bool ok = co_await self;
    co_return ok;
}

void Lock::throw_not_acquired() { throw python_runtime_error("Lock is not acquired."); }

void Lock::report_release(TaskId woken) {
    std::span<const TaskId> woken_span;
    if (woken != kNoTask)
        woken_span = std::span<const TaskId>(&woken, 1);
    m_loop->observer()->on_primitive(PrimitiveOp::LockRelease, m_id, m_loop->current_task_id(),
                                     woken_span, 0);
}

TaskId Lock::wake_up_head() {
    Future fut = m_waiters.front(); // only the head is looked at
    if (fut->done())
        return kNoTask;
    fut->set_result_value(true);
    return fut->owner;
}

} // namespace condlab
