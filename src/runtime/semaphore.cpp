#include "runtime/semaphore.h"

#include "runtime/task.h"

#include <algorithm>

namespace condlab {

namespace {
int checked_value(int value) {
    if (value < 0)
        throw value_error("Semaphore initial value must be >= 0");
    return value;
}
} // namespace

Semaphore::Semaphore(Loop& loop, int value, SourceLoc where)
    : Semaphore(loop, value, ObjectKind::Semaphore, where) {}

Semaphore::Semaphore(Loop& loop, int value, ObjectKind kind, SourceLoc where)
    : m_loop(&loop), m_id(kNoObject), m_value(checked_value(value)) {
    m_id = loop.new_object(kind, where);
}

bool Semaphore::locked() const noexcept {
    if (m_value == 0)
        return true;
    return std::any_of(m_waiters.begin(), m_waiters.end(),
                       [](const Future& w) { return !w->cancelled(); });
}

std::vector<TaskId> Semaphore::waiter_owners() const {
    std::vector<TaskId> owners;
    owners.reserve(m_waiters.size());
    for (const Future& w : m_waiters)
        owners.push_back(w->owner);
    return owners;
}

void Semaphore::report(PrimitiveOp op, TaskId woken) const {
    if (Observer* o = m_loop->observer()) {
        std::span<const TaskId> span;
        if (woken != kNoTask)
            span = std::span<const TaskId>(&woken, 1);
        o->on_primitive(op, m_id, m_loop->current_task_id(), span, m_value);
    }
}

void Semaphore::remove_waiter(const Future& fut) noexcept {
    auto it = std::find(m_waiters.begin(), m_waiters.end(), fut);
    if (it != m_waiters.end())
        m_waiters.erase(it);
}

TaskId Semaphore::wake_up_next() {
    for (const Future& fut : m_waiters) {
        if (!fut->done()) {
            --m_value;
            Future keep = fut; // set_result never runs callbacks inline, but be safe
            keep->set_result_value(true);
            return keep->owner;
        }
    }
    return kNoTask;
}

Coro<bool> Semaphore::acquire_impl(Ref<Semaphore> self, SourceLoc where) {
    (void)self; // held by the frame from creation on (Python's bound method)
    if (!locked()) {
        --m_value;
        report(PrimitiveOp::SemaphoreAcquire, kNoTask);
        co_return true;
    }

    Future fut = create_future(*m_loop, WaitInfo{WaitKind::Semaphore, m_id, where});
    m_waiters.push_back(fut);
    report(PrimitiveOp::SemaphoreAcquireQueued, kNoTask);

    std::exception_ptr error;
    try {
        std::any woken = co_await fut;
        (void)woken;
    } catch (...) {
        error = std::current_exception();
    }
    remove_waiter(fut); // `finally: self._waiters.remove(fut)`
    if (error) {
        if (is_cancelled_error(error) && !fut->cancelled()) {
            // Woken (handed a unit) but cancelled before it ran: give the unit back.
            ++m_value;
            TaskId next = wake_up_next();
            report(PrimitiveOp::SemaphoreRelease, next);
        }
        std::rethrow_exception(error);
    }

    TaskId next = kNoTask;
    if (m_value > 0)
        next = wake_up_next();
    report(PrimitiveOp::SemaphoreAcquire, next);
    co_return true;
}

void Semaphore::release() {
    ++m_value;
    TaskId woken = wake_up_next();
    report(PrimitiveOp::SemaphoreRelease, woken);
}

BoundedSemaphore::BoundedSemaphore(Loop& loop, int value, SourceLoc where)
    : Semaphore(loop, value, ObjectKind::BoundedSemaphore, where), m_bound(value) {}

void BoundedSemaphore::release() {
    if (value() >= m_bound)
        throw value_error("BoundedSemaphore released too many times");
    Semaphore::release();
}

} // namespace condlab
