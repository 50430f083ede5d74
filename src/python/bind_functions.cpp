// Module functions over runtime/sleep.h, gather.h, wait_for.h, shield.h and the loop's run:
// asyncio.run, create_task, ensure_future, gather, sleep, wait_for, shield, current_task,
// all_tasks, get_running_loop, get_event_loop.
#include "python/bind_futures.h"
#include "runtime/gather.h"
#include "runtime/shield.h"
#include "runtime/sleep.h"
#include "runtime/wait_for.h"

namespace condlab::python::bind {

namespace {

/// asyncio.run's result from the loop's outcome: the value, the exception, or condlab's
/// deadlock / budget errors (noted in the run for the report).
py::object finish_run(RunContext& run, RunOutcome out);

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
    return finish_run(run, std::move(out));
}

py::object finish_run(RunContext& run, RunOutcome out) {
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
    m.def("run", &asyncio_run, py::arg("main"), py::kw_only(), py::arg("debug") = py::none());
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
    m.def("get_event_loop", []() { return active_run().loop_object; });
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
