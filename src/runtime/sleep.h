#pragma once
// asyncio.sleep
#include "runtime/coro.h"
#include "runtime/handle.h"

#include <any>

namespace condlab {

/// What sleep() returns. Awaited, it needs no coroutine frame of its own: the future and
/// the timer handle live in the awaiter, inside the awaiting coroutine's frame.
class [[nodiscard]] SleepAwaiter {
  public:
    SleepAwaiter(Loop& loop, double delay, std::any result, SourceLoc where)
        : m_loop(&loop), m_delay(delay), m_result(std::move(result)), m_where(where) {}
    /// With the result None (nothing to move in).
    SleepAwaiter(Loop& loop, double delay, SourceLoc where) noexcept
        : m_loop(&loop), m_delay(delay), m_where(where) {}
    SleepAwaiter(SleepAwaiter&&) = default;
    SleepAwaiter& operator=(SleepAwaiter&&) = delete;
    ~SleepAwaiter() { cancel_timer(); } // `finally: h.cancel()` when the frame is dropped

    bool await_ready() const noexcept { return false; }
    template <class P> bool await_suspend(std::coroutine_handle<P> h) {
        m_driver = h.promise().driver;
        if (m_delay <= 0)
            m_driver->yield_none(); // one bare yield (inline: sleep(0) is the common case)
        else
            start_timer();
        return true;
    }
    std::any await_resume() {
        if (!m_fut) { // a bare yield
            m_driver->rethrow_pending();
            return std::move(m_result);
        }
        return finish_timer();
    }

    /// The whole sleep as a coroutine (for a task, gather(), Python).
    Coro<std::any> into_coro() &&;

  private:
    static Coro<std::any> run(SleepAwaiter self);
    void start_timer();
    std::any finish_timer();
    void cancel_timer() noexcept {
        if (m_timer)
            m_loop->cancel_timer(std::move(m_timer));
    }

    Loop* m_loop;
    double m_delay;
    std::any m_result;
    SourceLoc m_where;
    NativeDriver* m_driver = nullptr;
    Future m_fut;      // delay > 0: set by the timer
    HandleRef m_timer; // delay > 0: the call_later handle
};

/// Suspends the current task. delay <= 0: one bare yield, resumed next iteration.
/// Otherwise a timer fires at now + delay (heap order among equal deadlines) and the
/// task resumes in the iteration after it fired. Returns `result`. Nothing happens until
/// the result is awaited (or converted to a Coro<std::any>).
inline SleepAwaiter sleep(Loop& loop, double delay, std::any result, SourceLoc where = {}) {
    return SleepAwaiter(loop, delay, std::move(result), where);
}
/// sleep(loop, delay, None, where)
inline SleepAwaiter sleep(Loop& loop, double delay, SourceLoc where = {}) noexcept {
    return SleepAwaiter(loop, delay, where);
}

} // namespace condlab
