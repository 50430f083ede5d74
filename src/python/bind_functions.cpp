// Module functions over runtime/sleep.h, gather.h, wait_for.h and shield.h: create_task,
// ensure_future, gather, sleep, wait_for, shield, current_task, all_tasks, get_running_loop.
#include "python/bind_futures.h"
#include "runtime/gather.h"
#include "runtime/shield.h"
#include "runtime/sleep.h"
#include "runtime/wait_for.h"

#include <unordered_map>
#include <vector>

namespace condlab::python::bind {

namespace {

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
    // coroutine -> its task (CPython's arg_to_fut, a dict: a list here made gather() of
    // 200 000 coroutines quadratic, 15 s in one call that no budget can interrupt)
    std::unordered_map<PyObject*, Future> seen;
    std::size_t n = 0;
    for (py::handle arg : aws) {
        // (one call that makes 200 000 tasks: the wall-clock budget is checked here too)
        if (++n % 1024 == 0 && run.options.budget.max_wall_seconds < 1e300 && run.wall_spent()) {
            run.abort(BudgetKind::WallClock);
            throw py::error_already_set();
        }
        if (FutureW* w = future_wrapper_of(arg)) {
            items.emplace_back(w->ref());
            continue;
        }
        Future& fut = seen[arg.ptr()];
        if (!fut)
            fut = future_for(run, arg);
        items.emplace_back(fut);
    }
    Ref<GatheringFuture> outer =
        gather(run.loop(), std::move(items), return_exceptions, run.current_loc());
    if (aws.size() == 0) // gather() with no awaitables: a plain, finished Future
        return wrap_future(run, Future(outer));
    return py::cast(std::make_unique<GatheringFutureW>(Future(outer)));
}

py::object ensure_future_impl(py::object obj, py::object /*loop*/) {
    RunContext& run = active_run();
    if (future_wrapper_of(obj))
        return obj;
    return wrap_future(run, future_for(run, obj));
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

} // namespace

void define_functions(py::module_& m) {
    m.def(
        "create_task",
        [](py::object coro, py::object name, py::object context) {
            return create_task_impl(running_loop_run(), coro, name, /*name_after=*/true, context);
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
    m.def("current_task", &current_task_impl, py::arg("loop") = py::none());
    m.def("all_tasks", &all_tasks_impl, py::arg("loop") = py::none());
    m.def("get_running_loop", []() { return running_loop_run().loop_object; });
    m.def("_iscoroutine", [](py::handle obj) {
        return is_python_coroutine(obj.ptr()) || is_native_awaitable(obj.ptr()) ||
               PyObject_IsInstance(
                   obj.ptr(), py::module_::import("collections.abc").attr("Coroutine").ptr()) == 1;
    });
    static PyMethodDef sleep_def = CONDLAB_FASTKW("sleep", fast_sleep);
    m.attr("sleep") =
        steal_or_throw(PyCFunction_NewEx(&sleep_def, nullptr, m.attr("__name__").ptr()));
}

} // namespace condlab::python::bind
