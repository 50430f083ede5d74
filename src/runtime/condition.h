#pragma once
// asyncio.Condition (3.11): a FIFO of waiter futures plus a Lock (its own, or shared).
//
// wait():   checks locked(), releases the lock, waits on a future in `waiters`, then ALWAYS
//           re-acquires the lock (even if cancelled) before returning or raising.
// notify(): sets the futures of the first n not-yet-notified waiters (FIFO). Notified
//           waiters stay in `waiters` until they run. With nobody waiting, notify() does
//           nothing and is not remembered (the lost wake-up).
// 3.11/3.12: a waiter notified and then cancelled before it runs consumes its
// notification (gh-112202); 3.13 passes it on.
#include "runtime/coro.h"
#include "runtime/error.h"
#include "runtime/lock.h"

#include <cstdint>
#include <deque>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

namespace condlab {

namespace detail {
/// Python truthiness of a wait_for() predicate result: containers (anything with empty()
/// and no bool conversion) are true when not empty; everything else by explicit bool
/// conversion (wrap foreign objects in a type whose `explicit operator bool` is truthiness).
template <class R> bool truthy(const R& r) {
    if constexpr (!std::is_constructible_v<bool, const R&> && requires { r.empty(); })
        return !r.empty();
    else
        return static_cast<bool>(r);
}
} // namespace detail

class ConditionWait;
template <class Pred> class ConditionWaitFor;

class Condition : public RefCounted {
  public:
    /// A condition with its own new Lock (reported as owned by the condition).
    explicit Condition(Loop& loop, SourceLoc where = {});
    /// A condition on a shared lock (`asyncio.Condition(lock)`).
    Condition(Loop& loop, Ref<Lock> lock, SourceLoc where = {});

    /// `cond.acquire()` is the lock's acquire(): see Lock::acquire for when it resumes.
    [[nodiscard]] LockAcquire acquire(SourceLoc where = {}) { return m_lock->acquire(where); }
    /// `cond.release()` is the lock's release(): wakes the lock's head waiter.
    void release() { m_lock->release(); }
    [[nodiscard]] bool locked() const noexcept { return m_lock->locked(); }

    /// Waits until notified and returns true. RuntimeError('cannot wait on un-acquired
    /// lock') unless the lock is locked. Releases the lock (which may wake the lock's head
    /// waiter), then always suspends on a waiter future (WaitInfo{Condition, id(), where}).
    /// The task resumes in the iteration after notify()/notify_all() set that future, in
    /// FIFO order among the notified, and then re-acquires the lock through Lock::acquire
    /// (queueing with WaitInfo{Lock, lock id, where} behind the holder if it is held).
    /// If cancelled at any point, it still re-acquires the lock first (retrying if
    /// cancelled again) and then raises a NEW CancelledError, with the lock held.
    /// Nothing happens until the result is awaited (or converted to a Coro<bool>).
    [[nodiscard]] ConditionWait wait(SourceLoc where = {});

    /// `result = pred(); while not result: await wait(); result = pred()`; returns the
    /// final predicate value. Resumes as wait() does each time; returns at once (without
    /// checking the lock) when the predicate is already true. `pred` may throw; the error
    /// propagates (any wait() before it has re-acquired the lock). The result is tested
    /// with detail::truthy (Python truthiness).
    template <class Pred>
    [[nodiscard]] ConditionWaitFor<Pred> wait_for(Pred pred, SourceLoc where = {});

    /// Wakes up to `n` waiters not yet notified, FIFO: their futures are set now, the tasks
    /// resume next iteration and then queue for the lock (still held by the notifier).
    /// RuntimeError('cannot notify on un-acquired lock') unless the lock is locked.
    void notify(std::int64_t n = 1);
    /// notify(len(waiters)): every waiter not yet notified.
    void notify_all();

    [[nodiscard]] ObjectId id() const noexcept { return m_id; }
    [[nodiscard]] Loop& loop() const noexcept { return *m_loop; }
    [[nodiscard]] const Ref<Lock>& lock() const noexcept { return m_lock; }
    /// The waiter futures in FIFO order (`cond._waiters`), notified ones included until
    /// their tasks run.
    [[nodiscard]] const std::deque<Future>& waiters() const noexcept { return m_waiters; }
    /// For the inspector: the owner task of each waiter future, in FIFO order.
    [[nodiscard]] std::vector<TaskId> waiter_owners() const;

    /// The `finally` of wait(): takes `lock` back, queueing when it has to, then raises
    /// `error` (what the wait raised; CancelledError when cancelled while queueing). With
    /// `fast_path_tried` the first acquire skips the fast path (wait() just tried it).
    static Coro<bool> reacquire(Ref<Lock> lock, SourceLoc where, std::exception_ptr error,
                                bool fast_path_tried);

  private:
    friend class ConditionWait;
    /// wait() up to the suspension: checks the lock, releases it, queues a waiter future.
    Future begin_wait(SourceLoc where, std::int64_t guard);
    template <class Pred> friend class ConditionWaitFor;
    void notify_impl(std::int64_t n, PrimitiveOp op);
    /// Sets the futures of the first `n` waiters not yet done; `on_woken(fut)` for each.
    template <class OnWoken> void wake(std::int64_t n, OnWoken on_woken);
    void remove_waiter(const Future& fut) noexcept {
        if (!m_waiters.empty() && m_waiters.front() == fut) // the common case: the head
            m_waiters.pop_front();
        else
            remove_waiter_slow(fut);
    }
    void remove_waiter_slow(const Future& fut) noexcept;

    Loop* m_loop;
    ObjectId m_id;
    Ref<Lock> m_lock;
    std::deque<Future> m_waiters;
};

/// What Condition::wait() returns. Awaited, it needs no coroutine frame unless re-acquiring
/// the lock has to queue: the waiter future lives in the awaiter, and what follows the
/// wake-up runs as the driver's wake hook, before the awaiting coroutine resumes.
class [[nodiscard]] ConditionWait final : NativeDriver::WakeHook {
  public:
    ConditionWait(Ref<Condition> cond, SourceLoc where) noexcept
        : m_cond(std::move(cond)), m_where(where) {}
    ConditionWait(ConditionWait&&) = default; // only before it is awaited
    ConditionWait& operator=(ConditionWait&&) = delete;
    // (Forced inline here and below: g++ otherwise calls these small members from the large
    // bodies of the coroutines that await them, a call per wait.)
    [[gnu::always_inline]] ~ConditionWait() { // dropped waiting: `finally: waiters.remove(fut)`
        if (m_fut) [[unlikely]]
            drop_waiting();
    }

    [[gnu::always_inline]] bool await_ready() { // all before the suspension (may raise)
        m_fut = m_cond->begin_wait(m_where, m_guard);
        return false;
    }
    template <class P> bool await_suspend(std::coroutine_handle<P> h) {
        h.promise().driver->suspend_on(m_fut, this);
        return true;
    }
    [[gnu::always_inline]] bool await_resume() {
        if (m_slow.handle() || m_error) [[unlikely]]
            return resume_slow();
        return true;
    }

    /// The whole wait as a coroutine (for a task, gather(), Python).
    Coro<bool> into_coro() && { return run(std::move(*this)); }

  private:
    template <class Pred> friend class ConditionWaitFor;
    static Coro<bool> run(ConditionWait self);
    /// The slow paths, out of line: await_resume after a queued re-acquire or an error, and
    /// the destructor's.
    bool resume_slow();
    void drop_waiting() noexcept;
    void on_wake(NativeDriver& driver) noexcept override;
    /// After the wake-up: the `finally` and a fast re-acquire. Returns true when
    /// re-acquiring has to queue: m_slow is then the coroutine that must run first (else
    /// m_error is what the wait raises).
    bool finish(NativeDriver& driver) noexcept;

    Ref<Condition> m_cond;
    SourceLoc m_where;
    std::int64_t m_guard = 0;   // wait_guard bits reported with ConditionWait
    Future m_fut;               // while waiting
    std::exception_ptr m_error; // what the wait raised (the lock re-acquired fast)
    Coro<bool> m_slow;          // re-acquiring the lock had to queue
};

inline ConditionWait Condition::wait(SourceLoc where) { return {Ref<Condition>(this), where}; }

/// What Condition::wait_for() returns. Awaited, it needs no coroutine frame unless
/// re-acquiring the lock has to queue: the predicate runs in await_ready and, after each
/// wake-up, in the driver's wake hook, which suspends again on a new wait if it is false.
template <class Pred> class [[nodiscard]] ConditionWaitFor final : NativeDriver::WakeHook {
  public:
    using Result = std::decay_t<std::invoke_result_t<Pred&>>;

    ConditionWaitFor(Ref<Condition> cond, Pred pred, SourceLoc where)
        : m_pred(std::move(pred)), m_wait(std::move(cond), where) {
        m_wait.m_guard = wait_guard::kWaitFor;
    }
    ConditionWaitFor(ConditionWaitFor&&) = default; // only before it is awaited
    ConditionWaitFor& operator=(ConditionWaitFor&&) = delete;

    bool await_ready() {
        m_result.emplace(m_pred());
        if (detail::truthy(*m_result))
            return true;
        return m_wait.await_ready(); // begins the first wait
    }
    template <class P> bool await_suspend(std::coroutine_handle<P> h) {
        suspend(*h.promise().driver);
        return true;
    }
    Result await_resume() {
        if (m_slow.handle())
            return detail::CoroAwaiter<Result>{m_slow.handle()}.await_resume();
        if (m_error)
            std::rethrow_exception(std::exchange(m_error, nullptr));
        return std::move(*m_result);
    }

    /// The whole wait_for as a coroutine (for a task, gather(), Python).
    Coro<Result> into_coro() && { return run(std::move(*this)); }
    operator Coro<Result>() && { return run(std::move(*this)); }

  private:
    void suspend(NativeDriver& driver) { driver.suspend_on(m_wait.m_fut, this); }
    void on_wake(NativeDriver& driver) noexcept override {
        const bool queued = m_wait.finish(driver);
        try {
            if (queued) { // the rest runs as a coroutine
                m_slow = rest(this, std::move(m_wait.m_slow));
                driver.push_child(m_slow);
                return;
            }
            if (m_wait.m_error) {
                m_error = std::exchange(m_wait.m_error, nullptr);
                return;
            }
            m_result.emplace(m_pred());
            if (detail::truthy(*m_result))
                return;
            m_wait.m_guard = wait_guard::kWaitFor | wait_guard::kWaitForAgain;
            (void)m_wait.await_ready(); // `await self.wait()` again
            suspend(driver);
        } catch (...) {
            m_error = std::current_exception();
        }
    }
    static Coro<Result> rest(ConditionWaitFor* self, Coro<bool> reacquire) {
        bool woke = co_await reacquire;
        (void)woke;
        self->m_result.emplace(self->m_pred());
        while (!detail::truthy(*self->m_result)) {
            ConditionWait again = self->m_wait.m_cond->wait(self->m_wait.m_where);
            again.m_guard = wait_guard::kWaitFor | wait_guard::kWaitForAgain;
            woke = co_await again;
            self->m_result.emplace(self->m_pred());
        }
        co_return std::move(*self->m_result);
    }
    static Coro<Result> run(ConditionWaitFor self) {
        Result r = co_await self;
        co_return r;
    }

    Pred m_pred;
    ConditionWait m_wait;
    std::optional<Result> m_result;
    std::exception_ptr m_error;
    Coro<Result> m_slow;
};

template <class Pred> ConditionWaitFor<Pred> Condition::wait_for(Pred pred, SourceLoc where) {
    return {Ref<Condition>(this), std::move(pred), where};
}

} // namespace condlab
