#include "runtime/condition.h"

#include "runtime/task.h"

#include <algorithm>

namespace condlab {

namespace {
TaskId current_task_id(Loop& loop) {
    TaskState* task = loop.current_task();
    return task ? task->id() : kNoTask;
}
} // namespace

Condition::Condition(Loop& loop, SourceLoc where)
    : m_loop(&loop), m_id(loop.new_object(ObjectKind::Condition, where)),
      m_lock(make_ref<Lock>(loop, where)) {
    if (Observer* o = loop.observer())
        o->on_object_owned(m_lock->id(), m_id);
}

Condition::Condition(Loop& loop, Ref<Lock> lock, SourceLoc where)
    : m_loop(&loop), m_id(loop.new_object(ObjectKind::Condition, where)), m_lock(std::move(lock)) {}

std::vector<TaskId> Condition::waiter_owners() const {
    std::vector<TaskId> owners;
    owners.reserve(m_waiters.size());
    for (const Future& fut : m_waiters)
        owners.push_back(fut->owner);
    return owners;
}

void Condition::remove_waiter(const Future& fut) noexcept {
    if (!m_waiters.empty() && m_waiters.front() == fut) { // the common case: the head
        m_waiters.pop_front();
        return;
    }
    auto it = std::find(m_waiters.begin(), m_waiters.end(), fut);
    if (it != m_waiters.end())
        m_waiters.erase(it);
}

Coro<bool> Condition::wait_impl(Ref<Condition> self, SourceLoc where) {
    Condition& cond = *self;
    if (!cond.locked())
        throw runtime_error("cannot wait on un-acquired lock");

    cond.release();
    std::exception_ptr error; // what the outer `try` body raised, for after the `finally`
    try {
        Future fut = create_future(*cond.m_loop, WaitInfo{WaitKind::Condition, cond.m_id, where});
        cond.m_waiters.push_back(fut);
        if (Observer* o = cond.m_loop->observer())
            o->on_primitive(PrimitiveOp::ConditionWait, cond.m_id, current_task_id(*cond.m_loop),
                            {}, 0);
        struct RemoveWaiter { // finally: self._waiters.remove(fut)
            Condition& condition;
            const Future& fut;
            ~RemoveWaiter() { condition.remove_waiter(fut); }
        } guard{cond, fut};
        co_await await_done(fut);
    } catch (...) {
        error = std::current_exception();
    }

    // finally: must re-acquire the lock even if the wait was cancelled.
    if (Observer* o = cond.m_loop->observer())
        o->on_primitive(PrimitiveOp::ConditionReacquire, cond.m_id, current_task_id(*cond.m_loop),
                        {}, 0);
    bool cancelled = false;
    while (true) {
        std::exception_ptr acquire_error;
        try {
            bool ok = co_await cond.m_lock->acquire(where);
            (void)ok;
        } catch (...) {
            acquire_error = std::current_exception();
        }
        if (!acquire_error)
            break;
        if (!is_cancelled_error(acquire_error))
            std::rethrow_exception(acquire_error);
        cancelled = true;
    }
    if (cancelled)
        throw CancelledError(); // a NEW instance, replacing the return / error
    if (error)
        std::rethrow_exception(error);
    co_return true;
}

void Condition::notify(std::int64_t n) { notify_impl(n, PrimitiveOp::ConditionNotify); }

void Condition::notify_all() {
    notify_impl(static_cast<std::int64_t>(m_waiters.size()), PrimitiveOp::ConditionNotifyAll);
}

void Condition::notify_impl(std::int64_t n, PrimitiveOp op) {
    if (!locked())
        throw runtime_error("cannot notify on un-acquired lock");
    Observer* o = m_loop->observer();
    std::vector<TaskId> woken;
    std::int64_t idx = 0;
    for (const Future& fut : m_waiters) { // FIFO; set_result never runs callbacks inline
        if (idx >= n)
            break;
        if (!fut->done()) {
            ++idx;
            fut->set_result(std::any(false));
            if (o)
                woken.push_back(fut->owner);
        }
    }
    if (o)
        o->on_primitive(op, m_id, current_task_id(*m_loop), woken, n);
}

} // namespace condlab
