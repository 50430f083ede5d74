#pragma once
// asyncio.Future: a result that arrives later. Callbacks never run inline; they are
// scheduled with call_soon, in registration order, when the future completes.
#include "runtime/error.h"
#include "runtime/loop.h"
#include "runtime/observer.h"
#include "runtime/ref_counted.h"

#include <any>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace condlab {

/// A done-callback: a plain function plus a ref-counted context (keeps scheduling cheap).
struct DoneCallback {
    void (*fn)(RefCounted* context, FutureState& future) = nullptr;
    Ref<RefCounted> context;
    const void* key = nullptr; // identity for remove_done_callback
    TaskId wakes = kNoTask;    // the task this callback wakes up (reported as scheduled)
};

/// Wraps any callable `void(FutureState&)` as a DoneCallback.
template <class F> DoneCallback make_done_callback(F&& f, const void* key = nullptr);

class FutureState : public RefCounted {
  public:
    enum class State : std::uint8_t { Pending, Cancelled, Finished };

    explicit FutureState(Loop& loop) : m_loop(&loop) {}

    [[nodiscard]] Loop& loop() const noexcept { return *m_loop; }
    [[nodiscard]] State state() const noexcept { return m_state; }
    [[nodiscard]] bool done() const noexcept { return m_state != State::Pending; }
    [[nodiscard]] bool cancelled() const noexcept { return m_state == State::Cancelled; }

    /// The result; throws the exception, a CancelledError, or InvalidStateError if pending.
    const std::any& result();
    template <class T> T result_as() { return std::any_cast<T>(result()); }
    /// The exception (null on success); throws CancelledError if cancelled.
    std::exception_ptr exception();
    /// What `await fut` would raise now (null when it would return the result).
    std::exception_ptr error_for_result() {
        if (m_state == State::Finished) // the common case: inline
            return m_exception;
        return error_for_unfinished();
    }

    /// Completes the future; its callbacks are scheduled (call_soon) in registration order.
    void set_result(std::any value);
    /// set_result(std::any(value)), built in place.
    template <class T> void set_result_value(T value) {
        check_pending();
        if constexpr (std::is_same_v<T, bool>)
            m_bool_result = value ? BoolResult::True : BoolResult::False; // a waiter's wake-up
        else
            m_result.emplace<T>(std::move(value));
        finish();
    }
    /// set_result(std::any()): an empty result (None).
    void set_result_none() {
        check_pending();
        finish();
    }
    void set_exception(std::exception_ptr error);
    /// Cancels a pending future (callbacks scheduled as above). False if already done.
    virtual bool cancel(std::optional<std::string> msg = std::nullopt);

    /// Appended to the callbacks; scheduled at once (call_soon) if already done.
    void add_done_callback(DoneCallback cb) {
        if (m_state == State::Pending && !m_first_callback.fn && !m_more_callbacks)
            m_first_callback = std::move(cb); // the common case: inline
        else
            add_done_callback_slow(std::move(cb));
    }
    /// Removes every callback registered with `key`; returns how many.
    std::size_t remove_done_callback(const void* key);

    /// Makes a done future that nobody else holds pending again, as if new (create_waiter).
    void reuse(WaitInfo wait_info, TaskId owner_task) noexcept {
        m_state = State::Pending;
        m_bool_result = BoolResult::None;
        owner = owner_task;
        wait = wait_info;
        // (completing it scheduled its callbacks and emptied both places)
        m_first_callback.key = nullptr;
        m_first_callback.wakes = kNoTask;
        m_result.reset();
        if (m_exception || m_cancel) [[unlikely]]
            clear_errors();
    }

    /// The message given to cancel() (none until then).
    [[nodiscard]] const std::optional<std::string>& cancel_message() const noexcept {
        return m_cancel ? m_cancel->message : kNoMessage;
    }

  protected:
    void check_pending() const {
        if (m_state != State::Pending) [[unlikely]]
            throw_invalid_state();
    }
    [[noreturn]] static void throw_invalid_state();
    void finish() { // Pending -> Finished, then the callbacks
        m_state = State::Finished;
        schedule_callbacks();
    }
    std::exception_ptr make_cancelled_error();
    std::exception_ptr error_for_unfinished();
    void schedule_callbacks() {
        // The common case inline: one callback (a task's wake-up), no observer to tell.
        if (!m_more_callbacks && !m_loop->observer()) {
            if (m_first_callback.fn) {
                schedule_soon(m_first_callback);
                m_first_callback.fn = nullptr;
            }
            return;
        }
        schedule_all_callbacks();
    }
    void schedule_all_callbacks();
    void add_done_callback_slow(DoneCallback cb);
    void schedule_soon(DoneCallback& cb) {
        m_loop->call_soon_done(cb.fn, std::move(cb.context), Ref<RefCounted>(this));
    }
    bool cancel_future(std::optional<std::string> msg); // Future.cancel, never overridden

    void set_cancel_message(std::optional<std::string> msg);
    void clear_errors() noexcept;

    // 128 bytes. What every wait and wake-up touches comes first, in one line with the
    // reference count (a task's own fields follow these, in the third line).
    State m_state = State::Pending;
    // A bool result (what primitives set on their waiters) is kept here, not in m_result: no
    // std::any to fill and to reset when the future is reused. result() returns a shared any.
    enum class BoolResult : std::uint8_t { None, False, True };
    BoolResult m_bool_result = BoolResult::None;
    Loop* m_loop;
    // Callbacks after the first (rare): out of line, null when there are none.
    std::unique_ptr<std::vector<DoneCallback>> m_more_callbacks;
    std::exception_ptr m_exception;

  public:
    /// The task that created this future (a primitive's waiter belongs to its task).
    TaskId owner = kNoTask;

  protected:
    // The first callback apart from the rest: nearly every future has exactly one (the
    // awaiting task's wake-up), which then costs no container. Scheduled before m_more_callbacks,
    // so registration order holds (a callback goes here only when there are no others).
    DoneCallback m_first_callback;
    // What cancel() and a task's cancellation leave (rare): out of line.
    struct CancelInfo {
        std::optional<std::string> message; // given to cancel()
        std::exception_ptr error; // a task keeps its coroutine's CancelledError for the awaiter
    };
    CancelInfo& cancel_info() {
        if (!m_cancel)
            m_cancel = std::make_unique<CancelInfo>();
        return *m_cancel;
    }
    std::unique_ptr<CancelInfo> m_cancel;
    std::any m_result;

  public:
    /// What a task awaiting this future waits on (set by the primitive creating it).
    WaitInfo wait;

  protected:
    static const std::optional<std::string> kNoMessage;
};

/// A new pending future on `loop`, owned by the current task.
inline Future create_future(Loop& loop, WaitInfo wait = {}) {
    Future fut = make_ref<FutureState>(loop);
    fut->wait = wait;
    fut->owner = loop.current_task_id();
    return fut;
}

/// A pending future for a primitive's wait (asyncio makes a new one per wait): a done one of
/// an earlier wait that nobody else holds any more, if there is one (see recycle_waiter).
/// Reusing it skips a destruction and a construction, and it was touched just now.
inline Future create_waiter(Loop& loop, WaitInfo wait) {
    for (std::size_t i = 0; i < Loop::kSpareWaiters; ++i) {
        Future& spare = loop.spare_waiter(i);
        if (spare && spare->ref_count() == 1) {
            Future fut = std::move(spare);
            fut->reuse(wait, loop.current_task_id());
            return fut;
        }
    }
    return create_future(loop, wait);
}

/// After a wait: keeps its future (from create_waiter) for create_waiter if it is done. The
/// two latest are kept: a task that waits again in the step its wake-up runs finds the one it
/// woke from still held by the loop, and the one before free.
inline void recycle_waiter(Loop& loop, Future fut) noexcept {
    if (!fut->done())
        return;
    loop.spare_waiter(1) = std::move(loop.spare_waiter(0));
    loop.spare_waiter(0) = std::move(fut);
}

namespace detail {
template <class F> struct CallbackBox : RefCounted {
    explicit CallbackBox(F f) : fn(std::move(f)) {}
    F fn;
};
} // namespace detail

template <class F> DoneCallback make_done_callback(F&& f, const void* key) {
    using Box = detail::CallbackBox<std::decay_t<F>>;
    DoneCallback cb;
    cb.fn = [](RefCounted* ctx, FutureState& fut) { static_cast<Box*>(ctx)->fn(fut); };
    cb.context = Ref<RefCounted>(new Box(std::forward<F>(f)));
    cb.key = key;
    return cb;
}

} // namespace condlab
