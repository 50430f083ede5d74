#pragma once
// Native C++20 coroutines for the runtime: `Coro<T>`.
//
// A Coro<T> is lazy. `co_await coro` runs it inline in the same task (like Python's
// `await coro()`); `co_await future` suspends the whole chain and hands the future to
// the task. Chains are driven by a trampoline (NativeDriver::drive), never by
// symmetric transfer, so depth and long loops of awaits cannot grow the C++ stack.
// FIXME(gcc12): symmetric transfer overflows the stack at -O0 / under ASan.
#include "runtime/coroutine_backend.h"
#include "runtime/error.h"
#include "runtime/future.h"
#include "runtime/small_alloc.h"
#include "runtime/small_vector.h"

#include <atomic>
#include <coroutine>
#include <exception>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

namespace condlab {

template <class T = void> class Coro;
class NativeDriver;

/// Live native coroutine frames (for leak tests).
long live_coroutine_frames() noexcept;

namespace detail {
/// This thread's share of the live frame count. Only its own thread writes it, so counting
/// needs no locked instruction; live_coroutine_frames() sums every thread's share.
struct FrameCount {
    std::atomic<long> live;
    bool registered;
};
extern constinit thread_local FrameCount t_frame_count;
void register_frame_count();

inline void count_frame(long delta) noexcept {
    FrameCount& c = t_frame_count;
    if (!c.registered) [[unlikely]]
        register_frame_count();
    c.live.store(c.live.load(std::memory_order_relaxed) + delta, std::memory_order_relaxed);
}

struct PromiseBase {
    PromiseBase() noexcept { count_frame(1); }
    ~PromiseBase() { count_frame(-1); }
    PromiseBase(const PromiseBase&) = delete;

    // Coroutine frames come from the runtime's small-object pool.
    static void* operator new(std::size_t size) { return small_allocate(size); }
    static void operator delete(void* p, std::size_t size) noexcept { small_free(p, size); }

    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; } // the driver notices done()
    void unhandled_exception() noexcept { error = std::current_exception(); }

    NativeDriver* driver = nullptr;
    std::exception_ptr error;
};

template <class T> struct Promise : PromiseBase {
    Coro<T> get_return_object() noexcept;
    template <class U> void return_value(U&& v) { value.emplace(std::forward<U>(v)); }
    std::optional<T> value;
};

template <> struct Promise<void> : PromiseBase {
    Coro<void> get_return_object() noexcept;
    void return_void() noexcept {}
};
} // namespace detail

/// Drives a stack of native coroutines for one task (or one Python awaitable).
class NativeDriver : public CoroutineBackend {
  public:
    // (`name` by reference: a string moved through each layer costs a copy of its buffer)
    NativeDriver(std::coroutine_handle<> root, detail::PromiseBase* promise, std::string&& name)
        : m_name(std::move(name)) {
        promise->driver = this;
        m_stack.push_back({root, promise});
    }

    StepResult send() override { return drive(); }
    StepResult throw_in(std::exception_ptr error) override;
    [[nodiscard]] std::string name() const override { return m_name; }

    // Used by awaiters.
    void push(std::coroutine_handle<> child, detail::PromiseBase* promise) {
        m_stack.push_back({child, promise});
    }
    void yield_future(Future fut) {
        m_yield = StepResult::Kind::YieldedFuture;
        m_yielded = std::move(fut);
    }
    void yield_none() { m_yield = StepResult::Kind::YieldedNone; }
    /// Rethrows what throw_in() delivered, at the innermost suspension point.
    void rethrow_pending() {
        if (m_pending)
            std::rethrow_exception(std::exchange(m_pending, nullptr));
    }
    std::exception_ptr take_pending() noexcept { return std::exchange(m_pending, nullptr); }

    /// A frameless awaiter suspended on a future that has work to do when the task wakes
    /// up, before the awaiting coroutine resumes: it may push a child coroutine to run first.
    class WakeHook {
      public:
        virtual void on_wake(NativeDriver& driver) noexcept = 0;

      protected:
        ~WakeHook() = default;
    };
    /// What a frameless awaiter's await_suspend does: yields `fut`, `hook` runs at wake-up.
    [[gnu::always_inline]] void suspend_on(const Future& fut, WakeHook* hook) {
        m_hook = hook;
        yield_future(fut);
    }
    /// Runs `child` next, on top of the stack (what awaiting a Coro does).
    template <class T> void push_child(Coro<T>& child);

  protected:
    /// The root coroutine's return value, as std::any.
    virtual std::any root_value() = 0;

  private:
    StepResult drive();
    StepResult take_yield();

    struct Frame {
        std::coroutine_handle<> handle;
        detail::PromiseBase* promise;
    };
    // What every step reads and writes comes first, after the vtable pointer and m_hot: the
    // hook, the yield, the pending error, then the stack (its size, then the frames).
    WakeHook* m_hook = nullptr;
    Future m_yielded;
    std::exception_ptr m_pending;
    std::optional<StepResult::Kind> m_yield;
    bool m_started = false;
    SmallVector<Frame, 4> m_stack;
    std::string m_name;
};

template <class T> class [[nodiscard]] Coro {
  public:
    using promise_type = detail::Promise<T>;
    using handle_type = std::coroutine_handle<promise_type>;

    Coro() = default;
    explicit Coro(handle_type h) noexcept : m_handle(h) {}
    Coro(Coro&& o) noexcept : m_handle(std::exchange(o.m_handle, nullptr)) {}
    Coro& operator=(Coro&& o) noexcept {
        if (this != &o) {
            destroy();
            m_handle = std::exchange(o.m_handle, nullptr);
        }
        return *this;
    }
    ~Coro() { destroy(); }

    /// Awaiting a coroutine runs it inline in the awaiting task.
    auto operator co_await() & noexcept;
    auto operator co_await() && noexcept;

    [[nodiscard]] handle_type handle() const noexcept { return m_handle; }
    handle_type release() noexcept { return std::exchange(m_handle, nullptr); }

  private:
    void destroy() {
        if (m_handle)
            m_handle.destroy();
        m_handle = nullptr;
    }
    handle_type m_handle = nullptr;
};

namespace detail {

template <class T> Coro<T> Promise<T>::get_return_object() noexcept {
    return Coro<T>(std::coroutine_handle<Promise<T>>::from_promise(*this));
}
inline Coro<void> Promise<void>::get_return_object() noexcept {
    return Coro<void>(std::coroutine_handle<Promise<void>>::from_promise(*this));
}

template <class T> struct CoroAwaiter {
    std::coroutine_handle<Promise<T>> child;

    bool await_ready() const noexcept { return false; }
    template <class P> bool await_suspend(std::coroutine_handle<P> parent) {
        NativeDriver* driver = parent.promise().driver;
        child.promise().driver = driver;
        driver->push(child, &child.promise());
        return true; // the driver's trampoline resumes the child next
    }
    T await_resume() {
        Promise<T>& p = child.promise();
        if (p.error)
            std::rethrow_exception(p.error);
        if constexpr (!std::is_void_v<T>)
            return std::move(*p.value);
    }
};

/// `co_await future`: suspends the task unless the future is already done.
struct FutureAwaiter {
    Future fut;
    NativeDriver* driver = nullptr;

    bool await_ready() const noexcept { return fut->done(); }
    template <class P> bool await_suspend(std::coroutine_handle<P> h) {
        driver = h.promise().driver;
        driver->yield_future(fut);
        return true;
    }
    std::any await_resume() {
        if (driver)
            driver->rethrow_pending();
        if (!fut->done())
            throw python_runtime_error("await wasn't used with future");
        return fut->result();
    }
};

struct YieldAwaiter {
    NativeDriver* driver = nullptr;
    bool await_ready() const noexcept { return false; }
    template <class P> bool await_suspend(std::coroutine_handle<P> h) {
        driver = h.promise().driver;
        driver->yield_none();
        return true;
    }
    void await_resume() { driver->rethrow_pending(); }
};

template <class T> class TypedDriver final : public NativeDriver {
  public:
    explicit TypedDriver(Coro<T> coro, std::string&& name)
        : NativeDriver(coro.handle(), &coro.handle().promise(), std::move(name)),
          m_coro(std::move(coro)) {}

  protected:
    std::any root_value() override {
        if constexpr (std::is_void_v<T>)
            return {};
        else
            return std::any(std::move(*m_coro.handle().promise().value));
    }

  private:
    Coro<T> m_coro;
};

} // namespace detail

template <class T> void NativeDriver::push_child(Coro<T>& child) {
    child.handle().promise().driver = this;
    push(child.handle(), &child.handle().promise());
}

template <class T> auto Coro<T>::operator co_await() & noexcept {
    return detail::CoroAwaiter<T>{m_handle};
}
template <class T> auto Coro<T>::operator co_await() && noexcept {
    return detail::CoroAwaiter<T>{m_handle};
}

template <class T>
    requires std::is_base_of_v<FutureState, T>
detail::FutureAwaiter operator co_await(const Ref<T>& fut) noexcept {
    return detail::FutureAwaiter{Future(fut)};
}

/// One bare yield: lets every other ready callback run first (asyncio.sleep(0)).
[[nodiscard]] inline detail::YieldAwaiter yield_now() noexcept { return {}; }

/// A coroutine backend for a task or awaitable.
template <class T>
std::unique_ptr<CoroutineBackend> make_backend(Coro<T> coro, std::string name = {}) {
    return std::make_unique<detail::TypedDriver<T>>(std::move(coro), std::move(name));
}

/// An awaitable with a synchronous fast path (Lock::acquire) that becomes a Coro<T> where
/// a coroutine object is needed: a task, gather(), a Python awaitable.
template <class A>
concept CoroConvertible = requires(A a) { std::move(a).into_coro(); };

template <CoroConvertible A>
std::unique_ptr<CoroutineBackend> make_backend(A awaitable, std::string name = {}) {
    return make_backend(std::move(awaitable).into_coro(), std::move(name));
}

} // namespace condlab
