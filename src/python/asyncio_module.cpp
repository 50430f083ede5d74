// condlab's `asyncio` module: pybind11 classes and functions over the C++ runtime.
//
// [SECTION] Helpers (active run, repr, awaitable conversion, callbacks)
// [SECTION] Future and Task
// [SECTION] Loop and handles
// [SECTION] Primitives: Lock, Condition, Event, Semaphore, Queue, Barrier
// [SECTION] Timeout
// [SECTION] Output streams
// [SECTION] Module functions (run, create_task, gather, sleep, wait_for, shield, ...)
// [SECTION] Fast paths (raw C-API methods for the hot operations)
// [SECTION] Module definition and Python shim
#include "python/awaitables.h"
#include "python/errors.h"
#include "python/interpreter.h"
#include "python/run_context.h"
#include "runtime/barrier.h"
#include "runtime/condition.h"
#include "runtime/event.h"
#include "runtime/gather.h"
#include "runtime/lock.h"
#include "runtime/queue.h"
#include "runtime/semaphore.h"
#include "runtime/shield.h"
#include "runtime/sleep.h"
#include "runtime/task.h"
#include "runtime/timeout.h"
#include "runtime/wait_for.h"

#include <pybind11/eval.h>
#include <pybind11/stl.h>

#include <cmath>

namespace condlab::python {

namespace {

// ---------------------------------------------------------------------------
// [SECTION] Helpers
// ---------------------------------------------------------------------------

/// The run a module function was called in.
RunContext& active_run() {
    RunContext* run = current_run();
    if (!run)
        throw runtime_error("condlab: no program is running");
    if (run->phase == RunContext::Phase::Teardown)
        throw PyError("_CondlabAbort", "run is over");
    return *run;
}

/// asyncio functions that need a running loop (current_task(), create_task(), ...).
RunContext& running_loop_run() {
    RunContext& run = active_run();
    if (!run.in_asyncio_run)
        throw runtime_error("no running event loop");
    return run;
}

std::string repr_of(py::handle obj) {
    PyObject* r = PyObject_Repr(obj.ptr());
    if (!r)
        throw py::error_already_set();
    std::string s = py::reinterpret_steal<py::str>(r);
    return s;
}

py::object steal_or_throw(PyObject* obj) {
    if (!obj)
        throw py::error_already_set();
    return py::reinterpret_steal<py::object>(obj);
}

std::string address(const void* p) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%p", p);
    return buf;
}

/// Runs a Python callback from the loop (call_soon, done callbacks). Errors are reported
/// like asyncio's default exception handler; the budget abort passes silently.
void run_python_callback(RunContext* run, PyObject* fn, PyObject* args) {
    if (!run || run->phase != RunContext::Phase::Running)
        return;
    PyObject* r = PyObject_Call(fn, args, nullptr);
    if (r) {
        Py_DECREF(r);
        run->report_queue_contents();
        return;
    }
    std::exception_ptr err = fetch_python_error();
    py::object exc = to_python_exception(err);
    if (PyObject_IsInstance(exc.ptr(), globals().abort_error.ptr()) == 1) {
        PyObject* tb = PyException_GetTraceback(exc.ptr());
        run->note_abort_exception(tb);
        Py_XDECREF(tb);
        return;
    }
    if (run->abort_kind != BudgetKind::None ||
        PyObject_IsInstance(exc.ptr(), globals().deadlock_error.ptr()) == 1)
        return;
    if (leaves_the_loop(exc.ptr())) { // (Python: Handle._run re-raises these)
        run->loop().escape(err);
        return;
    }
    try {
        std::string name;
        PyObject* qn = PyObject_GetAttrString(fn, "__qualname__");
        if (qn && PyUnicode_Check(qn))
            name = PyUnicode_AsUTF8(qn);
        else
            name = repr_of(fn);
        Py_XDECREF(qn);
        PyErr_Clear();
        std::string text =
            "Exception in callback " + name + "()\nhandle: <Handle " + name + "()>\n";
        py::object lines = globals().traceback.attr("format_exception")(exc);
        for (py::handle line : lines)
            text += line.cast<std::string>();
        run->err.write(text);
    } catch (py::error_already_set&) {
        PyErr_Clear();
    }
}

/// A loop callback holding a Python callable and its arguments.
struct PyCallback {
    py::object fn;
    py::object args;
    RunContext* run;
    void operator()() { run_python_callback(run, fn.ptr(), args.ptr()); }
};

std::optional<std::string> optional_message(const py::object& msg) {
    if (msg.is_none())
        return std::nullopt;
    return py::str(msg).cast<std::string>();
}

// ---------------------------------------------------------------------------
// [SECTION] Future and Task
// ---------------------------------------------------------------------------

class FutureW : public Bound {
  public:
    explicit FutureW(Future fut) : m_fut(std::move(fut)) {
        run().future_objects[m_fut.get()] = this;
    }
    ~FutureW() override {
        if (RunContext* r = run_ptr())
            r->future_objects.erase(m_fut.get());
    }
    void detach() noexcept override {
        m_fut = nullptr;
        m_callbacks.clear();
    }
    FutureState& fut() const {
        run();
        return *m_fut;
    }
    const Future& ref() const {
        run();
        return m_fut;
    }

    /// (callable, key) of the Python done-callbacks registered through this wrapper.
    std::vector<std::pair<py::object, const void*>> m_callbacks;

  protected:
    Future m_fut;
};

class TaskW final : public FutureW {
  public:
    TaskW(Task task, py::object coro) : FutureW(Future(task)), m_coro(std::move(coro)) {}
    TaskState& task() const { return static_cast<TaskState&>(fut()); }
    py::object m_coro; // the coroutine, for get_coro() and repr (None for native ones)
};

/// The Python object of a runtime future (the existing wrapper, or a new one).
py::object wrap_future(RunContext& run, const Future& fut);

py::object wrap_task(RunContext& run, TaskState* task) {
    auto it = run.task_objects.find(task);
    if (it != run.task_objects.end())
        return it->second;
    py::object coro = py::none();
    if (auto* pb = dynamic_cast<PythonBackend*>(task->coroutine()))
        coro = py::reinterpret_borrow<py::object>(pb->coro());
    py::object obj = py::cast(std::make_unique<TaskW>(Task(task), coro));
    run.task_objects.emplace(task, obj);
    return obj;
}

py::object wrap_future(RunContext& run, const Future& fut) {
    if (!fut)
        return py::none();
    if (auto* task = dynamic_cast<TaskState*>(fut.get()))
        return wrap_task(run, task);
    auto it = run.future_objects.find(fut.get());
    if (it != run.future_objects.end())
        return py::cast(static_cast<FutureW*>(it->second), py::return_value_policy::reference);
    return py::cast(std::make_unique<FutureW>(fut));
}

std::string result_repr_info(FutureState& f) {
    if (f.cancelled() || !f.done())
        return {};
    std::exception_ptr e = f.exception();
    if (e)
        return " exception=" + repr_of(to_python_exception(e));
    return " result=" + repr_of(to_python(f.result()));
}

std::string future_repr(FutureState& f) {
    std::string s = "<Future ";
    s += f.cancelled() ? "cancelled" : f.done() ? "finished" : "pending";
    s += result_repr_info(f);
    return s + ">";
}

std::string coro_repr(const py::object& coro, TaskState& t) {
    if (!coro.is_none()) {
        try {
            py::object fmt = globals().real_asyncio.attr("coroutines").attr("_format_coroutine");
            return fmt(coro).cast<std::string>();
        } catch (py::error_already_set&) {
        }
    }
    std::string name = t.coroutine() ? t.coroutine()->name() : std::string();
    return (name.empty() ? "coroutine" : name) + "()";
}

std::string task_repr(TaskW& w) {
    TaskState& t = w.task();
    std::string s = "<Task ";
    s += t.cancelled() ? "cancelled"
         : t.done()    ? "finished"
                       : (t.cancelling() ? "cancelling" : "pending");
    s += " name='" + t.name() + "'";
    s += " coro=<" + coro_repr(w.m_coro, t) + ">";
    s += result_repr_info(t);
    if (FutureState* waiter = t.fut_waiter()) {
        if (auto* wt = dynamic_cast<TaskState*>(waiter))
            s += " wait_for=<Task pending name='" + wt->name() + "'>";
        else
            s += " wait_for=<Future pending cb=[Task.task_wakeup()]>";
    }
    return s + ">";
}

py::object future_result(FutureState& f) {
    // CPython's C Future (_asyncio) says "Result is not set." (futures.py: "... not ready.").
    if (!f.done())
        throw invalid_state_error("Result is not set.");
    if (std::exception_ptr e = f.error_for_result())
        std::rethrow_exception(e);
    return to_python(f.result());
}

py::object future_exception(FutureState& f) {
    std::exception_ptr e = f.exception();
    return e ? to_python_exception(e) : py::none();
}

void add_done_callback(RunContext& run, FutureW& w, py::object self, py::object fn) {
    static std::uintptr_t counter = 0;
    const void* key = reinterpret_cast<const void*>(++counter); // an opaque identity
    py::tuple args = py::make_tuple(self);
    RunContext* r = &run;
    w.fut().add_done_callback(make_done_callback(
        [fn, args, r](FutureState&) { run_python_callback(r, fn.ptr(), args.ptr()); }, key));
    w.m_callbacks.emplace_back(std::move(fn), key);
}

std::size_t remove_done_callback(FutureW& w, const py::object& fn) {
    std::size_t removed = 0;
    FutureState& f = w.fut();
    std::vector<std::pair<py::object, const void*>> kept;
    for (auto& [cb, key] : w.m_callbacks) {
        int eq = PyObject_RichCompareBool(cb.ptr(), fn.ptr(), Py_EQ);
        if (eq < 0)
            throw py::error_already_set();
        if (eq)
            removed += f.remove_done_callback(key);
        else
            kept.emplace_back(cb, key);
    }
    w.m_callbacks = std::move(kept);
    return removed;
}

// CPython's C Future raises InvalidStateError('invalid state') (futures.py has a longer text).
void future_set_result(FutureW& w, py::object value) {
    FutureState& f = w.fut();
    if (f.done())
        throw invalid_state_error("invalid state");
    f.set_result(std::any(std::move(value)));
}

void future_set_exception(FutureW& w, py::object exc) {
    FutureState& f = w.fut();
    if (f.done())
        throw invalid_state_error("invalid state");
    if (PyExceptionClass_Check(exc.ptr()))
        exc = exc();
    if (!PyExceptionInstance_Check(exc.ptr()))
        throw type_error("invalid exception object");
    if (PyObject_IsInstance(exc.ptr(), PyExc_StopIteration) == 1)
        throw type_error(
            "StopIteration interacts badly with generators and cannot be raised into a Future");
    f.set_exception(error_from_python(exc));
}

// ---------------------------------------------------------------------------
// [SECTION] Awaitable conversion, task creation
// ---------------------------------------------------------------------------

FutureW* future_wrapper_of(py::handle obj) {
    if (!py::isinstance<FutureW>(obj))
        return nullptr;
    return obj.cast<FutureW*>();
}

std::string coroutine_expected(py::handle obj) {
    return "a coroutine was expected, got " + repr_of(obj);
}

/// create_task(): a Python coroutine or a native one becomes a task named `name`.
/// `name_after`: asyncio.create_task() in 3.11 creates the task unnamed (a Task-N number is
/// used up) and then calls set_name(); loop.create_task(name=) names it at once.
py::object create_task_impl(RunContext& run, py::handle coro, const py::object& name,
                            bool name_after = false) {
    std::unique_ptr<CoroutineBackend> backend;
    std::string qualname;
    py::object coro_obj = py::none();
    if (is_python_coroutine(coro.ptr())) {
        coro_obj = py::reinterpret_borrow<py::object>(coro);
        auto pb = std::make_unique<PythonBackend>(run, coro_obj);
        qualname = pb->name();
        backend = std::move(pb);
    } else if (is_native_awaitable(coro.ptr())) {
        qualname = native_qualname(coro.ptr());
        backend =
            std::make_unique<NativeTaskBackend>(run, take_native_backend(coro.ptr()), qualname);
    } else {
        throw type_error(coroutine_expected(coro));
    }
    std::optional<std::string> task_name;
    if (!name.is_none())
        task_name = py::str(name).cast<std::string>();
    run.next_task_name = PendingTaskName{task_name, qualname};
    Task task = run.loop().create_task(std::move(backend), name_after ? std::nullopt : task_name,
                                       run.current_loc());
    run.next_task_name.reset();
    if (name_after && task_name)
        task->set_name(*task_name);
    auto it = run.task_objects.find(task.get());
    if (it != run.task_objects.end())
        return it->second;
    py::object obj = py::cast(std::make_unique<TaskW>(task, coro_obj));
    run.task_objects.emplace(task.get(), obj);
    return obj;
}

/// A future for an awaitable argument (gather, shield, ensure_future): coroutines become
/// tasks now.
Future future_for(RunContext& run, py::handle obj) {
    if (FutureW* w = future_wrapper_of(obj))
        return w->ref();
    if (is_python_coroutine(obj.ptr()) || is_native_awaitable(obj.ptr())) {
        py::object t = create_task_impl(run, obj, py::none());
        return t.cast<FutureW*>()->ref();
    }
    throw type_error("An asyncio.Future, a coroutine or an awaitable is required");
}

/// An Awaitable for a runtime function that decides itself when to wrap a coroutine in a
/// task (wait_for).
Awaitable awaitable_for(RunContext& run, py::handle obj) {
    if (FutureW* w = future_wrapper_of(obj))
        return w->ref();
    if (is_python_coroutine(obj.ptr()))
        return std::unique_ptr<CoroutineBackend>(
            std::make_unique<PythonBackend>(run, py::reinterpret_borrow<py::object>(obj)));
    if (is_native_awaitable(obj.ptr())) {
        std::string qualname = native_qualname(obj.ptr());
        return std::unique_ptr<CoroutineBackend>(
            std::make_unique<NativeTaskBackend>(run, take_native_backend(obj.ptr()), qualname));
    }
    throw type_error("An asyncio.Future, a coroutine or an awaitable is required");
}

/// `coro`: a Coro<T> or a CoroConvertible awaitable (Lock::acquire()).
template <class C> py::object native(C coro, const char* qualname, bool return_none = false) {
    return steal_or_throw(
        new_native_awaitable(make_backend(std::move(coro)), qualname, return_none));
}

py::object call_awaitable(std::function<std::any()> fn, const char* qualname) {
    return steal_or_throw(
        new_native_awaitable(std::make_unique<CallBackend>(std::move(fn)), qualname));
}

// ---------------------------------------------------------------------------
// [SECTION] Loop and handles
// ---------------------------------------------------------------------------

class LoopW final : public Bound {
  public:
    void detach() noexcept override {}
};

class HandleW : public Bound {
  public:
    explicit HandleW(HandleRef h) : m_handle(std::move(h)) {}
    void detach() noexcept override { m_handle = nullptr; }
    Handle& handle() const {
        run();
        return *m_handle;
    }

  private:
    HandleRef m_handle;
};

class TimerHandleW final : public HandleW {
  public:
    using HandleW::HandleW;
};

py::object schedule_callback(RunContext& run, std::optional<double> when, py::object fn,
                             py::args args) {
    if (!PyCallable_Check(fn.ptr()))
        throw type_error("a callable object was expected by call_soon(), got " + repr_of(fn));
    PyCallback cb{std::move(fn), py::tuple(args), &run};
    if (!when)
        return py::cast(std::make_unique<HandleW>(run.loop().call_soon_handle(std::move(cb))));
    return py::cast(std::make_unique<TimerHandleW>(run.loop().call_at(*when, std::move(cb))));
}

// ---------------------------------------------------------------------------
// [SECTION] Primitives
// ---------------------------------------------------------------------------

/// Base of the primitive wrappers: an ObjectId labelled after its first variable.
class PrimitiveW : public Bound {
  public:
    ~PrimitiveW() override {
        if (RunContext* r = current_run())
            r->forget_pending_label(this);
    }
    void register_label(ObjectId id) { run().add_pending_label(id, this); }
};

std::string waiters_suffix(std::size_t n) {
    return n ? ", waiters:" + std::to_string(n) : std::string();
}

class LockW final : public PrimitiveW {
  public:
    static constexpr const char* kAcquireName = "Lock.acquire";
    Ref<Lock> ref() const {
        run();
        return lock;
    }
    LockW() : lock(make_ref<Lock>(run().loop(), run().current_loc())) {
        register_label(lock->id());
    }
    void detach() noexcept override { lock = nullptr; }
    Lock& get() const {
        run();
        return *lock;
    }
    Ref<Lock> lock;
};

class ConditionW final : public PrimitiveW {
  public:
    static constexpr const char* kAcquireName = "Lock.acquire";
    Ref<Condition> ref() const {
        run();
        return cond;
    }
    explicit ConditionW(Ref<Lock> l)
        : cond(l ? make_ref<Condition>(run().loop(), std::move(l), run().current_loc())
                 : make_ref<Condition>(run().loop(), run().current_loc())) {
        register_label(cond->id());
    }
    void detach() noexcept override { cond = nullptr; }
    Condition& get() const {
        run();
        return *cond;
    }
    Ref<Condition> cond;
};

class EventW final : public PrimitiveW {
  public:
    EventW() : ev(make_ref<Event>(run().loop(), run().current_loc())) { register_label(ev->id()); }
    void detach() noexcept override { ev = nullptr; }
    Event& get() const {
        run();
        return *ev;
    }
    Ref<Event> ev;
};

class SemaphoreW : public PrimitiveW {
  public:
    static constexpr const char* kAcquireName = "Semaphore.acquire";
    Ref<Semaphore> ref() const {
        run();
        return sem;
    }
    explicit SemaphoreW(Ref<Semaphore> s) : sem(std::move(s)) { register_label(sem->id()); }
    void detach() noexcept override { sem = nullptr; }
    Semaphore& get() const {
        run();
        return *sem;
    }
    Ref<Semaphore> sem;
};

class BoundedSemaphoreW final : public SemaphoreW {
  public:
    using SemaphoreW::SemaphoreW;
};

class QueueW : public PrimitiveW {
  public:
    QueueW(Ref<Queue> queue, py::object maxsize)
        : q(std::move(queue)), maxsize(std::move(maxsize)) {
        register_label(q->id());
        run().track_queue(q);
    }
    void detach() noexcept override { q = nullptr; }
    Queue& get() const {
        run();
        return *q;
    }
    Ref<Queue> q;
    py::object maxsize;
};

class LifoQueueW final : public QueueW {
  public:
    using QueueW::QueueW;
};
class PriorityQueueW final : public QueueW {
  public:
    using QueueW::QueueW;
};

class BarrierW final : public PrimitiveW {
  public:
    explicit BarrierW(std::int64_t parties)
        : barrier(make_ref<Barrier>(run().loop(), parties, run().current_loc())) {
        register_label(barrier->id());
    }
    void detach() noexcept override { barrier = nullptr; }
    Barrier& get() const {
        run();
        return *barrier;
    }
    Ref<Barrier> barrier;
};

std::int64_t queue_maxsize(const py::object& maxsize) {
    if (PyFloat_Check(maxsize.ptr()))
        return static_cast<std::int64_t>(std::ceil(maxsize.cast<double>()));
    return maxsize.cast<std::int64_t>();
}

bool python_less(const std::any& a, const std::any& b) {
    const auto* x = std::any_cast<py::object>(&a);
    const auto* y = std::any_cast<py::object>(&b);
    if (!x || !y)
        return PriorityQueue::default_less(a, b);
    int r = PyObject_RichCompareBool(x->ptr(), y->ptr(), Py_LT);
    if (r < 0)
        throw_python_error();
    return r != 0;
}

std::string queue_format(QueueW& w) {
    Queue& q = w.get();
    std::string s = "maxsize=" + repr_of(w.maxsize);
    std::vector<std::any> items = q.contents();
    if (!items.empty()) {
        py::list l;
        for (const std::any& it : items)
            l.append(to_python(it));
        s += " _queue=" + repr_of(l);
    }
    if (!q.getters().empty())
        s += " _getters[" + std::to_string(q.getters().size()) + "]";
    if (!q.putters().empty())
        s += " _putters[" + std::to_string(q.putters().size()) + "]";
    if (q.unfinished_tasks())
        s += " tasks=" + std::to_string(q.unfinished_tasks());
    return s;
}

// ---------------------------------------------------------------------------
// [SECTION] Timeout
// ---------------------------------------------------------------------------

class TimeoutW final : public Bound {
  public:
    explicit TimeoutW(Ref<Timeout> t) : cm(std::move(t)) {}
    void detach() noexcept override { cm = nullptr; }
    Timeout& get() const {
        run();
        return *cm;
    }
    Ref<Timeout> cm;
};

std::optional<double> optional_double(const py::object& v) {
    if (v.is_none())
        return std::nullopt;
    return py::float_(v).cast<double>();
}

// ---------------------------------------------------------------------------
// [SECTION] Output streams
// ---------------------------------------------------------------------------

class OutputW final : public Bound {
  public:
    explicit OutputW(bool is_stderr) : m_stderr(is_stderr) {}
    void detach() noexcept override {}
    std::size_t write(py::handle text) {
        RunContext* r = current_run();
        if (!PyUnicode_Check(text.ptr()))
            throw type_error(std::string("write() argument must be str, not ") +
                             Py_TYPE(text.ptr())->tp_name);
        Py_ssize_t n = 0;
        const char* utf8 = PyUnicode_AsUTF8AndSize(text.ptr(), &n);
        if (!utf8)
            throw py::error_already_set();
        std::size_t chars = static_cast<std::size_t>(PyUnicode_GET_LENGTH(text.ptr()));
        if (!attached() || !r || r->output_closed)
            return chars;
        OutputStream& s = m_stderr ? r->err : r->out;
        if (!s.write(std::string_view(utf8, static_cast<std::size_t>(n)))) {
            r->abort(BudgetKind::Output);
            throw py::error_already_set();
        }
        return chars;
    }

  private:
    bool m_stderr;
};

// ---------------------------------------------------------------------------
// [SECTION] Module functions
// ---------------------------------------------------------------------------

py::object asyncio_run(py::object main, py::object /*debug*/) {
    RunContext& run = active_run();
    if (run.in_asyncio_run)
        throw runtime_error("asyncio.run() cannot be called from a running event loop");
    std::unique_ptr<CoroutineBackend> backend;
    std::string qualname;
    if (is_python_coroutine(main.ptr())) {
        auto pb = std::make_unique<PythonBackend>(run, main);
        qualname = pb->name();
        backend = std::move(pb);
    } else if (is_native_awaitable(main.ptr())) {
        qualname = native_qualname(main.ptr());
        backend =
            std::make_unique<NativeTaskBackend>(run, take_native_backend(main.ptr()), qualname);
    } else {
        throw value_error(coroutine_expected(main));
    }
    Budget budget = run.options.budget;
    budget.max_wall_seconds = std::max(0.0, budget.max_wall_seconds - run.wall_elapsed());
    if (run.recording()) {
        run.scan_labels(nullptr);
        run.snapshot_globals();
    }
    run.in_asyncio_run = true;
    run.next_task_name = PendingTaskName{std::nullopt, qualname};
    RunOutcome out;
    try {
        out = run.loop().run(std::move(backend), budget);
    } catch (...) {
        run.in_asyncio_run = false;
        run.next_task_name.reset();
        throw;
    }
    run.in_asyncio_run = false;
    run.next_task_name.reset();
    RunOutcome::Kind kind = out.kind;
    std::exception_ptr error = out.error;
    py::object result = kind == RunOutcome::Kind::Completed ? to_python(out.result) : py::none();
    if (kind == RunOutcome::Kind::Deadlock || kind == RunOutcome::Kind::BudgetExceeded) {
        for (BlockedTask& b : out.blocked)
            b.name = run.display_name(b.task, b.name);
    }
    if (kind == RunOutcome::Kind::Deadlock) {
        run.deadlock = true;
        run.blocked = out.blocked;
    }
    if (kind == RunOutcome::Kind::BudgetExceeded) {
        run.blocked = out.blocked;
        if (run.abort_kind == BudgetKind::None) {
            run.abort_kind = out.budget;
            run.abort_line = run.last_line;
            for (const BlockedTask& b : out.blocked)
                if (b.ready) {
                    run.abort_task = b.name;
                    break;
                }
        }
    }
    run.last_outcome = std::move(out);
    switch (kind) {
    case RunOutcome::Kind::Completed:
        return result;
    case RunOutcome::Kind::Raised:
        std::rethrow_exception(error);
    case RunOutcome::Kind::Deadlock:
        PyErr_SetString(globals().deadlock_error.ptr(),
                        "condlab: deadlock (nothing ready and no timer pending)");
        throw py::error_already_set();
    case RunOutcome::Kind::BudgetExceeded: {
        std::string what =
            std::string("condlab: budget exceeded (") + budget_name(run.abort_kind) + ")";
        PyErr_SetString(globals().abort_error.ptr(), what.c_str());
        throw py::error_already_set();
    }
    }
    return py::none();
}

py::object current_task_impl(py::object /*loop*/) {
    RunContext& run = running_loop_run();
    TaskState* t = run.loop().current_task();
    return t ? wrap_task(run, t) : py::none();
}

py::set all_tasks_impl(py::object /*loop*/) {
    RunContext& run = running_loop_run();
    py::set out;
    for (Task& t : run.loop().all_tasks())
        out.add(wrap_task(run, t.get()));
    return out;
}

py::object gather_impl(py::args aws, bool return_exceptions) {
    RunContext& run = active_run();
    std::vector<Awaitable> items;
    items.reserve(aws.size());
    std::vector<std::pair<PyObject*, Future>> seen; // coroutine -> its task (CPython's arg_to_fut)
    for (py::handle arg : aws) {
        if (FutureW* w = future_wrapper_of(arg)) {
            items.emplace_back(w->ref());
            continue;
        }
        Future fut;
        for (auto& [obj, f] : seen)
            if (obj == arg.ptr())
                fut = f;
        if (!fut) {
            fut = future_for(run, arg);
            seen.emplace_back(arg.ptr(), fut);
        }
        items.emplace_back(fut);
    }
    Ref<GatheringFuture> outer =
        gather(run.loop(), std::move(items), return_exceptions, run.current_loc());
    return wrap_future(run, Future(outer));
}

py::object ensure_future_impl(py::object obj, py::object /*loop*/) {
    RunContext& run = active_run();
    if (future_wrapper_of(obj))
        return obj;
    return wrap_future(run, future_for(run, obj));
}

// ---------------------------------------------------------------------------
// [SECTION] Fast paths (raw C-API methods for the hot operations)
// ---------------------------------------------------------------------------
// pybind11's dispatcher costs a few hundred ns per call (argument casters, type lookups by
// std::type_index); the operations a lesson repeats in its loops are plain METH_* methods.

/// The C++ object of a wrapper (`self` is an instance of the class the method is on).
template <class W> W* fast_self(PyObject* self) {
    auto* inst = reinterpret_cast<py::detail::instance*>(self);
    if (inst->simple_layout)
        return static_cast<W*>(inst->simple_value_holder[0]);
    return py::handle(self).cast<W*>();
}

/// Runs `f` (returning a new reference) and turns C++ exceptions into Python ones.
template <class F> PyObject* guarded(F&& f) noexcept {
    try {
        return f();
    } catch (py::error_already_set& e) {
        e.restore();
    } catch (...) {
        set_python_error(std::current_exception());
    }
    return nullptr;
}

template <class C> PyObject* native_raw(C coro, const char* qualname, bool return_none = false) {
    return new_native_awaitable(make_backend(std::move(coro)), qualname, return_none);
}

/// The backend of acquire() / __aenter__: a Lock's (or a Condition's lock's) takes a free
/// lock without a coroutine frame (LockAcquireBackend); a Semaphore's is its coroutine.
template <class W> std::unique_ptr<CoroutineBackend> acquire_backend(W& w) {
    if constexpr (std::is_same_v<W, LockW>)
        return std::make_unique<LockAcquireBackend>(w.ref(), w.run().current_loc());
    else if constexpr (std::is_same_v<W, ConditionW>)
        return std::make_unique<LockAcquireBackend>(w.get().lock(), w.run().current_loc());
    else
        return make_backend(w.get().acquire(w.run().current_loc()));
}

template <class W> PyObject* fast_acquire(PyObject* self, PyObject*) {
    return guarded([&] {
        return new_native_awaitable(acquire_backend(*fast_self<W>(self)), W::kAcquireName);
    });
}
template <class W> PyObject* fast_aenter(PyObject* self, PyObject*) {
    return guarded([&] {
        return new_native_awaitable(acquire_backend(*fast_self<W>(self)),
                                    "_ContextManagerMixin.__aenter__", true);
    });
}
/// `async def __aexit__(...): self.release()`: releases when first sent, never suspends.
template <class P> class ReleaseBackend final : public CoroutineBackend {
  public:
    explicit ReleaseBackend(Ref<P> primitive) : m_primitive(std::move(primitive)) {}
    StepResult send() override {
        StepResult r;
        try {
            std::exchange(m_primitive, nullptr)->release();
        } catch (...) {
            r.kind = StepResult::Kind::Raised;
            r.error = normalize_error(std::current_exception());
        }
        return r; // Returned, no value (the await is None)
    }
    StepResult throw_in(std::exception_ptr error) override {
        m_primitive = nullptr;
        StepResult r;
        r.kind = StepResult::Kind::Raised;
        r.error = std::move(error);
        return r;
    }

  private:
    Ref<P> m_primitive;
};

template <class W> PyObject* fast_aexit(PyObject* self, PyObject* const*, Py_ssize_t) {
    return guarded([&] {
        auto ref = fast_self<W>(self)->ref();
        using P = std::remove_pointer_t<decltype(ref.get())>;
        return new_native_awaitable(std::make_unique<ReleaseBackend<P>>(std::move(ref)),
                                    "_ContextManagerMixin.__aexit__", true);
    });
}
template <class W> PyObject* fast_release(PyObject* self, PyObject*) {
    return guarded([&] {
        fast_self<W>(self)->get().release();
        return Py_NewRef(Py_None);
    });
}
template <class W> PyObject* fast_locked(PyObject* self, PyObject*) {
    return guarded([&] { return PyBool_FromLong(fast_self<W>(self)->get().locked()); });
}

PyObject* fast_cond_wait(PyObject* self, PyObject*) {
    return guarded([&] {
        ConditionW* w = fast_self<ConditionW>(self);
        return native_raw(w->get().wait(w->run().current_loc()), "Condition.wait");
    });
}

PyObject* fast_cond_wait_for(PyObject* self, PyObject* predicate) {
    return guarded([&] {
        ConditionW* w = fast_self<ConditionW>(self);
        Condition& c = w->get();
        py::object pred_obj = py::reinterpret_borrow<py::object>(predicate);
        auto pred = [pred_obj]() {
            PyObject* r = PyObject_CallNoArgs(pred_obj.ptr());
            if (!r)
                throw_python_error();
            return PyTruthy{py::reinterpret_steal<py::object>(r)};
        };
        Coro<PyTruthy> coro = c.wait_for(std::move(pred), w->run().current_loc());
        return native_raw(std::move(coro), "Condition.wait_for");
    });
}

PyObject* fast_cond_notify(PyObject* self, PyObject* const* args, Py_ssize_t nargs,
                           PyObject* kwnames) {
    return guarded([&]() -> PyObject* {
        std::int64_t n = 1;
        PyObject* arg = nargs > 0 ? args[0] : nullptr;
        if (kwnames && PyTuple_GET_SIZE(kwnames) == 1 && nargs == 0 &&
            PyUnicode_CompareWithASCIIString(PyTuple_GET_ITEM(kwnames, 0), "n") == 0)
            arg = args[0];
        else if (nargs > 1 || (kwnames && PyTuple_GET_SIZE(kwnames) > 0))
            throw type_error("notify() takes at most 1 argument (n)");
        if (arg) {
            n = PyLong_AsLongLong(arg);
            if (n == -1 && PyErr_Occurred())
                return nullptr;
        }
        fast_self<ConditionW>(self)->get().notify(n);
        return Py_NewRef(Py_None);
    });
}

PyObject* fast_cond_notify_all(PyObject* self, PyObject*) {
    return guarded([&] {
        fast_self<ConditionW>(self)->get().notify_all();
        return Py_NewRef(Py_None);
    });
}

PyObject* fast_event_wait(PyObject* self, PyObject*) {
    return guarded([&] {
        EventW* w = fast_self<EventW>(self);
        return native_raw(w->get().wait(w->run().current_loc()), "Event.wait");
    });
}
PyObject* fast_event_set(PyObject* self, PyObject*) {
    return guarded([&] {
        fast_self<EventW>(self)->get().set();
        return Py_NewRef(Py_None);
    });
}
PyObject* fast_event_clear(PyObject* self, PyObject*) {
    return guarded([&] {
        fast_self<EventW>(self)->get().clear();
        return Py_NewRef(Py_None);
    });
}
PyObject* fast_event_is_set(PyObject* self, PyObject*) {
    return guarded([&] { return PyBool_FromLong(fast_self<EventW>(self)->get().is_set()); });
}

PyObject* fast_queue_get(PyObject* self, PyObject*) {
    return guarded([&] {
        QueueW* w = fast_self<QueueW>(self);
        return native_raw(w->get().get(w->run().current_loc()), "Queue.get");
    });
}
PyObject* fast_queue_put(PyObject* self, PyObject* item) {
    return guarded([&] {
        QueueW* w = fast_self<QueueW>(self);
        return native_raw(w->get().put(std::any(py::reinterpret_borrow<py::object>(item)),
                                       w->run().current_loc()),
                          "Queue.put");
    });
}
PyObject* fast_queue_get_nowait(PyObject* self, PyObject*) {
    return guarded(
        [&] { return to_python(fast_self<QueueW>(self)->get().get_nowait()).release().ptr(); });
}
PyObject* fast_queue_put_nowait(PyObject* self, PyObject* item) {
    return guarded([&] {
        fast_self<QueueW>(self)->get().put_nowait(
            std::any(py::reinterpret_borrow<py::object>(item)));
        return Py_NewRef(Py_None);
    });
}
PyObject* fast_queue_task_done(PyObject* self, PyObject*) {
    return guarded([&] {
        fast_self<QueueW>(self)->get().task_done();
        return Py_NewRef(Py_None);
    });
}
PyObject* fast_queue_qsize(PyObject* self, PyObject*) {
    return guarded([&] { return PyLong_FromSize_t(fast_self<QueueW>(self)->get().qsize()); });
}
PyObject* fast_queue_empty(PyObject* self, PyObject*) {
    return guarded([&] { return PyBool_FromLong(fast_self<QueueW>(self)->get().empty()); });
}
PyObject* fast_queue_full(PyObject* self, PyObject*) {
    return guarded([&] { return PyBool_FromLong(fast_self<QueueW>(self)->get().full()); });
}

/// asyncio.sleep(delay, result=None)
PyObject* fast_sleep(PyObject*, PyObject* const* args, Py_ssize_t nargs, PyObject* kwnames) {
    return guarded([&]() -> PyObject* {
        PyObject* delay = nargs > 0 ? args[0] : nullptr;
        PyObject* result = nargs > 1 ? args[1] : Py_None;
        const Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
        if (nargs > 2)
            throw type_error("sleep() takes at most 2 arguments");
        for (Py_ssize_t i = 0; i < nkw; ++i) {
            PyObject* name = PyTuple_GET_ITEM(kwnames, i);
            if (PyUnicode_CompareWithASCIIString(name, "delay") == 0 && !delay)
                delay = args[nargs + i];
            else if (PyUnicode_CompareWithASCIIString(name, "result") == 0 && nargs < 2)
                result = args[nargs + i];
            else
                throw type_error("sleep() got an unexpected keyword argument");
        }
        if (!delay)
            throw type_error("sleep() missing 1 required positional argument: 'delay'");
        double d = PyFloat_AsDouble(delay);
        if (d == -1.0 && PyErr_Occurred())
            return nullptr;
        RunContext& run = active_run();
        return native_raw(condlab::sleep(run.loop(), d,
                                         std::any(py::reinterpret_borrow<py::object>(result)),
                                         run.current_loc()),
                          "sleep");
    });
}

/// Replaces method `name` of a pybind11 class by a raw one (`def` must outlive the type).
void add_fast_method(const py::object& cls, PyMethodDef* def) {
    PyObject* descr = PyDescr_NewMethod(reinterpret_cast<PyTypeObject*>(cls.ptr()), def);
    if (!descr || PyObject_SetAttrString(cls.ptr(), def->ml_name, descr) < 0) {
        Py_XDECREF(descr);
        throw py::error_already_set();
    }
    Py_DECREF(descr);
}

#define CONDLAB_NOARGS(name, fn)                                                                   \
    PyMethodDef { name, reinterpret_cast<PyCFunction>(fn), METH_NOARGS, nullptr }
#define CONDLAB_O(name, fn)                                                                        \
    PyMethodDef { name, reinterpret_cast<PyCFunction>(fn), METH_O, nullptr }
#define CONDLAB_FAST(name, fn)                                                                     \
    PyMethodDef {                                                                                  \
        name, reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(fn)), METH_FASTCALL,      \
            nullptr                                                                                \
    }
#define CONDLAB_FASTKW(name, fn)                                                                   \
    PyMethodDef {                                                                                  \
        name, reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(fn)),                     \
            METH_FASTCALL | METH_KEYWORDS, nullptr                                                 \
    }

template <class W>
void add_lock_like_methods(const py::object& cls, std::vector<PyMethodDef>& defs) {
    defs.push_back(CONDLAB_NOARGS("acquire", fast_acquire<W>));
    defs.push_back(CONDLAB_NOARGS("release", fast_release<W>));
    defs.push_back(CONDLAB_NOARGS("locked", fast_locked<W>));
    defs.push_back(CONDLAB_NOARGS("__aenter__", fast_aenter<W>));
    defs.push_back(CONDLAB_FAST("__aexit__", fast_aexit<W>));
    (void)cls;
}

void install_fast_methods(const py::object& lock, const py::object& condition,
                          const py::object& event, const py::object& semaphore,
                          const py::object& queue, py::module_& m) {
    // PyMethodDefs must live as long as the types: allocated once, never freed.
    static std::vector<PyMethodDef>* lock_defs = new std::vector<PyMethodDef>();
    static std::vector<PyMethodDef>* cond_defs = new std::vector<PyMethodDef>();
    static std::vector<PyMethodDef>* sem_defs = new std::vector<PyMethodDef>();
    static std::vector<PyMethodDef>* event_defs = new std::vector<PyMethodDef>{
        CONDLAB_NOARGS("wait", fast_event_wait), CONDLAB_NOARGS("set", fast_event_set),
        CONDLAB_NOARGS("clear", fast_event_clear), CONDLAB_NOARGS("is_set", fast_event_is_set)};
    static std::vector<PyMethodDef>* queue_defs =
        new std::vector<PyMethodDef>{CONDLAB_NOARGS("get", fast_queue_get),
                                     CONDLAB_O("put", fast_queue_put),
                                     CONDLAB_NOARGS("get_nowait", fast_queue_get_nowait),
                                     CONDLAB_O("put_nowait", fast_queue_put_nowait),
                                     CONDLAB_NOARGS("task_done", fast_queue_task_done),
                                     CONDLAB_NOARGS("qsize", fast_queue_qsize),
                                     CONDLAB_NOARGS("empty", fast_queue_empty),
                                     CONDLAB_NOARGS("full", fast_queue_full)};
    static PyMethodDef* sleep_def = new PyMethodDef(CONDLAB_FASTKW("sleep", fast_sleep));
    add_lock_like_methods<LockW>(lock, *lock_defs);
    add_lock_like_methods<ConditionW>(condition, *cond_defs);
    cond_defs->push_back(CONDLAB_NOARGS("wait", fast_cond_wait));
    cond_defs->push_back(CONDLAB_O("wait_for", fast_cond_wait_for));
    cond_defs->push_back(CONDLAB_FASTKW("notify", fast_cond_notify));
    cond_defs->push_back(CONDLAB_NOARGS("notify_all", fast_cond_notify_all));
    add_lock_like_methods<SemaphoreW>(semaphore, *sem_defs);
    for (PyMethodDef& d : *lock_defs)
        add_fast_method(lock, &d);
    for (PyMethodDef& d : *cond_defs)
        add_fast_method(condition, &d);
    for (PyMethodDef& d : *sem_defs)
        add_fast_method(semaphore, &d);
    for (PyMethodDef& d : *event_defs)
        add_fast_method(event, &d);
    for (PyMethodDef& d : *queue_defs)
        add_fast_method(queue, &d);
    PyObject* sleep = PyCFunction_NewEx(sleep_def, nullptr, m.attr("__name__").ptr());
    if (!sleep)
        throw py::error_already_set();
    m.attr("sleep") = py::reinterpret_steal<py::object>(sleep);
}

#undef CONDLAB_NOARGS
#undef CONDLAB_O
#undef CONDLAB_FAST
#undef CONDLAB_FASTKW

// ---------------------------------------------------------------------------
// [SECTION] Module definition and Python shim
// ---------------------------------------------------------------------------

const char* kShim = R"PY(
import inspect as _inspect

def iscoroutinefunction(func):
    """condlab: inspect.iscoroutinefunction."""
    return _inspect.iscoroutinefunction(func)

def iscoroutine(obj):
    return _c._iscoroutine(obj)

def isfuture(obj):
    return isinstance(obj, Future)

def __getattr__(name):
    if name.startswith('__') and name.endswith('__'):
        raise AttributeError(f"module 'asyncio' has no attribute {name!r}")
    raise AttributeError(
        f"module 'asyncio' has no attribute {name!r}: condlab does not support asyncio.{name}")

def _unsupported_attribute(obj, name):
    if name.startswith('__') and name.endswith('__'):
        raise AttributeError(f"{type(obj).__name__!r} object has no attribute {name!r}")
    raise AttributeError(
        f"{type(obj).__name__!r} object has no attribute {name!r}: "
        f"condlab does not support {type(obj).__name__}.{name}")
)PY";

PyTypeObject* g_bound_type = nullptr;
PyTypeObject* g_primitive_type = nullptr;

void set_type_name(const py::object& cls, const char* name) {
    reinterpret_cast<PyTypeObject*>(cls.ptr())->tp_name = name;
}

} // namespace

// -- hooks used by the other files ------------------------------------------------------------

FutureState* wrapper_future(PyObject* obj) {
    if (!g_bound_type || !PyObject_TypeCheck(obj, g_bound_type))
        return nullptr;
    FutureW* w = future_wrapper_of(obj);
    return w && w->attached() ? &w->fut() : nullptr;
}

const void* primitive_key(PyObject* value) {
    if (!g_primitive_type || !PyObject_TypeCheck(value, g_primitive_type))
        return nullptr;
    return py::handle(value).cast<PrimitiveW*>();
}

bool is_condlab_object(PyObject* value) {
    return (g_bound_type && PyObject_TypeCheck(value, g_bound_type)) ||
           is_native_awaitable(value) || token_future(value) != nullptr;
}

void define_asyncio_module(InterpreterGlobals& g) {
    init_awaitable_types();
    py::register_exception_translator([](std::exception_ptr p) {
        if (!p)
            return;
        try {
            std::rethrow_exception(p);
        } catch (const PythonObjectHolder&) {
            set_python_error(p);
        } catch (const PyError&) {
            set_python_error(p);
        }
    });

    py::module_ m = py::reinterpret_steal<py::module_>(PyModule_New("asyncio"));
    g.condlab_module = m;

    py::class_<Bound> bound(m, "_CondlabObject");
    g_bound_type = reinterpret_cast<PyTypeObject*>(bound.ptr());

    // -- Future / Task -----------------------------------------------------------------------
    py::class_<FutureW, Bound> future(m, "Future");
    future
        .def(py::init([](py::kwargs) {
            return std::make_unique<FutureW>(create_future(active_run().loop()));
        }))
        .def("result", [](FutureW& w) { return future_result(w.fut()); })
        .def("exception", [](FutureW& w) { return future_exception(w.fut()); })
        .def("done", [](FutureW& w) { return w.fut().done(); })
        .def("cancelled", [](FutureW& w) { return w.fut().cancelled(); })
        .def(
            "cancel",
            [](FutureW& w, py::object msg) { return w.fut().cancel(optional_message(msg)); },
            py::arg("msg") = py::none())
        .def("set_result", &future_set_result)
        .def("set_exception", &future_set_exception)
        .def("add_done_callback",
             [](py::object self, py::object fn, py::kwargs) {
                 FutureW& w = self.cast<FutureW&>();
                 add_done_callback(w.run(), w, self, std::move(fn));
             })
        .def("remove_done_callback", &remove_done_callback)
        .def("get_loop", [](FutureW& w) { return w.run().loop_object; })
        .def("__await__", [](FutureW& w) { return steal_or_throw(new_future_iter(w.ref())); })
        .def("__iter__", [](FutureW& w) { return steal_or_throw(new_future_iter(w.ref())); })
        .def("__repr__", [](FutureW& w) { return future_repr(w.fut()); });
    set_type_name(future, "Future");

    py::class_<TaskW, FutureW> task(m, "Task");
    task.def("get_name", [](TaskW& w) { return w.task().name(); })
        .def("set_name", [](TaskW& w, py::object name) { w.task().set_name(py::str(name)); })
        .def("get_coro", [](TaskW& w) { return w.m_coro; })
        .def(
            "cancel",
            [](TaskW& w, py::object msg) { return w.task().cancel(optional_message(msg)); },
            py::arg("msg") = py::none())
        .def("cancelling", [](TaskW& w) { return w.task().cancelling(); })
        .def("uncancel", [](TaskW& w) { return w.task().uncancel(); })
        .def("set_result",
             [](TaskW&, py::object) {
                 throw runtime_error("Task does not support set_result operation");
             })
        .def("set_exception",
             [](TaskW&, py::object) {
                 throw runtime_error("Task does not support set_exception operation");
             })
        .def("__repr__", [](TaskW& w) { return task_repr(w); });
    set_type_name(task, "Task");

    // -- Loop and handles ----------------------------------------------------------------------
    py::class_<LoopW, Bound> loop(m, "_CondlabEventLoop");
    loop.def("time", [](LoopW& l) { return l.run().loop().time(); })
        .def(
            "create_task",
            [](LoopW& l, py::object coro, py::object name, py::object) {
                return create_task_impl(l.run(), coro, name);
            },
            py::arg("coro"), py::kw_only(), py::arg("name") = py::none(),
            py::arg("context") = py::none())
        .def("create_future",
             [](LoopW& l) { return wrap_future(l.run(), create_future(l.run().loop())); })
        .def("call_soon",
             [](LoopW& l, py::object fn, py::args args, py::kwargs) {
                 return schedule_callback(l.run(), std::nullopt, std::move(fn), std::move(args));
             })
        .def("call_later",
             [](LoopW& l, py::object delay, py::object fn, py::args args, py::kwargs) {
                 double d = py::float_(delay).cast<double>();
                 return schedule_callback(l.run(), l.run().loop().time() + d, std::move(fn),
                                          std::move(args));
             })
        .def("call_at",
             [](LoopW& l, py::object when, py::object fn, py::args args, py::kwargs) {
                 return schedule_callback(l.run(), py::float_(when).cast<double>(), std::move(fn),
                                          std::move(args));
             })
        .def("is_running", [](LoopW& l) { return l.run().in_asyncio_run; })
        .def("is_closed", [](LoopW&) { return false; })
        .def("get_debug", [](LoopW&) { return false; })
        .def("__repr__", [](LoopW& l) {
            return std::string("<condlab event loop running=") +
                   (l.run().in_asyncio_run ? "True" : "False") + ">";
        });
    set_type_name(loop, "_CondlabEventLoop");

    py::class_<HandleW, Bound> handle(m, "Handle");
    handle.def("cancel", [](HandleW& h) { h.handle().cancel(); })
        .def("cancelled", [](HandleW& h) { return h.handle().cancelled(); })
        .def("__repr__", [](HandleW& h) {
            return std::string(h.handle().cancelled() ? "<Handle cancelled>" : "<Handle>");
        });
    set_type_name(handle, "Handle");
    py::class_<TimerHandleW, HandleW> timer_handle(m, "TimerHandle");
    timer_handle.def("when", [](TimerHandleW& h) { return h.handle().when(); })
        .def("__repr__", [](TimerHandleW& h) {
            return std::string(h.handle().cancelled() ? "<TimerHandle cancelled when="
                                                      : "<TimerHandle when=") +
                   repr_of(py::float_(h.handle().when())) + ">";
        });
    set_type_name(timer_handle, "TimerHandle");

    // -- Primitives ----------------------------------------------------------------------------
    py::class_<PrimitiveW, Bound> primitive(m, "_CondlabPrimitive");
    g_primitive_type = reinterpret_cast<PyTypeObject*>(primitive.ptr());

    py::class_<LockW, PrimitiveW> lock(m, "Lock");
    lock.def(py::init([](py::kwargs) { return std::make_unique<LockW>(); }))
        .def(
            "acquire",
            [](LockW& w) { return native(w.get().acquire(w.run().current_loc()), "Lock.acquire"); })
        .def("release", [](LockW& w) { w.get().release(); })
        .def("locked", [](LockW& w) { return w.get().locked(); })
        .def("__aenter__",
             [](LockW& w) {
                 return native(w.get().acquire(w.run().current_loc()),
                               "_ContextManagerMixin.__aenter__", true);
             })
        .def("__aexit__",
             [](LockW& w, py::args) {
                 Ref<Lock> l = w.lock;
                 w.get();
                 return call_awaitable(
                     [l]() -> std::any {
                         l->release();
                         return {};
                     },
                     "_ContextManagerMixin.__aexit__");
             })
        .def("__repr__", [](py::object self) {
            LockW& w = self.cast<LockW&>();
            Lock& l = w.get();
            return "<asyncio.locks.Lock object at " + address(self.ptr()) + " [" +
                   (l.locked() ? "locked" : "unlocked") + waiters_suffix(l.waiters().size()) + "]>";
        });
    set_type_name(lock, "Lock");

    py::class_<ConditionW, PrimitiveW> condition(m, "Condition");
    condition
        .def(py::init([](py::object lock_obj, py::kwargs) {
                 Ref<Lock> l;
                 if (!lock_obj.is_none()) {
                     if (!py::isinstance<LockW>(lock_obj))
                         throw type_error("Condition() expects an asyncio.Lock");
                     l = lock_obj.cast<LockW&>().lock;
                 }
                 return std::make_unique<ConditionW>(std::move(l));
             }),
             py::arg("lock") = py::none())
        .def("acquire",
             [](ConditionW& w) {
                 return native(w.get().acquire(w.run().current_loc()), "Lock.acquire");
             })
        .def("release", [](ConditionW& w) { w.get().release(); })
        .def("locked", [](ConditionW& w) { return w.get().locked(); })
        .def("wait",
             [](ConditionW& w) {
                 return native(w.get().wait(w.run().current_loc()), "Condition.wait");
             })
        .def("wait_for",
             [](ConditionW& w, py::object predicate) {
                 Condition& c = w.get();
                 auto pred = [predicate]() {
                     PyObject* r = PyObject_CallNoArgs(predicate.ptr());
                     if (!r)
                         throw_python_error();
                     return PyTruthy{py::reinterpret_steal<py::object>(r)};
                 };
                 Coro<PyTruthy> coro = c.wait_for(std::move(pred), w.run().current_loc());
                 return native(std::move(coro), "Condition.wait_for");
             })
        .def(
            "notify", [](ConditionW& w, std::int64_t n) { w.get().notify(n); }, py::arg("n") = 1)
        .def("notify_all", [](ConditionW& w) { w.get().notify_all(); })
        .def("__aenter__",
             [](ConditionW& w) {
                 return native(w.get().acquire(w.run().current_loc()),
                               "_ContextManagerMixin.__aenter__", true);
             })
        .def("__aexit__",
             [](ConditionW& w, py::args) {
                 Ref<Condition> c = w.cond;
                 w.get();
                 return call_awaitable(
                     [c]() -> std::any {
                         c->release();
                         return {};
                     },
                     "_ContextManagerMixin.__aexit__");
             })
        .def("__repr__", [](py::object self) {
            Condition& c = self.cast<ConditionW&>().get();
            return "<asyncio.locks.Condition object at " + address(self.ptr()) + " [" +
                   (c.locked() ? "locked" : "unlocked") + waiters_suffix(c.waiters().size()) + "]>";
        });
    set_type_name(condition, "Condition");

    py::class_<EventW, PrimitiveW> event(m, "Event");
    event.def(py::init([](py::kwargs) { return std::make_unique<EventW>(); }))
        .def("wait",
             [](EventW& w) { return native(w.get().wait(w.run().current_loc()), "Event.wait"); })
        .def("set", [](EventW& w) { w.get().set(); })
        .def("clear", [](EventW& w) { w.get().clear(); })
        .def("is_set", [](EventW& w) { return w.get().is_set(); })
        .def("__repr__", [](py::object self) {
            Event& e = self.cast<EventW&>().get();
            return "<asyncio.locks.Event object at " + address(self.ptr()) + " [" +
                   (e.is_set() ? "set" : "unset") + waiters_suffix(e.waiters().size()) + "]>";
        });
    set_type_name(event, "Event");

    py::class_<SemaphoreW, PrimitiveW> semaphore(m, "Semaphore");
    semaphore
        .def(py::init([](int value, py::kwargs) {
                 RunContext& run = active_run();
                 return std::make_unique<SemaphoreW>(
                     make_ref<Semaphore>(run.loop(), value, run.current_loc()));
             }),
             py::arg("value") = 1)
        .def("acquire",
             [](SemaphoreW& w) {
                 return native(w.get().acquire(w.run().current_loc()), "Semaphore.acquire");
             })
        .def("release", [](SemaphoreW& w) { w.get().release(); })
        .def("locked", [](SemaphoreW& w) { return w.get().locked(); })
        .def("__aenter__",
             [](SemaphoreW& w) {
                 return native(w.get().acquire(w.run().current_loc()),
                               "_ContextManagerMixin.__aenter__", true);
             })
        .def("__aexit__",
             [](SemaphoreW& w, py::args) {
                 Ref<Semaphore> s = w.sem;
                 w.get();
                 return call_awaitable(
                     [s]() -> std::any {
                         s->release();
                         return {};
                     },
                     "_ContextManagerMixin.__aexit__");
             })
        .def("__repr__", [](py::object self) {
            Semaphore& s = self.cast<SemaphoreW&>().get();
            std::string cls = py::str(py::type::handle_of(self).attr("__name__"));
            std::string extra =
                s.locked() ? "locked" : "unlocked, value:" + std::to_string(s.value());
            return "<asyncio.locks." + cls + " object at " + address(self.ptr()) + " [" + extra +
                   waiters_suffix(s.waiters().size()) + "]>";
        });
    set_type_name(semaphore, "Semaphore");

    py::class_<BoundedSemaphoreW, SemaphoreW> bounded(m, "BoundedSemaphore");
    bounded.def(py::init([](int value, py::kwargs) {
                    RunContext& run = active_run();
                    return std::make_unique<BoundedSemaphoreW>(
                        make_ref<BoundedSemaphore>(run.loop(), value, run.current_loc()));
                }),
                py::arg("value") = 1);
    set_type_name(bounded, "BoundedSemaphore");

    py::class_<QueueW, PrimitiveW> queue(m, "Queue");
    queue
        .def(py::init([](py::object maxsize, py::kwargs) {
                 RunContext& run = active_run();
                 return std::make_unique<QueueW>(
                     make_ref<Queue>(run.loop(), queue_maxsize(maxsize), run.current_loc()),
                     maxsize);
             }),
             py::arg("maxsize") = 0)
        .def("put",
             [](QueueW& w, py::object item) {
                 return native(w.get().put(std::any(std::move(item)), w.run().current_loc()),
                               "Queue.put");
             })
        .def("get",
             [](QueueW& w) { return native(w.get().get(w.run().current_loc()), "Queue.get"); })
        .def("put_nowait",
             [](QueueW& w, py::object item) { w.get().put_nowait(std::any(std::move(item))); })
        .def("get_nowait", [](QueueW& w) { return to_python(w.get().get_nowait()); })
        .def("task_done", [](QueueW& w) { w.get().task_done(); })
        .def("join",
             [](QueueW& w) { return native(w.get().join(w.run().current_loc()), "Queue.join"); })
        .def("qsize", [](QueueW& w) { return w.get().qsize(); })
        .def("empty", [](QueueW& w) { return w.get().empty(); })
        .def("full", [](QueueW& w) { return w.get().full(); })
        .def_property_readonly("maxsize", [](QueueW& w) { return w.maxsize; })
        .def("__repr__",
             [](py::object self) {
                 QueueW& w = self.cast<QueueW&>();
                 std::string cls = py::str(py::type::handle_of(self).attr("__name__"));
                 return "<" + cls + " at " + address(self.ptr()) + " " + queue_format(w) + ">";
             })
        .def("__str__", [](py::object self) {
            QueueW& w = self.cast<QueueW&>();
            std::string cls = py::str(py::type::handle_of(self).attr("__name__"));
            return "<" + cls + " " + queue_format(w) + ">";
        });
    set_type_name(queue, "Queue");

    py::class_<LifoQueueW, QueueW> lifo(m, "LifoQueue");
    lifo.def(py::init([](py::object maxsize, py::kwargs) {
                 RunContext& run = active_run();
                 return std::make_unique<LifoQueueW>(
                     make_ref<LifoQueue>(run.loop(), queue_maxsize(maxsize), run.current_loc()),
                     maxsize);
             }),
             py::arg("maxsize") = 0);
    set_type_name(lifo, "LifoQueue");

    py::class_<PriorityQueueW, QueueW> prio(m, "PriorityQueue");
    prio.def(py::init([](py::object maxsize, py::kwargs) {
                 RunContext& run = active_run();
                 return std::make_unique<PriorityQueueW>(
                     make_ref<PriorityQueue>(run.loop(), queue_maxsize(maxsize), &python_less,
                                             run.current_loc()),
                     maxsize);
             }),
             py::arg("maxsize") = 0);
    set_type_name(prio, "PriorityQueue");

    py::class_<BarrierW, PrimitiveW> barrier(m, "Barrier");
    barrier
        .def(py::init([](std::int64_t parties, py::kwargs) {
                 return std::make_unique<BarrierW>(parties);
             }),
             py::arg("parties"))
        .def(
            "wait",
            [](BarrierW& w) { return native(w.get().wait(w.run().current_loc()), "Barrier.wait"); })
        .def("reset",
             [](BarrierW& w) {
                 return native(w.get().reset(w.run().current_loc()), "Barrier.reset");
             })
        .def("abort",
             [](BarrierW& w) {
                 return native(w.get().abort(w.run().current_loc()), "Barrier.abort");
             })
        .def_property_readonly("parties", [](BarrierW& w) { return w.get().parties(); })
        .def_property_readonly("n_waiting", [](BarrierW& w) { return w.get().n_waiting(); })
        .def_property_readonly("broken", [](BarrierW& w) { return w.get().broken(); })
        .def("__aenter__",
             [](BarrierW& w) {
                 return native(w.get().wait(w.run().current_loc()), "Barrier.__aenter__");
             })
        .def("__aexit__",
             [](BarrierW& w, py::args) {
                 w.get();
                 return call_awaitable([]() -> std::any { return {}; }, "Barrier.__aexit__");
             })
        .def("__repr__", [](py::object self) {
            Barrier& b = self.cast<BarrierW&>().get();
            std::string s = "<asyncio.locks.Barrier object at " + address(self.ptr()) + " [" +
                            Barrier::state_name(b.state());
            if (!b.broken())
                s += ", waiters:" + std::to_string(b.n_waiting()) + "/" +
                     std::to_string(b.parties());
            return s + "]>";
        });
    set_type_name(barrier, "Barrier");

    // -- Timeout -------------------------------------------------------------------------------
    install_fast_methods(lock, condition, event, semaphore, queue, m);

    py::class_<TimeoutW, Bound> timeout_cls(m, "Timeout");
    timeout_cls
        .def("when",
             [](TimeoutW& w) -> py::object {
                 auto when = w.get().when();
                 return when ? py::object(py::float_(*when)) : py::none();
             })
        .def("reschedule",
             [](TimeoutW& w, py::object when) { w.get().reschedule(optional_double(when)); })
        .def("expired", [](TimeoutW& w) { return w.get().expired(); })
        .def("__aenter__",
             [](py::object self) {
                 TimeoutW& w = self.cast<TimeoutW&>();
                 Ref<Timeout> cm = w.cm;
                 w.get();
                 return call_awaitable(
                     [cm, self]() -> std::any {
                         cm->enter();
                         return std::any(self);
                     },
                     "Timeout.__aenter__");
             })
        .def("__aexit__",
             [](TimeoutW& w, py::object, py::object exc, py::object) {
                 Ref<Timeout> cm = w.cm;
                 w.get();
                 std::exception_ptr err = exc.is_none() ? nullptr : error_from_python(exc);
                 return call_awaitable(
                     [cm, err]() -> std::any {
                         cm->exit(err);
                         return {};
                     },
                     "Timeout.__aexit__");
             })
        .def("__repr__", [](TimeoutW& w) { return w.get().repr(); });
    set_type_name(timeout_cls, "Timeout");

    // -- Output --------------------------------------------------------------------------------
    py::class_<OutputW, Bound>(m, "_CondlabOutput")
        .def(py::init([](bool is_stderr) { return std::make_unique<OutputW>(is_stderr); }))
        .def("write", &OutputW::write)
        .def("flush", [](OutputW&) {})
        .def("isatty", [](OutputW&) { return false; })
        .def("writable", [](OutputW&) { return true; })
        .def("readable", [](OutputW&) { return false; })
        .def("seekable", [](OutputW&) { return false; })
        .def_property_readonly("encoding", [](OutputW&) { return "utf-8"; })
        .def_property_readonly("errors", [](OutputW&) { return "strict"; })
        .def_property_readonly("closed", [](OutputW&) { return false; });

    // -- Module functions ----------------------------------------------------------------------
    m.def("run", &asyncio_run, py::arg("main"), py::kw_only(), py::arg("debug") = py::none());
    m.def(
        "create_task",
        [](py::object coro, py::object name, py::object) {
            return create_task_impl(running_loop_run(), coro, name, /*name_after=*/true);
        },
        py::arg("coro"), py::kw_only(), py::arg("name") = py::none(),
        py::arg("context") = py::none());
    m.def("ensure_future", &ensure_future_impl, py::arg("coro_or_future"), py::kw_only(),
          py::arg("loop") = py::none());
    m.def("gather", &gather_impl, py::kw_only(), py::arg("return_exceptions") = false);
    m.def(
        "wait_for",
        [](py::object aw, py::object timeout) {
            RunContext& run = active_run();
            std::optional<double> t = optional_double(timeout);
            Awaitable a = awaitable_for(run, aw);
            return native(condlab::wait_for(run.loop(), std::move(a), t, run.current_loc()),
                          "wait_for");
        },
        py::arg("fut"), py::arg("timeout"));
    m.def(
        "shield",
        [](py::object arg) {
            RunContext& run = active_run();
            Future inner = future_for(run, arg);
            return wrap_future(run,
                               condlab::shield(run.loop(), Awaitable(inner), run.current_loc()));
        },
        py::arg("arg"));
    m.def(
        "timeout",
        [](py::object delay) {
            RunContext& run = active_run();
            return std::make_unique<TimeoutW>(condlab::timeout(run.loop(), optional_double(delay)));
        },
        py::arg("delay"));
    m.def(
        "timeout_at",
        [](py::object when) {
            RunContext& run = active_run();
            return std::make_unique<TimeoutW>(
                condlab::timeout_at(run.loop(), optional_double(when)));
        },
        py::arg("when"));
    m.def("current_task", &current_task_impl, py::arg("loop") = py::none());
    m.def("all_tasks", &all_tasks_impl, py::arg("loop") = py::none());
    m.def("get_running_loop", []() { return running_loop_run().loop_object; });
    m.def("get_event_loop", []() { return active_run().loop_object; });
    m.def("_iscoroutine", [](py::handle obj) {
        return is_python_coroutine(obj.ptr()) || is_native_awaitable(obj.ptr()) ||
               PyObject_IsInstance(
                   obj.ptr(), py::module_::import("collections.abc").attr("Coroutine").ptr()) == 1;
    });
    m.def("_new_loop", []() { return py::cast(std::make_unique<LoopW>()); });
    m.def("_new_output",
          [](bool is_stderr) { return py::cast(std::make_unique<OutputW>(is_stderr)); });

    // -- The template of the per-run module --------------------------------------------------
    py::dict shim;
    shim["__builtins__"] = g.builtins;
    shim["_c"] = m;
    shim["Future"] = m.attr("Future");
    py::exec(kShim, shim);
    bound.attr("__getattr__") = shim["_unsupported_attribute"];

    py::dict tmpl;
    const char* names[] = {
        "run",       "create_task",      "ensure_future",  "gather",     "sleep",
        "wait_for",  "shield",           "timeout",        "timeout_at", "current_task",
        "all_tasks", "get_running_loop", "get_event_loop", "Future",     "Task",
        "Handle",    "TimerHandle",      "Lock",           "Condition",  "Event",
        "Semaphore", "BoundedSemaphore", "Queue",          "LifoQueue",  "PriorityQueue",
        "Barrier",   "Timeout"};
    for (const char* n : names)
        tmpl[n] = m.attr(n);
    for (const char* n : {"iscoroutinefunction", "iscoroutine", "isfuture", "__getattr__"})
        tmpl[n] = shim[n];
    py::module_ exc = py::module_::import("asyncio.exceptions");
    for (py::handle n : exc.attr("__all__"))
        tmpl[n] = exc.attr(n);
    tmpl["QueueEmpty"] = g.queue_empty;
    tmpl["QueueFull"] = g.queue_full;
    tmpl["TimeoutError"] = g.builtins.attr("TimeoutError");
    tmpl["__doc__"] = "condlab's asyncio: CPython 3.11 asyncio semantics on condlab's C++ runtime.";
    g.asyncio_template = tmpl;
}

} // namespace condlab::python
