#include "runtime/task.h"

#include <charconv>

namespace condlab {

TaskState::TaskState(Loop& loop, std::unique_ptr<CoroutineBackend> coro, std::string&& name,
                     TaskId id)
    : FutureState(loop), m_coro(std::move(coro)), m_id(id), m_name(std::move(name)) {
    wait.kind = WaitKind::Task;
    owner = id;
}

void TaskState::write_default_name() const {
    // Written in place (no temporary strings, and it fits the small-string buffer).
    char buf[32] = "Task-";
    char* end = std::to_chars(buf + 5, buf + sizeof buf, m_default_name).ptr;
    m_name.assign(buf, end);
    m_default_name = 0;
}

void TaskState::set_name(std::string name) {
    m_name = std::move(name);
    m_default_name = 0;
    if (Observer* o = m_loop->observer())
        o->on_task_renamed(m_id, m_name);
}

void TaskState::discard_coroutine() noexcept {
    m_coro.reset();
    m_fut_waiter = nullptr;
}

bool TaskState::cancel(std::optional<std::string> msg) {
    if (done())
        return false;
    if (Observer* o = m_loop->observer()) {
        TaskState* by = m_loop->current_task();
        o->on_task_cancel_requested(m_id, by ? by->id() : kNoTask);
    }
    ++m_num_cancels_requested;
    if (m_fut_waiter && m_fut_waiter->cancel(msg))
        return true;
    m_must_cancel = true;
    set_cancel_message(std::move(msg));
    return true;
}

void TaskState::schedule_step() {
    if (Observer* o = m_loop->observer())
        o->on_task_scheduled(m_id);
    m_loop->call_soon_done(step_fn, nullptr, Ref<RefCounted>(this));
}

void TaskState::schedule_step(std::exception_ptr exc) {
    if (!exc) {
        schedule_step();
        return;
    }
    if (Observer* o = m_loop->observer())
        o->on_task_scheduled(m_id);
    m_loop->call_soon([self = Ref<TaskState>(this), exc = std::move(exc)]() mutable {
        self->step(std::move(exc));
    });
}

void TaskState::step_fn(RefCounted*, FutureState& self) {
    static_cast<TaskState&>(self).step(nullptr);
}

void TaskState::wakeup_fn(RefCounted* self, FutureState& fut) {
    static_cast<TaskState*>(self)->step(fut.error_for_result()); // (Python: __wakeup)
}

void TaskState::step(std::exception_ptr exc) {
    if (done())
        throw invalid_state_error("_step(): already done");
    if (m_must_cancel) {
        if (!is_cancelled_error(exc))
            exc = make_cancelled_error();
        m_must_cancel = false;
    }
    m_fut_waiter = nullptr;
    Observer* obs = m_loop->observer();
    if (obs)
        obs->on_task_running(m_id);

    // (No keep-alive reference: every caller holds one, the ready entry or the closure.)
    m_loop->enter_task(this, m_id);
    StepResult r = exc ? m_coro->throw_in(std::move(exc)) : m_coro->send();
    m_loop->leave_task();

    switch (r.kind) {
    case StepResult::Kind::Returned:
        if (m_must_cancel) {
            m_must_cancel = false;
            cancel_future(cancel_message());
            finished(TaskEnd::Cancelled);
        } else {
            set_result(std::move(r.value));
            finished(TaskEnd::Returned);
        }
        break;
    case StepResult::Kind::Raised:
        if (is_cancelled_error(r.error)) {
            cancel_info().error = r.error; // the awaiter receives this very instance
            cancel_future(std::nullopt);
            finished(TaskEnd::Cancelled);
        } else if (r.escapes) [[unlikely]] {
            std::exception_ptr error = r.error;
            set_exception(std::move(r.error));
            finished(TaskEnd::Raised);
            m_loop->escape(std::move(error));
        } else {
            set_exception(std::move(r.error));
            finished(TaskEnd::Raised);
        }
        break;
    case StepResult::Kind::YieldedFuture: {
        Future fut = std::move(r.future);
        if (&fut->loop() != m_loop) {
            schedule_step(std::make_exception_ptr(
                python_runtime_error("Task got Future attached to a different loop")));
        } else if (fut.get() == this) {
            schedule_step(std::make_exception_ptr(
                python_runtime_error("Task cannot await on itself: <Task name='" + name() + "'>")));
        } else {
            fut->add_done_callback(DoneCallback{wakeup_fn, Ref<RefCounted>(this), this, m_id});
            m_fut_waiter = std::move(fut);
            if (obs)
                obs->on_task_suspended(m_id, m_fut_waiter->wait);
            if (m_must_cancel && m_fut_waiter->cancel(cancel_message()))
                m_must_cancel = false;
        }
        break;
    }
    case StepResult::Kind::YieldedNone:
        if (obs)
            obs->on_task_suspended(m_id, WaitInfo{WaitKind::Yield, kNoObject, {}});
        schedule_step();
        break;
    case StepResult::Kind::BadYield:
        schedule_step(std::move(r.error));
        break;
    }
}

void TaskState::finished(TaskEnd end) {
    if (Observer* o = m_loop->observer())
        o->on_task_done(m_id, end, m_exception);
    m_coro.reset(); // the coroutine has ended: free its frames now
}

Future ensure_future(Loop& loop, Awaitable aw) {
    if (auto* fut = std::get_if<Future>(&aw))
        return std::move(*fut);
    return loop.create_task(std::move(std::get<std::unique_ptr<CoroutineBackend>>(aw)));
}

} // namespace condlab
