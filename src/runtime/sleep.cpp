#include "runtime/sleep.h"

#include <cmath>

namespace condlab {

void SleepAwaiter::start_timer() {
    m_fut = create_waiter(*m_loop, WaitInfo{WaitKind::Sleep, kNoObject, m_where});
    // call_later(delay, futures._set_result_unless_cancelled, future, result); the result
    // itself stays here: nobody else sees this future.
    // sleep(nan): CPython's timer at now + nan is due at once (`when >= end_time` is false).
    m_timer = m_loop->call_later(
        std::isnan(m_delay) ? 0.0 : m_delay,
        [fut = m_fut]() {
            if (!fut->cancelled())
                fut->set_result_none();
        },
        m_fut.get(), // the callback's first touch: prefetched before the timer runs
        TimerKind::Sleep);
    m_driver->yield_future(m_fut);
}

std::any SleepAwaiter::finish_timer() {
    cancel_timer(); // finally: h.cancel()
    m_driver->rethrow_pending();
    if (!m_fut->done())
        throw python_runtime_error("await wasn't used with future");
    if (std::exception_ptr error = m_fut->error_for_result()) // CancelledError
        std::rethrow_exception(std::move(error));
    recycle_waiter(*m_loop, std::move(m_fut));
    return std::move(m_result);
}

Coro<std::any> SleepAwaiter::into_coro() && { return run(std::move(*this)); }

Coro<std::any> SleepAwaiter::run(SleepAwaiter self) {
    std::any value = co_await self;
    co_return value;
}

} // namespace condlab
