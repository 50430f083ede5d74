#include "runtime/barrier.h"

#include "runtime/task.h"

namespace condlab {

namespace {
std::int64_t checked_parties(std::int64_t parties) {
    if (parties < 1)
        throw value_error("parties must be > 0");
    return parties;
}
PyError broken_barrier_error(const char* message) { return PyError("BrokenBarrierError", message); }
} // namespace

Barrier::Barrier(Loop& loop, std::int64_t parties, SourceLoc where)
    : m_loop(&loop), m_id(kNoObject), m_parties(checked_parties(parties)) {
    m_id = loop.new_object(ObjectKind::Barrier, where);
    {
        const Loop::InternalObjects internal(loop, m_id);
        m_cond = make_ref<Condition>(loop, where);
    }
    if (Observer* o = loop.observer())
        o->on_object_owned(m_cond->id(), m_id);
}

const char* Barrier::state_name(State state) noexcept {
    switch (state) {
    case State::Filling:
        return "filling";
    case State::Draining:
        return "draining";
    case State::Resetting:
        return "resetting";
    case State::Broken:
        return "broken";
    }
    return "?";
}

void Barrier::report(PrimitiveOp op, std::int64_t value) const {
    if (Observer* o = m_loop->observer()) {
        TaskState* task = m_loop->current_task();
        o->on_primitive(op, m_id, task ? task->id() : kNoTask, {}, value);
    }
}

Coro<std::int64_t> Barrier::wait_impl(Ref<Barrier> self, SourceLoc where) {
    (void)self; // held by the frame from creation on (Python's bound method)
    Ref<Condition> cond = m_cond;
    bool acquired = co_await cond->acquire(where); // async with self._cond:
    (void)acquired;
    std::exception_ptr error;
    std::int64_t index = 0;
    try {
        co_await block(where); // block while the barrier drains or resets
        index = m_count;
        m_count += 1;
        report(PrimitiveOp::BarrierWait, index);
        std::exception_ptr inner;
        try {
            if (index + 1 == m_parties)
                release(); // we release the barrier
            else
                co_await wait_released(where);
        } catch (...) {
            inner = std::current_exception();
        }
        // finally:
        m_count -= 1;
        exit(); // wake up any tasks waiting for the barrier to drain
        if (inner)
            std::rethrow_exception(inner);
    } catch (...) {
        error = std::current_exception();
    }
    cond->release(); // __aexit__
    if (error)
        std::rethrow_exception(error);
    co_return index;
}

Coro<void> Barrier::block(SourceLoc where) {
    // Wait until the barrier is ready for us, unless a CancelledError occurs.
    auto ready = [this] { return m_state != State::Draining && m_state != State::Resetting; };
    bool ok = co_await m_cond->wait_for(ready, where);
    (void)ok;
    if (m_state == State::Broken)
        throw broken_barrier_error("Barrier aborted");
}

void Barrier::release() {
    // Enter draining state: the next arrivals block until the end of draining.
    m_state = State::Draining;
    m_cond->notify_all();
}

Coro<void> Barrier::wait_released(SourceLoc where) {
    // Wait for the end of filling, unless a CancelledError occurs.
    auto released = [this] { return m_state != State::Filling; };
    bool ok = co_await m_cond->wait_for(released, where);
    (void)ok;
    if (m_state == State::Broken || m_state == State::Resetting)
        throw broken_barrier_error("Abort or reset of barrier");
}

void Barrier::exit() {
    // The last task out signals the tasks waiting for the barrier to drain.
    if (m_count == 0) {
        if (m_state == State::Resetting || m_state == State::Draining)
            m_state = State::Filling;
        m_cond->notify_all();
    }
}

Coro<void> Barrier::reset_impl(Ref<Barrier> self, SourceLoc where) {
    (void)self; // held by the frame from creation on (Python's bound method)
    Ref<Condition> cond = m_cond;
    bool acquired = co_await cond->acquire(where);
    (void)acquired;
    try {
        if (m_count > 0) {
            if (m_state != State::Resetting)
                m_state = State::Resetting; // wake the waiters
        } else {
            m_state = State::Filling;
        }
        cond->notify_all();
    } catch (...) {
        cond->release();
        throw;
    }
    cond->release();
}

Coro<void> Barrier::abort_impl(Ref<Barrier> self, SourceLoc where) {
    (void)self; // held by the frame from creation on (Python's bound method)
    Ref<Condition> cond = m_cond;
    bool acquired = co_await cond->acquire(where);
    (void)acquired;
    try {
        m_state = State::Broken;
        report(PrimitiveOp::BarrierBroken, m_count);
        cond->notify_all();
    } catch (...) {
        cond->release();
        throw;
    }
    cond->release();
}

} // namespace condlab
