// Shared helpers of the asyncio bindings (see bind_common.h).
#include "python/bind_common.h"

#include <cstdio>

namespace condlab::python::bind {

RunContext& active_run() {
    RunContext* run = current_run();
    if (!run)
        throw python_runtime_error("condlab: no program is running");
    if (run->phase == RunContext::Phase::Teardown)
        throw PyError("_CondlabAbort", "run is over");
    return *run;
}

RunContext& running_loop_run() {
    RunContext& run = active_run();
    if (!run.in_asyncio_run)
        throw python_runtime_error("no running event loop");
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

std::string coroutine_expected(py::handle obj) {
    return "a coroutine was expected, got " + repr_of(obj);
}

std::optional<std::string> optional_message(const py::object& msg) {
    if (msg.is_none())
        return std::nullopt;
    return py::str(msg).cast<std::string>();
}

std::optional<double> optional_double(const py::object& v) {
    if (v.is_none())
        return std::nullopt;
    return py::float_(v).cast<double>();
}

void set_type_name(const py::object& cls, const char* name) {
    reinterpret_cast<PyTypeObject*>(cls.ptr())->tp_name = name;
}

py::object call_awaitable(std::function<std::any()> fn, const char* qualname) {
    return steal_or_throw(
        new_native_awaitable(std::make_unique<CallBackend>(std::move(fn)), qualname));
}

void add_fast_methods(const py::object& cls, PyMethodDef* defs, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
        PyObject* descr = PyDescr_NewMethod(reinterpret_cast<PyTypeObject*>(cls.ptr()), &defs[i]);
        if (!descr || PyObject_SetAttrString(cls.ptr(), defs[i].ml_name, descr) < 0) {
            Py_XDECREF(descr);
            throw py::error_already_set();
        }
        Py_DECREF(descr);
    }
}

namespace {

/// Calls fn(*args), inside `context` when there is one (Handle._run: context.run(...)).
PyObject* call_in_context(PyObject* fn, PyObject* args, PyObject* context) {
    if (!context || context == Py_None)
        return PyObject_Call(fn, args, nullptr);
    if (PyContext_Enter(context) < 0)
        return nullptr;
    PyObject* r = PyObject_Call(fn, args, nullptr);
    PyObject *type = nullptr, *value = nullptr, *tb = nullptr;
    PyErr_Fetch(&type, &value, &tb);
    PyContext_Exit(context);
    PyErr_Restore(type, value, tb);
    return r;
}

/// asyncio's default exception handler: "Exception in callback ..." on stderr.
void report_callback_error(RunContext& run, PyObject* fn, const py::object& exc) {
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
        run.output.err.write(text);
    } catch (py::error_already_set&) {
        PyErr_Clear();
    }
}

} // namespace

void run_python_callback(RunContext* run, PyObject* fn, PyObject* args, PyObject* context) {
    if (!run || run->phase != RunContext::Phase::Running)
        return;
    PyObject* r = call_in_context(fn, args, context);
    if (r) {
        Py_DECREF(r);
        run->snapshots.report_queue_contents();
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
    if (run->budget_state.abort_kind != BudgetKind::None ||
        PyObject_IsInstance(exc.ptr(), globals().deadlock_error.ptr()) == 1)
        return;
    if (leaves_the_loop(exc.ptr())) { // (Python: Handle._run re-raises these)
        run->loop().escape(err);
        return;
    }
    report_callback_error(*run, fn, exc);
}

} // namespace condlab::python::bind
