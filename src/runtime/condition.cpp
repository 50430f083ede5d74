#include "runtime/condition.h"

#include "runtime/task.h"

#include <algorithm>

namespace condlab {

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

void Condition::remove_waiter_slow(const Future& fut) noexcept {
    auto it = std::find(m_waiters.begin(), m_waiters.end(), fut);
    if (it != m_waiters.end())
        m_waiters.erase(it);
}

Future Condition::begin_wait(SourceLoc where, std::int64_t guard) {
    if (!locked())
        throw python_runtime_error("cannot wait on un-acquired lock");
    release();
    Future fut = create_waiter(*m_loop, WaitInfo{WaitKind::Condition, m_id, where});
    m_waiters.push_back(fut);
    if (Observer* o = m_loop->observer())
        o->on_primitive(PrimitiveOp::ConditionWait, m_id, m_loop->current_task_id(), {}, guard);
    return fut;
}

void ConditionWait::drop_waiting() noexcept { m_cond->remove_waiter(m_fut); }

void ConditionWait::on_wake(NativeDriver& driver) noexcept {
    if (finish(driver))
        driver.push_child(m_slow);
}

bool ConditionWait::finish(NativeDriver& driver) noexcept {
    // What `await fut` raised (a throw_in, or the future's own error)...
    m_error = driver.take_pending();
    if (!m_error)
        m_error =
            m_fut->done()
                ? m_fut->error_for_result()
                : std::make_exception_ptr(python_runtime_error("await wasn't used with future"));
    try {
        m_cond->remove_waiter(m_fut); // finally: waiters.remove(fut)
        recycle_waiter(*m_cond->m_loop, std::move(m_fut));
        // ...then the `finally`: the lock must be re-acquired even if the wait was cancelled.
        Condition& cond = *m_cond;
        if (Observer* o = cond.m_loop->observer())
            o->on_primitive(PrimitiveOp::ConditionReacquire, cond.m_id,
                            cond.m_loop->current_task_id(), {}, 0);
        if (cond.m_lock->try_take_fast())
            return false;
        m_slow = Condition::reacquire(cond.m_lock, m_where, std::exchange(m_error, nullptr),
                                      /*fast_path_tried=*/true);
        return true;
    } catch (...) {
        m_error = std::current_exception();
    }
    return false;
}

bool ConditionWait::resume_slow() {
    if (m_slow.handle())
        return detail::CoroAwaiter<bool>{m_slow.handle()}.await_resume();
    if (m_error)
        std::rethrow_exception(std::exchange(m_error, nullptr));
    return true;
}

Coro<bool> ConditionWait::run(ConditionWait self) {
    bool notified = co_await self;
    co_return notified;
}

Coro<bool> Condition::reacquire(Ref<Lock> lock, SourceLoc where, std::exception_ptr error,
                                bool fast_path_tried) {
    bool cancelled = false;
    bool fast_tried = fast_path_tried;
    while (true) {
        std::exception_ptr acquire_error;
        try {
            LockAcquire acquire(lock, where, !fast_tried);
            fast_tried = false;
            bool ok = co_await acquire;
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

template <class OnWoken> void Condition::wake(std::int64_t n, OnWoken on_woken) {
    std::int64_t idx = 0;
    for (const Future& fut : m_waiters) { // FIFO; set_result never runs callbacks inline
        if (idx >= n)
            break;
        if (!fut->done()) {
            ++idx;
            fut->set_result_value(false);
            on_woken(*fut);
        }
    }
}

void Condition::notify_impl(std::int64_t n, PrimitiveOp op) {
    if (!locked())
        throw python_runtime_error("cannot notify on un-acquired lock");
    Observer* o = m_loop->observer();
    if (!o) { // without an observer: nothing to collect (keeps the common path lean)
        wake(n, [](FutureState&) {});
        return;
    }
    std::vector<TaskId> woken;
    wake(n, [&woken](FutureState& fut) { woken.push_back(fut.owner); });
    o->on_primitive(op, m_id, m_loop->current_task_id(), woken, n);
}

} // namespace condlab
