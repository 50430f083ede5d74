// PythonBackend: a Python coroutine driven by a task, stepped in the task's context.
#include "python/awaitables.h"
#include "python/bind_futures.h"
#include "python/errors.h"
#include "python/interpreter.h"
#include "trace/background_recorder.h"

#include <frameobject.h>

namespace condlab::python {

/// The runtime future of a condlab Future / Task wrapper, or null (asyncio_module.cpp).
FutureState* wrapper_future(PyObject* obj);

std::string coroutine_qualname(PyObject* coro) {
    PyObject* q = PyObject_GetAttrString(coro, "__qualname__");
    if (!q) {
        PyErr_Clear();
        return "?";
    }
    const char* s = PyUnicode_Check(q) ? PyUnicode_AsUTF8(q) : nullptr;
    std::string out = s ? s : "?";
    if (!s)
        PyErr_Clear();
    Py_DECREF(q);
    return out;
}

bool is_python_coroutine(PyObject* obj) noexcept {
    if (PyCoro_CheckExact(obj))
        return true;
    if (PyGen_CheckExact(obj)) {
        PyCodeObject* code = reinterpret_cast<PyGenObject*>(obj)->gi_code;
        return code && (code->co_flags & CO_ITERABLE_COROUTINE);
    }
    return false;
}

PythonBackend::PythonBackend(RunContext& run, py::object coro, py::object context)
    : m_run(run), m_coro(std::move(coro)), m_context(std::move(context)),
      m_qualname(coroutine_qualname(m_coro.ptr())) {
    if (m_context.is_none()) {
        PyObject* copy = PyContext_CopyCurrent();
        if (!copy)
            throw py::error_already_set();
        m_context = py::reinterpret_steal<py::object>(copy);
    }
}

namespace {

/// Enters a task's context for one step (contextvars.Context.run) and leaves it after,
/// keeping the step's error state.
class ContextScope {
  public:
    explicit ContextScope(PyObject* context) : m_context(context) {
        if (PyContext_Enter(m_context) < 0) {
            // Already entered (a task stepping itself recursively): run in it as it is.
            PyErr_Clear();
            m_context = nullptr;
        }
    }
    ~ContextScope() {
        if (!m_context)
            return;
        PyObject *type = nullptr, *value = nullptr, *tb = nullptr;
        PyErr_Fetch(&type, &value, &tb);
        PyContext_Exit(m_context);
        PyErr_Restore(type, value, tb);
    }
    ContextScope(const ContextScope&) = delete;
    ContextScope& operator=(const ContextScope&) = delete;

  private:
    PyObject* m_context;
};

} // namespace

PythonBackend::~PythonBackend() {
    // Closing a suspended coroutine runs its `finally` blocks (Python code): keep any error
    // state of the caller intact.
    if (!m_coro)
        return;
    PyObject *et, *ev, *etb;
    PyErr_Fetch(&et, &ev, &etb);
    // A task that never ran, dropped at the run's end: closed first (no code runs), its
    // coroutine then goes without the "never awaited" warning, which nobody sees after the
    // run and which cost most of the teardown of a million tasks stopped by a budget.
    if (!m_started && m_run.phase == RunContext::Phase::Teardown && PyCoro_CheckExact(m_coro.ptr()))
        if (PyObject* r = PyObject_CallMethod(m_coro.ptr(), "close", nullptr))
            Py_DECREF(r);
    PyErr_Clear();
    m_frame = py::object();
    m_coro = py::object();
    PyErr_Restore(et, ev, etb);
}

void PythonBackend::first_step() {
    m_started = true;
    if (TaskState* t = m_run.loop().current_task(); t && t->coroutine() == this)
        m_run.names.resolve(t->id(), m_qualname);
}

StepResult PythonBackend::send() {
    if (!m_started)
        first_step();
    PyObject* result = nullptr;
    PySendResult status;
    {
        ContextScope scope(m_context.ptr());
        status = PyIter_Send(m_coro.ptr(), Py_None, &result);
    }
    return finish(status, result);
}

StepResult PythonBackend::throw_in(std::exception_ptr error) {
    if (!m_started)
        first_step();
    PyObject* result = nullptr;
    PySendResult status;
    ContextScope scope(m_context.ptr());
    try {
        py::object exc = to_python_exception(error);
        result = PyObject_CallMethod(m_coro.ptr(), "throw", "O", exc.ptr());
        if (result)
            status = PYGEN_NEXT;
        else if (_PyGen_FetchStopIterationValue(&result) == 0)
            status = PYGEN_RETURN;
        else
            status = PYGEN_ERROR;
    } catch (py::error_already_set& e) {
        e.restore();
        status = PYGEN_ERROR;
    }
    return finish(status, result);
}

namespace {

std::string safe_repr(PyObject* obj) {
    PyObject* repr = PyObject_Repr(obj);
    std::string text = repr && PyUnicode_AsUTF8(repr) ? PyUnicode_AsUTF8(repr) : "?";
    Py_XDECREF(repr);
    PyErr_Clear();
    return text;
}

/// repr() of the task running now (the one whose step yielded).
std::string current_task_repr() {
    RunContext* run = current_run();
    TaskState* task = run && run->has_loop() ? run->loop().current_task() : nullptr;
    if (!task)
        return "None";
    try {
        return safe_repr(bind::wrap_task(*run, task).ptr());
    } catch (...) {
        PyErr_Clear();
        return "?";
    }
}

} // namespace

StepResult PythonBackend::finish(PySendResult status, PyObject* result) {
    StepResult r;
    switch (status) {
    case PYGEN_NEXT:
        if (FutureState* fut = token_future(result)) {
            r.kind = StepResult::Kind::YieldedFuture;
            r.future = Future(fut);
        } else if (result == Py_None) {
            r.kind = StepResult::Kind::YieldedNone;
        } else {
            // A future yielded bare (`yield fut` in an __await__, not `yield from`): CPython's
            // Task sees _asyncio_future_blocking unset and throws this RuntimeError in.
            r.kind = StepResult::Kind::BadYield;
            std::string text = safe_repr(result);
            r.error = std::make_exception_ptr(python_runtime_error(
                wrapper_future(result) ? "yield was used instead of yield from in task " +
                                             current_task_repr() + " with " + text
                                       : "Task got bad yield: " + text));
        }
        Py_XDECREF(result);
        break;
    case PYGEN_RETURN:
        r.kind = StepResult::Kind::Returned;
        r.value = std::any(py::reinterpret_steal<py::object>(result));
        break;
    case PYGEN_ERROR:
        r.kind = StepResult::Kind::Raised;
        r.escapes = leaves_the_loop();
        r.error = fetch_python_error();
        break;
    }
    if (r.kind == StepResult::Kind::Raised && m_run.budget_state.abort_kind == BudgetKind::None) {
        try {
            std::rethrow_exception(r.error);
        } catch (const PythonError& e) {
            if (PyObject_IsInstance(e.object().ptr(), globals().abort_error.ptr()) == 1) {
                PyObject* tb = PyException_GetTraceback(e.object().ptr());
                m_run.note_abort_exception(tb);
                Py_XDECREF(tb);
            }
        } catch (...) {
        }
    }
    if (m_run.recording())
        record_step(r);
    return r;
}

/// Recording: where the task waits, variables, labels, exceptions.
void PythonBackend::record_step(const StepResult& r) {
    TaskState* task = m_run.loop().current_task();
    if (!task || task->coroutine() != this)
        return;
    if (BackgroundRecorder* rec = m_run.recorder()) {
        if ((r.kind == StepResult::Kind::YieldedFuture && !r.future->wait.where.file) ||
            r.kind == StepResult::Kind::YieldedNone) {
            SourceLoc loc = m_run.await_loc(m_coro.ptr());
            if (loc.file)
                rec->set_source_line(task->id(), loc);
        }
        if (r.kind == StepResult::Kind::Raised && !is_cancelled_error(r.error)) {
            try {
                std::rethrow_exception(r.error);
            } catch (const PythonError& e) {
                PyObject* tb = PyException_GetTraceback(e.object().ptr());
                std::uint32_t line = m_run.traceback_line(tb);
                Py_XDECREF(tb);
                if (e.type() != "_CondlabAbort")
                    rec->exception(task->id(), e.type(), e.message(), SourceLoc{m_run.file, line});
            } catch (...) {
            }
        }
    }
    if (!m_frame && m_run.options.line_trace) {
        PyObject* f = PyObject_GetAttrString(
            m_coro.ptr(), PyCoro_CheckExact(m_coro.ptr()) ? "cr_frame" : "gi_frame");
        if (f)
            m_frame = py::reinterpret_steal<py::object>(f);
        else
            PyErr_Clear();
    }
    m_run.snapshots.after_task_step(*task, m_coro.ptr(), m_frame.ptr());
}

} // namespace condlab::python
