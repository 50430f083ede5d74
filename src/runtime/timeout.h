#pragma once
// asyncio.timeout / asyncio.timeout_at (3.11.7, gh-102780): cancel the current task at a
// deadline and turn that cancellation into TimeoutError when the block exits.
//
// Python's `async with asyncio.timeout(d) as cm: body` is, in C++:
//
//     Ref<Timeout> cm = timeout(loop, d);
//     cm->enter();                                  // __aenter__ (never suspends)
//     try {
//         ... body (co_await as usual) ...
//     } catch (...) {
//         cm->exit(std::current_exception());       // __aexit__: throws TimeoutError
//         throw;                                    //  (cause = the CancelledError) or
//     }                                             //  returns: re-raise the original
//     cm->exit(nullptr);
//
// or, for a body that is one coroutine, `co_await within(cm, body())`.
// FIXME(gcc12): no co_await may appear inside the catch handler, so a body that needs
// to await while handling the error must catch into an exception_ptr first.
#include "runtime/handle.h"
#include "runtime/loop.h"
#include "runtime/task.h"

#include <exception>
#include <optional>
#include <string>
#include <type_traits>

namespace condlab {

class Timeout : public RefCounted {
  public:
    enum class State : std::uint8_t { Created, Entered, Expiring, Expired, Exited };

    /// `when` None: never expires; `when <= loop.time()` at enter/reschedule: expires in the
    /// next iteration.
    Timeout(Loop& loop, std::optional<double> when);
    ~Timeout() override;

    /// The current deadline (None: none).
    [[nodiscard]] std::optional<double> when() const noexcept { return m_when; }
    /// Moves the deadline: cancels the timer and arms a new one (call_at, or call_soon if the
    /// deadline has passed: the task is cancelled in the next iteration).
    /// RuntimeError('Timeout has not been entered') before enter(), RuntimeError('Cannot
    /// change state of <expiring|expired|finished> Timeout') after it fired or exited.
    void reschedule(std::optional<double> when);
    /// True once the deadline fired inside the block (expiring or expired).
    [[nodiscard]] bool expired() const noexcept {
        return m_state == State::Expiring || m_state == State::Expired;
    }
    [[nodiscard]] State state() const noexcept { return m_state; }
    /// Python repr: `<Timeout [active] when=2.0>`, `<Timeout [expired]>`, ...
    [[nodiscard]] std::string repr() const;

    /// __aenter__: needs a current task (RuntimeError('Timeout should be used inside a
    /// task')); records task.cancelling() and arms the timer. At the deadline the timer
    /// callback calls task.cancel(): the task gets CancelledError where it is suspended (it
    /// resumes in the iteration after the timer fired, like any cancelled await).
    /// RuntimeError('Timeout has already been entered') if entered twice.
    void enter();
    /// __aexit__(exc): cancels the timer. If the deadline fired, `task.uncancel()` drops the
    /// timeout's cancel request, and if no other request is left (uncancel() <= the count
    /// recorded at enter) and `exc` is exactly CancelledError, throws TimeoutError with the
    /// CancelledError as cause. Otherwise returns normally (never suppresses `exc`).
    void exit(std::exception_ptr exc);

  private:
    void on_timeout();

    Loop* m_loop;
    State m_state = State::Created;
    std::optional<double> m_when;
    HandleRef m_timeout_handler;
    Task m_task;
    int m_cancelling = 0;
};

/// asyncio.timeout(delay): deadline = loop.time() + delay now (None: no deadline).
[[nodiscard]] Ref<Timeout> timeout(Loop& loop, std::optional<double> delay);
/// asyncio.timeout_at(when): an absolute deadline on loop.time()'s clock.
[[nodiscard]] Ref<Timeout> timeout_at(Loop& loop, std::optional<double> when);

/// `async with cm: return await body` — enter(), run `body` inline in the current task,
/// exit() with what it raised (TimeoutError replaces the CancelledError of an expiry).
template <class T> Coro<T> within(Ref<Timeout> cm, Coro<T> body) {
    cm->enter();
    if constexpr (std::is_void_v<T>) {
        try {
            co_await body;
        } catch (...) {
            cm->exit(std::current_exception());
            throw;
        }
        cm->exit(nullptr);
    } else {
        std::optional<T> value;
        try {
            T r = co_await body;
            value.emplace(std::move(r));
        } catch (...) {
            cm->exit(std::current_exception());
            throw;
        }
        cm->exit(nullptr);
        co_return std::move(*value);
    }
}

template <CoroConvertible A> auto within(Ref<Timeout> cm, A body) {
    return within(std::move(cm), std::move(body).into_coro());
}

} // namespace condlab
