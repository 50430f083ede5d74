#include "runtime/loop.h"

#include "runtime/task.h"
#include "runtime/timer_heap.h"

#include <algorithm>

namespace condlab {

TaskState* Loop::find_task(TaskId id) const noexcept {
    // m_tasks keeps creation order, and ids grow with it.
    const auto it = std::lower_bound(m_tasks.begin(), m_tasks.end(), id,
                                     [](const Task& t, TaskId v) { return t->id() < v; });
    return it != m_tasks.end() && (*it)->id() == id && !(*it)->done() ? it->get() : nullptr;
}

namespace {
constexpr double kClockResolution = 1e-9;
constexpr double kMaximumSelectTimeout = 24 * 3600; // CPython's MAXIMUM_SELECT_TIMEOUT
constexpr std::size_t kMinScheduledTimerHandles = 100;
constexpr double kMinCancelledTimerHandlesFraction = 0.5;
constexpr std::size_t kDeepPrefetchTasks = 4096;
} // namespace

void Handle::cancel() {
    if (m_cancelled)
        return;
    m_cancelled = true;
    if (m_timer) {
        if (m_scheduled)
            ++m_loop->m_timer_cancelled_count;
        if (Observer* o = m_loop->observer())
            o->on_timer_cancelled(m_id);
    }
    if (!m_running)     // (a running callback is dropped when it returns)
        m_fn = nullptr; // drop what the callback holds, as CPython does
}

Loop::Loop() = default;

Loop::~Loop() {
    // Break Task -> frame -> future -> callback -> Task cycles of unfinished tasks.
    m_ready.clear();
    for (TimerEntry& e : m_scheduled)
        e.handle->release_ref();
    m_scheduled.clear();
    std::vector<Task> tasks = std::move(m_tasks);
    for (Task& t : tasks)
        t->discard_coroutine();
}

HandleRef Loop::call_soon_handle(UniqueFunction<void()> fn) {
    HandleRef h(new Handle(this, std::move(fn), 0.0, ++m_timer_ids, false));
    m_ready.emplace_back(h);
    return h;
}

HandleRef Loop::schedule_timer(HandleRef h, const void* hint, TimerKind kind) {
    h->m_id = ++m_timer_ids;
    if (m_strategy) [[unlikely]] // the substitution happens here, as in the harness's call_at
        h->m_when = m_strategy->timer_deadline(h->m_id, m_current_id, m_now, h->m_when);
    h->m_scheduled = true;
    h->m_hint = hint;
    heapq::push(m_scheduled, TimerEntry{h->m_when, h.get()}, timer_less);
    h->add_ref(); // the heap's reference
    if (m_observer)
        m_observer->on_timer_scheduled(h->m_id, h->m_when, kind);
    return h;
}

ObjectId Loop::new_object(ObjectKind kind, SourceLoc where) {
    ObjectId id = ++m_object_ids;
    if (m_observer) {
        if (m_internal_owner != kNoObject)
            m_observer->on_object_internal(id, m_internal_owner);
        m_observer->on_object_created(id, kind, where);
    }
    return id;
}

void Loop::set_label(ObjectId object, std::string_view label) {
    if (m_observer)
        m_observer->on_object_label(object, label);
}

Task Loop::create_task(std::unique_ptr<CoroutineBackend> coro, std::optional<std::string> name,
                       SourceLoc where) {
    TaskId id = next_task_id();
    Task task =
        make_ref<TaskState>(*this, std::move(coro), name ? std::move(*name) : std::string(), id);
    if (!name)
        task->m_default_name = ++m_task_name_counter; // "Task-N", written when first asked
    if (m_observer) {
        TaskState* parent = m_current;
        m_observer->on_task_created(id, task->name(), parent ? parent->id() : kNoTask, where);
    }
    if (m_tasks.size() >= m_tasks_prune_at) {
        std::erase_if(m_tasks, [](const Task& t) { return t->done(); });
        m_tasks_prune_at = std::max<std::size_t>(64, m_tasks.size() * 2);
    }
    m_tasks.push_back(task);
    task->schedule_step();
    return task;
}

std::vector<Task> Loop::all_tasks() const {
    std::vector<Task> out;
    for (const Task& t : m_tasks)
        if (!t->done())
            out.push_back(t);
    return out;
}

namespace {
// The first three lines: tasks, futures, handles and frames span several.
inline void prefetch_object(const void* p) noexcept {
    if (p) {
        __builtin_prefetch(p);
        __builtin_prefetch(static_cast<const char*>(p) + 64);
        __builtin_prefetch(static_cast<const char*>(p) + 128);
    }
}
} // namespace

inline const TaskState* Loop::ready_task(const ReadyEntry& e) noexcept {
    if (e.done == &TaskState::step_fn)
        return static_cast<const TaskState*>(e.fut);
    if (e.done == &TaskState::wakeup_fn)
        return static_cast<const TaskState*>(e.ctx);
    return nullptr;
}

void Loop::prefetch_ready(std::size_t ahead, bool deep) const noexcept {
    // A pipeline over the entries ahead: the objects of entry 4 ahead; what the objects of
    // entry 2 ahead point to (a task's coroutine backend, a timer's future: they arrived
    // meanwhile); then the frame that the backend of the next entry resumes. Each stage reads
    // only what the previous one fetched.
    if (ahead > 4) {
        const ReadyEntry& e = m_ready[4];
        prefetch_object(e.ctx); // (a handle entry's handle)
        prefetch_object(e.fut);
    }
    if (ahead > 2) {
        const ReadyEntry& e = m_ready[2];
        if (const TaskState* task = ready_task(e))
            prefetch_object(task->coroutine());
        else if (const Handle* h = e.handle())
            prefetch_object(h->m_hint);
    }
    if (!deep)
        return;
    if (const TaskState* task = ready_task(m_ready[1]))
        if (const CoroutineBackend* coro = task->coroutine())
            prefetch_object(coro->hot_address());
}

HandleRef Loop::pop_timer() {
    return HandleRef(heapq::pop(m_scheduled, timer_less).handle, kAdopt);
}

bool Loop::run_once() {
    // 1. Drop cancelled timers: all of them when they are many, else only from the top.
    const std::size_t sched_count = m_scheduled.size();
    if (sched_count > kMinScheduledTimerHandles &&
        static_cast<double>(m_timer_cancelled_count) / static_cast<double>(sched_count) >
            kMinCancelledTimerHandlesFraction) {
        std::vector<TimerEntry> kept;
        kept.reserve(sched_count);
        for (TimerEntry& e : m_scheduled) {
            if (e.handle->m_cancelled) {
                e.handle->m_scheduled = false;
                e.handle->release_ref();
            } else {
                kept.push_back(e);
            }
        }
        m_scheduled = std::move(kept);
        heapq::heapify(m_scheduled, timer_less);
        m_timer_cancelled_count = 0;
    } else {
        while (!m_scheduled.empty() && m_scheduled.front().handle->m_cancelled) {
            --m_timer_cancelled_count;
            pop_timer()->m_scheduled = false;
        }
    }

    // 2-3. Nothing ready and no timer: a real loop would block forever.
    double timeout = 0.0;
    if (m_ready.empty() && !m_stopping) {
        if (m_strategy) [[unlikely]]
            push_cancel_forks();
        if (m_scheduled.empty())
            return false;
        timeout = std::clamp(m_scheduled.front().when - time(), 0.0, kMaximumSelectTimeout);
        if (m_strategy) [[unlikely]]
            report_choice_point(timeout);
    }
    m_now += timeout; // the virtual selector "sleeps" by advancing the clock
    ++m_iteration;
    if (m_observer)
        m_observer->on_iteration(m_iteration, m_now);

    // 4. Timers that fell due, in heap order (cancelled ones too; skipped below).
    const double end_time = time() + kClockResolution;
    // Popped first, then marked: the heap alone decides the order, and the handles (cold in
    // a large heap) are fetched while the heap is being popped.
    const std::size_t first_due = m_ready.size();
    while (!m_scheduled.empty() && m_scheduled.front().when < end_time) {
        HandleRef h = pop_timer();
        __builtin_prefetch(h.get());
        m_ready.emplace_back(std::move(h));
    }
    for (std::size_t i = first_due; i < m_ready.size(); ++i) {
        Handle& h = *m_ready[i].handle();
        h.m_scheduled = false;
        if (m_observer && !h.m_cancelled)
            m_observer->on_timer_fired(h.m_id);
    }

    // 5. Run what was ready at this point; anything queued now waits for the next iteration.
    std::size_t ntodo = m_ready.size();
    // With many thousand tasks their frames are cold too: worth fetching ahead. With fewer
    // they stay cached, and the extra look-ups only cost.
    const bool deep = m_tasks.size() > kDeepPrefetchTasks;
    for (std::size_t i = 0; i < ntodo; ++i) {
        if (ntodo - i > 1)
            prefetch_ready(ntodo - i, deep);
        if (ReadyEntry& front = m_ready.front(); front.done) {
            // Taken apart in place: nothing to move but three pointers.
            DoneFn fn = front.done;
            Ref<RefCounted> ctx(front.ctx, kAdopt);
            Ref<RefCounted> fut(front.fut, kAdopt);
            m_ready.discard_front(); // (it holds nothing more)
            if (m_observer)
                m_observer->on_callback(0);
            fn(ctx.get(), static_cast<FutureState&>(*fut));
            if (m_break) [[unlikely]]
                break;
            continue;
        }
        HandleRef handle(m_ready.front().handle(), kAdopt);
        m_ready.discard_front(); // (it holds nothing more: no fut)
        if (handle->m_cancelled)
            continue;
        if (m_observer)
            m_observer->on_callback(handle->m_id); // 0 for a plain call_soon
        handle->run();
        if (m_break) [[unlikely]]
            break;
    }
    return true;
}

void Loop::report_choice_point(double timeout) {
    // The heap's pop order, cancelled entries included (they shape it), then left out.
    std::vector<TimerEntry> heap = m_scheduled;
    std::vector<PendingTimer> pending;
    pending.reserve(heap.size());
    const double end_time = (m_now + timeout) + kClockResolution; // as step 4 computes it
    std::size_t due = 0;
    while (!heap.empty()) {
        TimerEntry e = heapq::pop(heap, timer_less);
        if (e.handle->m_cancelled)
            continue;
        pending.push_back(PendingTimer{e.handle->m_id, e.when});
        if (e.when < end_time && due + 1 == pending.size())
            ++due;
    }
    m_strategy->choice_point(ChoicePoint{m_now, m_iteration, pending, due});
}

void Loop::fill_blocked(RunOutcome& out) const {
    for (const Task& t : m_tasks) {
        if (t->done())
            continue;
        BlockedTask b;
        b.task = t->id();
        b.name = t->name();
        if (FutureState* w = t->fut_waiter())
            b.wait = w->wait;
        else
            b.ready = true;
        out.blocked.push_back(std::move(b));
    }
}

// Checked before every iteration: inline, the wall clock read only every 64 iterations.
inline BudgetKind Loop::budget_reached(const Budget& budget) const {
    if (m_abort != BudgetKind::None)
        return m_abort;
    if (m_iteration >= budget.max_iterations)
        return BudgetKind::Iterations;
    if (m_ready.empty() && !m_scheduled.empty() && m_scheduled.front().when > budget.max_time &&
        !m_stopping)
        return BudgetKind::VirtualTime;
    if ((m_iteration & 63) == 0 && budget.stop != nullptr &&
        budget.stop->load(std::memory_order_relaxed))
        return BudgetKind::Stopped;
    if (budget.max_wall_seconds < 1e300 && (m_iteration & 63) == 0) {
        std::chrono::duration<double> spent = std::chrono::steady_clock::now() - m_wall_start;
        if (spent.count() > budget.max_wall_seconds)
            return BudgetKind::WallClock;
    }
    return BudgetKind::None;
}

inline bool Loop::over_budget(const Budget& budget, RunOutcome& out) {
    BudgetKind kind = budget_reached(budget);
    if (kind == BudgetKind::None) [[likely]]
        return false;
    report_budget(kind, out);
    return true;
}

void Loop::report_budget(BudgetKind kind, RunOutcome& out) const {
    out.kind = OutcomeKind::Budget;
    out.budget = kind;
    fill_blocked(out);
}

RunOutcome Loop::run_until_complete(const Future& fut, const Budget& budget) {
    RunOutcome out;
    m_wall_start = std::chrono::steady_clock::now();
    static const char stop_key = 0;
    // (Python's _run_until_complete_cb: a future that ended with an escaping exception does
    // not stop the loop; the exception already left it, and the callback may run later.)
    fut->add_done_callback(DoneCallback{[](RefCounted*, FutureState& f) {
                                            Loop& loop = f.loop();
                                            if (!loop.m_last_escape ||
                                                f.state() != FutureState::State::Finished ||
                                                f.error_for_result() != loop.m_last_escape)
                                                loop.stop();
                                        },
                                        nullptr, &stop_key});
    while (true) {
        if (over_budget(budget, out))
            break;
        if (!run_once()) {
            out.kind = OutcomeKind::Deadlock;
            fill_blocked(out);
            break;
        }
        if (m_escape) [[unlikely]]
            break;
        if (m_stopping)
            break;
    }
    m_stopping = false;
    fut->remove_done_callback(&stop_key);
    out.iterations = m_iteration;
    out.time = m_now;
    if (m_escape) [[unlikely]] {
        m_break = m_abort != BudgetKind::None;
        m_last_escape = m_escape;
        out.kind = OutcomeKind::Exception;
        out.error = std::move(m_escape);
        m_escape = nullptr;
        return out;
    }
    if (!fut->done())
        return out; // deadlock or budget: `out` says which
    out.blocked.clear();
    out.budget = BudgetKind::None;
    if (fut->cancelled()) {
        out.kind = OutcomeKind::Exception;
        out.error = fut->error_for_result();
    } else if (std::exception_ptr e = fut->exception()) {
        out.kind = OutcomeKind::Exception;
        out.error = e;
    } else {
        out.kind = OutcomeKind::Complete;
        out.result = fut->result();
    }
    return out;
}

void Loop::cancel_remaining_tasks(const Budget& budget) {
    std::vector<Task> pending = all_tasks();
    if (pending.empty())
        return;
    for (Task& t : pending)
        t->cancel();
    // Run until every cancelled task has finished (asyncio.run gathers them).
    m_wall_start = std::chrono::steady_clock::now();
    RunOutcome ignored;
    while (std::any_of(pending.begin(), pending.end(), [](const Task& t) { return !t->done(); }))
        if (over_budget(budget, ignored) || !run_once())
            break;
}

RunOutcome Loop::run(std::unique_ptr<CoroutineBackend> main, const Budget& budget) {
    Task task = create_task(std::move(main));
    RunOutcome out = run_until_complete(task, budget);
    if (out.kind == OutcomeKind::Complete || out.kind == OutcomeKind::Exception) {
        Budget rest = budget;
        rest.max_iterations = m_iteration + 10000;
        cancel_remaining_tasks(rest);
    }
    return out;
}

} // namespace condlab
