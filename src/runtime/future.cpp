#include "runtime/future.h"

namespace condlab {

namespace {
const std::any kFalseResult(false);
const std::any kTrueResult(true);
} // namespace

const std::any& FutureState::result() {
    if (m_state == State::Cancelled)
        std::rethrow_exception(make_cancelled_error());
    if (m_state != State::Finished)
        throw invalid_state_error("Result is not ready.");
    if (m_exception)
        std::rethrow_exception(m_exception);
    if (m_bool_result != BoolResult::None)
        return m_bool_result == BoolResult::True ? kTrueResult : kFalseResult;
    return m_result;
}

std::exception_ptr FutureState::exception() {
    if (m_state == State::Cancelled)
        std::rethrow_exception(make_cancelled_error());
    if (m_state != State::Finished)
        throw invalid_state_error("Exception is not set.");
    return m_exception;
}

std::exception_ptr FutureState::error_for_unfinished() {
    if (m_state == State::Cancelled)
        return make_cancelled_error();
    return std::make_exception_ptr(invalid_state_error("Result is not ready."));
}

void FutureState::throw_invalid_state() { throw invalid_state_error("invalid state"); }

void FutureState::set_result(std::any value) {
    check_pending();
    m_result = std::move(value);
    finish();
}

void FutureState::set_exception(std::exception_ptr error) {
    check_pending();
    m_exception = std::move(error);
    finish();
}

bool FutureState::cancel(std::optional<std::string> msg) { return cancel_future(std::move(msg)); }

bool FutureState::cancel_future(std::optional<std::string> msg) {
    if (m_state != State::Pending)
        return false;
    m_state = State::Cancelled;
    set_cancel_message(std::move(msg));
    schedule_callbacks();
    return true;
}

const std::optional<std::string> FutureState::kNoMessage;

void FutureState::clear_errors() noexcept {
    m_exception = nullptr;
    m_cancel.reset();
}

void FutureState::set_cancel_message(std::optional<std::string> msg) {
    if (msg)
        cancel_info().message = std::move(msg);
    else if (m_cancel)
        m_cancel->message.reset();
}

std::exception_ptr FutureState::make_cancelled_error() {
    if (m_cancel && m_cancel->error)
        return std::exchange(m_cancel->error, nullptr);
    return std::make_exception_ptr(CancelledError(cancel_message()));
}

void FutureState::schedule_all_callbacks() {
    // call_soon never runs a callback inline, so the list cannot change while it is walked.
    Observer* obs = m_loop->observer();
    if (m_first_callback.fn) {
        if (obs && m_first_callback.wakes != kNoTask)
            obs->on_task_scheduled(m_first_callback.wakes);
        schedule_soon(m_first_callback);
        m_first_callback.fn = nullptr;
    }
    if (!m_more_callbacks)
        return;
    for (DoneCallback& cb : *m_more_callbacks) {
        if (obs && cb.wakes != kNoTask)
            obs->on_task_scheduled(cb.wakes);
        schedule_soon(cb);
    }
    m_more_callbacks.reset();
}

void FutureState::add_done_callback_slow(DoneCallback cb) {
    if (m_state != State::Pending)
        schedule_soon(cb);
    else { // the first slot is taken (or emptied by a removal with later callbacks queued)
        if (!m_more_callbacks)
            m_more_callbacks = std::make_unique<std::vector<DoneCallback>>();
        m_more_callbacks->push_back(std::move(cb));
    }
}

std::size_t FutureState::remove_done_callback(const void* key) {
    std::size_t removed = 0;
    if (m_first_callback.fn && m_first_callback.key == key) {
        m_first_callback = DoneCallback{};
        ++removed;
    }
    if (m_more_callbacks) {
        removed += std::erase_if(*m_more_callbacks,
                                 [key](const DoneCallback& cb) { return cb.key == key; });
        if (m_more_callbacks->empty())
            m_more_callbacks.reset();
    }
    return removed;
}

} // namespace condlab
