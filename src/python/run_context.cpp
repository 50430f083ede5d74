// [SECTION] Globals: the active run, interned file names
// [SECTION] Bound / raw objects
// [SECTION] Output capture
// [SECTION] ProgramObserver
// [SECTION] RunContext: construction, budgets (task names: task_names.cpp)
// [SECTION] Source locations and labels
// [SECTION] Teardown
#include "python/run_context.h"

#include "trace/background_recorder.h"

#include "python/awaitables.h"
#include "python/errors.h"
#include "python/interpreter.h"
#include "python/interpreter_frames.h"
#include "runtime/queue.h"

#include <frameobject.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <set>

namespace condlab::python {

// ---------------------------------------------------------------------------
// [SECTION] Globals
// ---------------------------------------------------------------------------

namespace detail {
RunContext* g_run = nullptr;
}

RunContext* current_run() noexcept { return detail::g_run; }
void set_current_run(RunContext* run) noexcept { detail::g_run = run; }

const char* intern_file_name(const std::string& name) {
    static std::mutex m;
    static auto* names = new std::set<std::string>();
    std::lock_guard lock(m);
    return names->insert(name).first->c_str();
}

// ---------------------------------------------------------------------------
// [SECTION] Bound / raw objects
// ---------------------------------------------------------------------------

Bound::Bound() : m_run(current_run()) {
    if (!m_run)
        throw python_runtime_error(
            "condlab: asyncio objects can only be created while a program runs");
    if (m_run->phase == RunContext::Phase::Teardown)
        throw PyError("_CondlabAbort", "run is over");
    m_run->bound.insert(this);
}

Bound::~Bound() {
    if (m_run)
        m_run->bound.erase(this);
}

RunContext& Bound::run() const {
    if (!m_run)
        throw python_runtime_error("this asyncio object belongs to a condlab run that has ended");
    if (m_run->phase == RunContext::Phase::Teardown)
        throw PyError("_CondlabAbort", "run is over");
    return *m_run;
}

void link_raw(RawObject* obj, void (*detach)(RawObject*) noexcept) {
    RunContext* run = current_run();
    obj->detach = detach;
    obj->run = run;
    if (!run) {
        obj->raw_prev = obj->raw_next = nullptr;
        return;
    }
    RawObject* head = &run->raw_head;
    obj->raw_next = head->raw_next;
    obj->raw_prev = head;
    head->raw_next->raw_prev = obj;
    head->raw_next = obj;
}

void unlink_raw(RawObject* obj) noexcept {
    if (!obj->raw_next)
        return;
    obj->raw_prev->raw_next = obj->raw_next;
    obj->raw_next->raw_prev = obj->raw_prev;
    obj->raw_prev = obj->raw_next = nullptr;
}

// ---------------------------------------------------------------------------
// [SECTION] ProgramObserver
// ---------------------------------------------------------------------------

#define CONDLAB_FORWARD(call)                                                                      \
    do {                                                                                           \
        if (recorder)                                                                              \
            recorder->call;                                                                        \
        if (extra)                                                                                 \
            extra->call;                                                                           \
    } while (0)

void ProgramObserver::on_iteration(std::uint64_t it, double now) {
    CONDLAB_FORWARD(on_iteration(it, now));
}
void ProgramObserver::on_task_created(TaskId task, std::string_view name, TaskId parent,
                                      SourceLoc where) {
    std::string display = m_run.names.assign(task, name, parent);
    CONDLAB_FORWARD(on_task_created(task, display, parent, where));
}
void ProgramObserver::on_task_renamed(TaskId task, std::string_view name) {
    std::string display(name);
    m_run.names.set_display_name(task, display); // an explicit name wins over a provisional one
    CONDLAB_FORWARD(on_task_renamed(task, display));
}
void ProgramObserver::rename(TaskId task, const std::string& name) {
    CONDLAB_FORWARD(on_task_renamed(task, name));
}
void ProgramObserver::on_task_scheduled(TaskId task) { CONDLAB_FORWARD(on_task_scheduled(task)); }
namespace {
/// Task steps since the last wall-clock check (one run at a time: RunLock).
std::uint32_t g_steps_unchecked = 0;
} // namespace

void ProgramObserver::on_task_running(TaskId task) {
    // One loop iteration may step 200 000 native tasks (a gather of sleeps) with no program
    // line between them, and the loop reads the clock only between iterations: stop here.
    if (++g_steps_unchecked == 256) {
        g_steps_unchecked = 0;
        if (m_run.budget_state.watchdog_fired || m_run.wall_spent())
            m_run.note_abort_exception(nullptr);
    }
    CONDLAB_FORWARD(on_task_running(task));
    follow_step(task);
}
void ProgramObserver::on_task_suspended(TaskId task, const WaitInfo& wait) {
    follow_step(kNoTask);
    CONDLAB_FORWARD(on_task_suspended(task, wait));
}
void ProgramObserver::on_task_done(TaskId task, TaskEnd end, const std::exception_ptr& error) {
    follow_step(kNoTask);
    m_run.wait_guard.task_done(task);
    m_run.names.forget_inner_task(task);
    CONDLAB_FORWARD(on_task_done(task, end, error));
}

namespace {
/// The trace function while only a woken task is followed (no line trace, no line budget).
int follow_trace_function(PyObject*, PyFrameObject* frame, int what, PyObject*) {
    if (what != PyTrace_LINE)
        return 0;
    if (RunContext* run = current_run())
        run->wait_guard.line(frame, PyFrame_GetLineNumber(frame));
    return 0;
}
} // namespace

void ProgramObserver::follow_step(TaskId task) {
    const bool follow = task != kNoTask && m_run.wait_guard.step_begins(task);
    if (task == kNoTask)
        m_run.wait_guard.step_ends();
    // With a line trace or a line budget the program's trace function is on already and
    // reports lines to the guard; the watchdog may have installed it too.
    const bool traced = m_run.options.line_trace || m_run.options.count_lines ||
                        m_run.budget_state.watchdog_fired.load(std::memory_order_relaxed);
    if (traced)
        return;
    if (follow && !m_run.tracing_to_follow) {
        PyEval_SetTrace(follow_trace_function, nullptr);
        m_run.tracing_to_follow = true;
    } else if (!follow && m_run.tracing_to_follow) {
        PyEval_SetTrace(nullptr, nullptr);
        m_run.tracing_to_follow = false;
    }
}
void ProgramObserver::on_task_cancel_requested(TaskId task, TaskId by) {
    CONDLAB_FORWARD(on_task_cancel_requested(task, by));
}
void ProgramObserver::on_object_internal(ObjectId object, ObjectId owner) {
    CONDLAB_FORWARD(on_object_internal(object, owner));
}
void ProgramObserver::on_object_created(ObjectId object, ObjectKind kind, SourceLoc where) {
    CONDLAB_FORWARD(on_object_created(object, kind, where));
}
void ProgramObserver::on_object_label(ObjectId object, std::string_view label) {
    CONDLAB_FORWARD(on_object_label(object, label));
}
void ProgramObserver::on_object_owned(ObjectId part, ObjectId owner) {
    CONDLAB_FORWARD(on_object_owned(part, owner));
}
void ProgramObserver::on_primitive(PrimitiveOp op, ObjectId object, TaskId task,
                                   std::span<const TaskId> woken, std::int64_t value) {
    if (op == PrimitiveOp::ConditionWait && !(value & wait_guard::kWaitFor))
        value |=
            m_run.wait_guard.bare_wait(task, m_run.filename.ptr(), m_run.names.awaiter_of(task));
    else if (op == PrimitiveOp::ConditionWait && m_run.names.is_inner_task(task))
        value |= wait_guard::kForAwaiter; // wait_for(cond.wait_for(p), T)'s inner task
    else if (op == PrimitiveOp::ConditionNotify || op == PrimitiveOp::ConditionNotifyAll)
        m_run.wait_guard.woken(woken);
    CONDLAB_FORWARD(on_primitive(op, object, task, woken, value));
}
void ProgramObserver::on_timer_scheduled(TimerId timer, double when, TimerKind kind) {
    CONDLAB_FORWARD(on_timer_scheduled(timer, when, kind));
}
void ProgramObserver::on_timer_fired(TimerId timer) { CONDLAB_FORWARD(on_timer_fired(timer)); }
void ProgramObserver::on_timer_cancelled(TimerId timer) {
    CONDLAB_FORWARD(on_timer_cancelled(timer));
}
void ProgramObserver::on_callback(TimerId handle) { CONDLAB_FORWARD(on_callback(handle)); }

#undef CONDLAB_FORWARD

// ---------------------------------------------------------------------------
// [SECTION] RunContext: construction, budgets (task names: task_names.cpp)
// ---------------------------------------------------------------------------

RunContext::RunContext(const std::string& p, const ProgramOptions& opts)
    : path(p), file(intern_file_name(p)), filename(py::str(p)), options(opts),
      wait_guard(opts.while_loops), budget_state{std::chrono::steady_clock::now()},
      m_loop(std::make_unique<Loop>()) {
    raw_head.raw_next = raw_head.raw_prev = &raw_head;
    if (options.record_trace) {
        m_recorder = std::make_unique<BackgroundRecorder>();
        m_recorder->feed_while_recording(options.event_scan);
        observer.recorder = m_recorder.get();
    }
    observer.extra = options.extra_observer;
    // Always attached: it names tasks for the trace and for budget / deadlock reports.
    m_loop->set_observer(&observer);
    m_loop->set_timer_strategy(options.timer_strategy);
}

RunContext::~RunContext() {
    if (m_loop)
        teardown();
}

void RunContext::raise_abort_exception(const char* what) {
    PyErr_SetString(globals().abort_error.ptr(), what);
}

int RunContext::abort(BudgetKind kind) {
    if (budget_state.abort_kind == BudgetKind::None) {
        budget_state.abort_kind = kind;
        budget_state.abort_line = budget_state.last_line;
        if (TaskState* t = m_loop ? m_loop->current_task() : nullptr)
            budget_state.abort_task = names.display_name(t->id(), t->name());
    }
    if (m_loop)
        m_loop->request_abort(kind);
    std::string what = std::string("condlab: budget exceeded (") + budget_name(kind) + ")";
    raise_abort_exception(what.c_str());
    return -1;
}

double RunContext::teardown_reserve() const noexcept {
    // Measured per task after the stop of 224 k tasks made by create_task: the blocked list
    // and the finished trace take about 1 us each; with the teardown (each task's wrapper
    // freed and collected), about 3.8 us. A process that ends after the run skips the
    // teardown (ProgramOptions::process_ends_after).
    const double per_task = options.process_ends_after ? 1.0e-6 : 3.8e-6;
    const double reserve = per_task * static_cast<double>(m_loop ? m_loop->task_count() : 0);
    return std::min(reserve, options.budget.max_wall_seconds / 2);
}

void RunContext::note_abort_exception(PyObject* tb) {
    if (budget_state.abort_kind == BudgetKind::None) {
        budget_state.abort_kind = BudgetKind::WallClock;
        budget_state.abort_line = tb ? traceback_line(tb) : budget_state.last_line;
        if (TaskState* t = m_loop ? m_loop->current_task() : nullptr)
            budget_state.abort_task = names.display_name(t->id(), t->name());
    }
    if (m_loop)
        m_loop->request_abort(budget_state.abort_kind);
}

// ---------------------------------------------------------------------------
// [SECTION] Source locations and labels
// ---------------------------------------------------------------------------

bool RunContext::is_program_code(PyCodeObject* code) const noexcept {
    return code && code->co_filename == filename.ptr();
}

SourceLoc RunContext::current_loc() const {
    const CodePosition at = innermost_position_in(filename.ptr());
    if (!at.code)
        return SourceLoc{};
    // Line numbers are computed from the line table each time (a walk over it): cache them
    // per (code object, instruction offset).
    const auto key = reinterpret_cast<std::uintptr_t>(at.code);
    LineCacheEntry& e = m_line_cache[((key >> 4) ^ static_cast<std::uintptr_t>(at.lasti) * 31u) %
                                     m_line_cache.size()];
    if (e.code != key || e.lasti != at.lasti) {
        e.code = key;
        e.lasti = at.lasti;
        e.line = static_cast<std::uint32_t>(
            PyCode_Addr2Line(at.code, at.lasti * static_cast<int>(sizeof(_Py_CODEUNIT))));
    }
    return SourceLoc{file, e.line};
}

std::uint32_t RunContext::traceback_line(PyObject* tb) const {
    std::uint32_t line = 0;
    while (tb && tb != Py_None && PyTraceBack_Check(tb)) {
        auto* t = reinterpret_cast<PyTracebackObject*>(tb);
        PyCodeObject* code = PyFrame_GetCode(t->tb_frame);
        if (is_program_code(code))
            line = static_cast<std::uint32_t>(t->tb_lineno);
        Py_DECREF(code);
        tb = reinterpret_cast<PyObject*>(t->tb_next);
    }
    return line;
}

SourceLoc RunContext::await_loc(PyObject* coro) const {
    SourceLoc loc{};
    PyObject* obj = coro;
    Py_XINCREF(obj);
    for (int depth = 0; obj && depth < 64; ++depth) {
        if (!PyCoro_CheckExact(obj) && !PyGen_Check(obj))
            break;
        const char* frame_attr = PyCoro_CheckExact(obj) ? "cr_frame" : "gi_frame";
        const char* await_attr = PyCoro_CheckExact(obj) ? "cr_await" : "gi_yieldfrom";
        PyObject* frame = PyObject_GetAttrString(obj, frame_attr);
        if (frame && PyFrame_Check(frame)) {
            auto* f = reinterpret_cast<PyFrameObject*>(frame);
            PyCodeObject* code = PyFrame_GetCode(f);
            if (is_program_code(code))
                loc = SourceLoc{file, static_cast<std::uint32_t>(PyFrame_GetLineNumber(f))};
            Py_DECREF(code);
        }
        Py_XDECREF(frame);
        PyObject* next = PyObject_GetAttrString(obj, await_attr);
        Py_DECREF(obj);
        obj = next;
        if (!obj)
            PyErr_Clear();
    }
    Py_XDECREF(obj);
    return loc;
}

void RunContext::record_warning(bool never_awaited, const std::string& text, std::uint32_t line) {
    if (m_recorder && recording())
        m_recorder->warning(never_awaited ? WarningKind::NeverAwaited : WarningKind::Other, text,
                            SourceLoc{file, line});
}

// ---------------------------------------------------------------------------
// [SECTION] Teardown
// ---------------------------------------------------------------------------

void RunContext::teardown() {
    if (!m_loop)
        return;
    phase = Phase::Teardown;
    output.closed = true;
    observer.recorder = nullptr;
    observer.extra = nullptr;
    m_loop->set_observer(nullptr);
    names.next.reset();
    wait_guard.clear();
    // Unfinished tasks: drop their coroutines (closing Python coroutines runs their
    // `finally` blocks; the trace function and the API refuse to run program code now).
    for (int round = 0; round < 16; ++round) {
        bool any = false;
        for (Task& t : m_loop->all_tasks()) {
            if (t->coroutine()) {
                t->discard_coroutine();
                any = true;
            }
        }
        if (!any)
            break;
    }
    task_objects.clear();
    snapshots.clear();
    if (main_globals)
        main_globals.clear();
    globals().gc.attr("collect")();
    // Whatever still refers to runtime objects lets go of them while the loop exists.
    while (!bound.empty()) {
        Bound* b = *bound.begin();
        bound.erase(bound.begin());
        b->m_run = nullptr;
        b->detach();
    }
    while (raw_head.raw_next != &raw_head) {
        RawObject* o = raw_head.raw_next;
        unlink_raw(o);
        o->run = nullptr;
        o->detach(o);
    }
    future_objects.clear();
    last_outcome.reset();
    loop_object = py::object();
    event_loop = py::object();
    m_loop.reset();
    clear_error_cache();
}

} // namespace condlab::python
