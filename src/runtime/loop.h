#pragma once
// The event loop: CPython 3.11's BaseEventLoop._run_once on a virtual clock.
#include "runtime/handle.h"
#include "runtime/observer.h"
#include "runtime/ref_counted.h"
#include "runtime/ring_queue.h"
#include "runtime/run_outcome.h"
#include "runtime/timer_strategy.h"
#include "runtime/unique_function.h"

#include <any>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <exception>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace condlab {

class FutureState;
class TaskState;
class CoroutineBackend;
using Future = Ref<FutureState>;
using Task = Ref<TaskState>;

/// Limits for one run; whichever is reached first ends it.
struct Budget {
    std::uint64_t max_iterations = std::numeric_limits<std::uint64_t>::max();
    double max_time = std::numeric_limits<double>::infinity();
    double max_wall_seconds = std::numeric_limits<double>::infinity();
    /// Set from another thread (the window's Stop): the run ends at the next check with
    /// BudgetKind::Stopped. Null: no stop.
    const std::atomic<bool>* stop = nullptr;
};

class Loop {
  public:
    Loop();
    ~Loop();
    Loop(const Loop&) = delete;
    Loop& operator=(const Loop&) = delete;

    /// Virtual time in seconds; moves only when nothing is ready.
    [[nodiscard]] double time() const noexcept { return m_now; }
    /// Number of the iteration running now (the first is 1).
    [[nodiscard]] std::uint64_t iteration() const noexcept { return m_iteration; }

    /// Runs `fn` in the next iteration, after everything queued before it (FIFO).
    /// (A template: the callable is built in place in the ready queue, without moves.)
    /// (The hot paths use call_soon_done; this one allocates a handle nobody else holds.)
    template <class F> void call_soon(F&& fn) {
        m_ready.emplace_back(HandleRef(
            new Handle(this, UniqueFunction<void()>(std::forward<F>(fn)), 0.0, 0, false)));
    }
    /// Runs `fn(ctx, *fut)` next iteration (FIFO with call_soon): a task step or a future's
    /// done-callback. Cheaper to queue and run than a closure, and run_once prefetches the
    /// objects of the entries ahead (a busy loop touches thousands of cold tasks).
    using DoneFn = void (*)(RefCounted* ctx, FutureState& fut);
    void call_soon_done(DoneFn fn, Ref<RefCounted> ctx, Ref<RefCounted> fut) {
        m_ready.emplace_back(fn, ctx.detach(), fut.detach());
    }
    /// Same, returning a handle that can cancel it.
    HandleRef call_soon_handle(UniqueFunction<void()> fn);
    /// Runs `fn` in the first iteration whose clock reaches `when` (heap order among ties).
    /// `hint`: an object the callback touches first (the loop prefetches it a little before).
    /// (Templates: the callable is built in place in the handle, without moves.)
    /// `kind`: what the timer is for (only reported to the observer).
    template <class F>
    HandleRef call_at(double when, F&& fn, const void* hint = nullptr,
                      TimerKind kind = TimerKind::Internal) {
        return schedule_timer(new_timer(when, std::forward<F>(fn)), hint, kind);
    }
    template <class F>
    HandleRef call_later(double delay, F&& fn, const void* hint = nullptr,
                         TimerKind kind = TimerKind::Internal) {
        return call_at(time() + delay, std::forward<F>(fn), hint, kind);
    }

    /// Cancels a timer handle after its wait (`finally: h.cancel()`) and takes it back:
    /// call_at reuses it once nobody else holds it (sleep() arms a timer per wait).
    void cancel_timer(HandleRef h) noexcept {
        // Run, and held by the caller only: cancelling it would change nothing anyone sees
        // (call_at resets it), except what an observer records.
        if (h->ref_count() != 1 || h->m_scheduled || m_observer)
            h->cancel();
        m_spare_timer = std::move(h);
    }

    [[nodiscard]] Observer* observer() const noexcept { return m_observer; }
    /// Installs a timer strategy (null: none, CPython's timing). See timer_strategy.h.
    void set_timer_strategy(TimerStrategy* strategy) noexcept { m_strategy = strategy; }
    [[nodiscard]] TimerStrategy* timer_strategy() const noexcept { return m_strategy; }
    void set_observer(Observer* observer) noexcept { m_observer = observer; }

    /// A new primitive object id (reported to the observer).
    ObjectId new_object(ObjectKind kind, SourceLoc where = {});
    /// While one lives, the objects created are internal parts of `owner` (a Barrier's
    /// condition and that condition's lock, a Queue's event): the user never made them. Each
    /// is reported with Observer::on_object_internal(object, owner) just before its
    /// on_object_created. Nested scopes keep the outermost owner (the user's object).
    class InternalObjects {
      public:
        InternalObjects(Loop& loop, ObjectId owner) noexcept
            : m_loop(&loop), m_saved(loop.m_internal_owner) {
            if (m_saved == kNoObject)
                loop.m_internal_owner = owner;
        }
        ~InternalObjects() { m_loop->m_internal_owner = m_saved; }
        InternalObjects(const InternalObjects&) = delete;
        InternalObjects& operator=(const InternalObjects&) = delete;

      private:
        Loop* m_loop;
        ObjectId m_saved;
    };
    void set_label(ObjectId object, std::string_view label);

    /// Wraps a coroutine in a task whose first step runs next iteration.
    Task create_task(std::unique_ptr<CoroutineBackend> coro, std::optional<std::string> name = {},
                     SourceLoc where = {});
    /// Takes `n` Task-N numbers without making tasks (asyncio.run's teardown tasks that have
    /// nothing to do: CPython numbers them, so later tasks are numbered as in CPython).
    void skip_task_names(std::uint64_t n) noexcept { m_task_name_counter += n; }
    [[nodiscard]] TaskState* current_task() const noexcept { return m_current; }
    /// The id of current_task() (kNoTask outside a task), without touching the task.
    [[nodiscard]] TaskId current_task_id() const noexcept { return m_current_id; }
    /// Tasks not done yet, in creation order.
    [[nodiscard]] std::vector<Task> all_tasks() const;
    /// How many tasks the loop holds (finished ones are dropped now and then).
    [[nodiscard]] std::size_t task_count() const noexcept { return m_tasks.size(); }
    /// The task with this id if it is not done (nullptr otherwise).
    [[nodiscard]] TaskState* find_task(TaskId id) const noexcept;

    /// One `_run_once`. Returns false (and does nothing) when it would block forever.
    bool run_once();
    /// Runs until `fut` is done, a deadlock, or the budget runs out.
    RunOutcome run_until_complete(const Future& fut, const Budget& budget = {});
    /// asyncio.run(main): run it, then cancel what is left in creation order and let it finish.
    RunOutcome run(std::unique_ptr<CoroutineBackend> main, const Budget& budget = {});
    void stop() noexcept { m_stopping = true; }
    /// Ends the current run with a budget outcome at the next check (cooperative).
    void request_abort(BudgetKind kind) noexcept {
        m_abort = kind;
        m_break = true;
    }
    /// Leaves the running iteration at once (what is left in the ready queue stays there) and
    /// makes run_until_complete return OutcomeKind::Exception with `error`, done or not:
    /// Python's SystemExit / KeyboardInterrupt raised in a task or a callback. run() then
    /// cancels the remaining tasks as asyncio.run does.
    void escape(std::exception_ptr error) noexcept {
        m_escape = std::move(error);
        m_break = true;
    }
    [[nodiscard]] BudgetKind abort_requested() const noexcept { return m_abort; }

    /// Cancels unfinished tasks in creation order and runs until they finish (or the budget).
    void cancel_remaining_tasks(const Budget& budget = {});

    [[nodiscard]] std::size_t ready_count() const noexcept { return m_ready.size(); }
    [[nodiscard]] std::size_t timer_count() const noexcept { return m_scheduled.size(); }

    // Used by TaskState.
    void enter_task(TaskState* task, TaskId id) noexcept {
        m_current = task;
        m_current_id = id;
    }
    void leave_task() noexcept {
        m_current = nullptr;
        m_current_id = kNoTask;
    }
    TaskId next_task_id() noexcept { return ++m_task_ids; }

    // Used by create_waiter / recycle_waiter (future.h): done waiter futures kept for reuse.
    static constexpr std::size_t kSpareWaiters = 2;
    Future& spare_waiter(std::size_t i) noexcept { return m_spare_waiters[i]; }

  private:
    friend class Handle;
    // 24 bytes: a call_soon_done call, or a handle (a timer, or a callback with a closure),
    // which then takes the place of the context: `done` null, `ctx` the handle.
    struct ReadyEntry {
        explicit ReadyEntry(HandleRef h) noexcept : ctx(h.detach()) {}
        ReadyEntry(DoneFn f, RefCounted* c, RefCounted* fu) noexcept // adopts both references
            : done(f), ctx(c), fut(fu) {}
        ReadyEntry(ReadyEntry&& o) noexcept
            : done(o.done), ctx(std::exchange(o.ctx, nullptr)), fut(std::exchange(o.fut, nullptr)) {
        }
        ReadyEntry& operator=(ReadyEntry&&) = delete;
        ~ReadyEntry() {
            if (ctx)
                ctx->release_ref();
            if (fut)
                fut->release_ref();
        }
        /// The handle of a handle entry, else null.
        [[nodiscard]] Handle* handle() const noexcept {
            return done ? nullptr : static_cast<Handle*>(ctx);
        }
        DoneFn done = nullptr; // set for call_soon_done: `done(ctx, *fut)`
        RefCounted* ctx = nullptr;
        RefCounted* fut = nullptr;
    };
    void prefetch_ready(std::size_t ahead, bool deep) const noexcept;
    static const TaskState* ready_task(const ReadyEntry& e) noexcept;
    // A heap entry keeps a copy of the deadline so that sifting compares without
    // dereferencing each handle (the heap of a busy loop is large and cold). It holds one
    // reference as a raw pointer: sifting then moves plain 16-byte values.
    struct TimerEntry {
        double when;
        Handle* handle;
    };
    HandleRef pop_timer();
    template <class F> HandleRef new_timer(double when, F&& fn) {
        if (m_spare_timer && m_spare_timer->ref_count() == 1) { // not in the heap nor queued
            HandleRef h = std::move(m_spare_timer);
            h->reuse_as_timer(std::forward<F>(fn), when);
            return h;
        }
        return HandleRef(new Handle(this, std::forward<F>(fn), when));
    }
    /// call_at's heap push: `h` is a new timer handle with its deadline set.
    HandleRef schedule_timer(HandleRef h, const void* hint, TimerKind kind);
    static bool timer_less(const TimerEntry& a, const TimerEntry& b) noexcept {
        return a.when < b.when;
    }
    /// Shows the installed strategy the pending timers in CPython's firing order.
    void report_choice_point(double timeout);
    /// Pushes the strategy's cancel forks due at this choice point (cancel_fork.cpp).
    void push_cancel_forks();
    void fill_blocked(RunOutcome& out) const;
    bool over_budget(const Budget& budget, RunOutcome& out);
    BudgetKind budget_reached(const Budget& budget) const;
    void report_budget(BudgetKind kind, RunOutcome& out) const;

    double m_now = 0.0;
    std::uint64_t m_iteration = 0;
    RingQueue<ReadyEntry> m_ready;
    std::vector<TimerEntry> m_scheduled;
    std::size_t m_timer_cancelled_count = 0;
    bool m_stopping = false;
    BudgetKind m_abort = BudgetKind::None;
    bool m_break = false; // request_abort or escape: leave the iteration
    bool m_would_block = false;
    Observer* m_observer = nullptr;
    TaskState* m_current = nullptr;
    TaskId m_current_id = kNoTask;
    std::vector<Task> m_tasks;
    Future m_spare_waiters[kSpareWaiters];
    HandleRef m_spare_timer;
    std::size_t m_tasks_prune_at = 64;
    TaskId m_task_ids = 0;
    ObjectId m_object_ids = 0;
    ObjectId m_internal_owner = kNoObject; // see InternalObjects
    TimerId m_timer_ids = 0;
    std::uint64_t m_task_name_counter = 0;
    std::chrono::steady_clock::time_point m_wall_start{};
    std::exception_ptr m_escape;      // set by escape(), taken by run_until_complete
    std::exception_ptr m_last_escape; // what the last escape raised (see run_until_complete)
    // Last: the members the hot paths use keep the places they had without strategies.
    TimerStrategy* m_strategy = nullptr;
};

} // namespace condlab
