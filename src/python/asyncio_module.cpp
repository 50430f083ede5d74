// condlab's `asyncio` module: the module object, its Python shim and the template every
// run's module is copied from. The classes and functions are bound by bind_*.cpp, one file
// per runtime header.
#include "python/bind_futures.h"
#include "python/bind_primitive.h"

#include <pybind11/eval.h>

namespace condlab::python {

using namespace bind;

namespace {

PyTypeObject* g_bound_type = nullptr;

void register_exception_translator() {
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
}

/// The template of the per-run module: the bound names, asyncio's exceptions and the names
/// the shim defines (its helpers, starting with `_`, stay out).
py::dict module_template(InterpreterGlobals& g, const py::module_& m) {
    py::dict tmpl;
    const char* names[] = {
        "run",       "create_task",      "ensure_future",  "gather",         "sleep",
        "wait_for",  "shield",           "timeout",        "timeout_at",     "current_task",
        "all_tasks", "get_running_loop", "get_event_loop", "Future",         "Task",
        "Handle",    "TimerHandle",      "Lock",           "Condition",      "Event",
        "Semaphore", "BoundedSemaphore", "Queue",          "LifoQueue",      "PriorityQueue",
        "Barrier",   "Timeout",          "new_event_loop", "set_event_loop", "__getattr__"};
    for (const char* n : names)
        tmpl[n] = m.attr(n);
    const py::module_& exc = g.asyncio_exceptions;
    for (py::handle n : exc.attr("__all__"))
        tmpl[n] = exc.attr(n);
    tmpl["QueueEmpty"] = g.queue_empty;
    tmpl["QueueFull"] = g.queue_full;
    tmpl["TimeoutError"] = g.builtins.attr("TimeoutError");

    py::dict shim = tmpl.attr("copy")();
    shim["__builtins__"] = g.builtins;
    shim["__name__"] = "asyncio";
    shim["_c"] = m;
    py::object code = g.builtins.attr("compile")(kAsyncioShim, "<asyncio>", "exec");
    g.builtins.attr("exec")(code, shim);
    for (auto [name, value] : shim) {
        std::string n = py::str(name);
        if (!n.starts_with("_") && !tmpl.contains(name))
            tmpl[name] = value;
    }
    m.attr("_unsupported_attribute") = shim["_unsupported_attribute"];
    m.attr("_wrap_awaitable") = shim["_wrap_awaitable"];
    m.attr("_LockProtocolCondition") = shim["_LockProtocolCondition"];
    tmpl["__doc__"] = "condlab's asyncio: CPython 3.11 asyncio semantics on condlab's C++ runtime.";
    return tmpl;
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
    register_exception_translator();

    py::module_ m = py::reinterpret_steal<py::module_>(PyModule_New("asyncio"));
    g.condlab_module = m;

    py::class_<Bound> bound(m, "_CondlabObject");
    g_bound_type = reinterpret_cast<PyTypeObject*>(bound.ptr());
    define_futures(m);
    define_loop(m);
    define_locks(m);
    define_queues(m);
    define_barrier(m);
    define_timeouts(m);
    define_output(m);
    define_functions(m);
    define_unsupported(m);
    g.asyncio_template = module_template(g, m);
    bound.attr("__getattr__") = m.attr("_unsupported_attribute");
}

} // namespace condlab::python
