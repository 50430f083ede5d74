// Bindings of runtime/future.h and runtime/task.h (see bind_futures.h).
#include "python/bind_futures.h"

#include "python/stdlib_asyncio.h"

namespace condlab::python::bind {

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

namespace {

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
            return format_coroutine_function()(coro).cast<std::string>();
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

} // namespace

void add_done_callback(RunContext& run, FutureW& w, py::object self, py::object fn,
                       py::object context) {
    static std::uintptr_t counter = 0;
    const void* key = reinterpret_cast<const void*>(++counter); // an opaque identity
    py::tuple args = py::make_tuple(self);
    RunContext* r = &run;
    if (context.is_none())
        context = steal_or_throw(PyContext_CopyCurrent());
    w.fut().add_done_callback(make_done_callback(
        [fn, args, r, context](FutureState&) {
            run_python_callback(r, fn.ptr(), args.ptr(), context.ptr());
        },
        key));
    w.m_callbacks.emplace_back(std::move(fn), key);
}

namespace {

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

} // namespace

FutureW* future_wrapper_of(py::handle obj) {
    if (!py::isinstance<FutureW>(obj))
        return nullptr;
    return obj.cast<FutureW*>();
}

namespace {

/// collections.abc.Coroutine, which asyncio.iscoroutine also accepts.
bool is_abc_coroutine(py::handle obj) {
    static PyObject* abc = nullptr;
    if (!abc)
        abc = py::object(py::module_::import("collections.abc").attr("Coroutine")).release().ptr();
    return PyObject_IsInstance(obj.ptr(), abc) == 1;
}

} // namespace

py::object create_task_impl(RunContext& run, py::handle coro, const py::object& name,
                            bool name_after, const py::object& context) {
    std::unique_ptr<CoroutineBackend> backend;
    std::string qualname;
    py::object coro_obj = py::none();
    if (is_native_awaitable(coro.ptr())) {
        qualname = native_qualname(coro.ptr());
        backend =
            std::make_unique<NativeTaskBackend>(run, take_native_backend(coro.ptr()), qualname);
    } else if (is_python_coroutine(coro.ptr()) || is_abc_coroutine(coro)) {
        // (collections.abc.Coroutine: agen.aclose(), which the backend drives by send/throw
        // as CPython's Task does; a cancel before its first step reaches the generator.)
        coro_obj = py::reinterpret_borrow<py::object>(coro);
        auto pb = std::make_unique<PythonBackend>(run, coro_obj, context);
        qualname = pb->name();
        backend = std::move(pb);
    } else {
        throw type_error(coroutine_expected(coro));
    }
    std::optional<std::string> task_name;
    if (!name.is_none())
        task_name = py::str(name).cast<std::string>();
    run.names.next = PendingTaskName{task_name, qualname};
    Task task = run.loop().create_task(std::move(backend), name_after ? std::nullopt : task_name,
                                       run.current_loc());
    run.names.next.reset();
    if (name_after && task_name)
        task->set_name(*task_name);
    py::object obj = wrap_task(run, task.get());
    if (coro_obj.is_none())
        obj.cast<TaskW&>().m_native = py::reinterpret_borrow<py::object>(coro);
    return obj;
}

namespace {

/// An object with __await__ (not a coroutine, not a future) as ensure_future takes it: the
/// shim's _wrap_awaitable coroutine (`yield from obj.__await__()`); null for other objects.
py::object wrapped_awaitable(py::handle obj) {
    if (!PyObject_HasAttrString(obj.ptr(), "__await__"))
        return py::object();
    return globals().condlab_module.attr("_wrap_awaitable")(obj);
}

} // namespace

Future future_for(RunContext& run, py::handle obj) {
    if (FutureW* w = future_wrapper_of(obj))
        return w->ref();
    if (is_python_coroutine(obj.ptr()) || is_native_awaitable(obj.ptr())) {
        py::object t = create_task_impl(run, obj, py::none());
        return t.cast<FutureW*>()->ref();
    }
    if (py::object coro = wrapped_awaitable(obj))
        return future_for(run, coro);
    throw type_error("An asyncio.Future, a coroutine or an awaitable is required");
}

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
    if (py::object coro = wrapped_awaitable(obj))
        return awaitable_for(run, coro);
    throw type_error("An asyncio.Future, a coroutine or an awaitable is required");
}

void define_futures(py::module_& m) {
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
        .def(
            "add_done_callback",
            [](py::object self, py::object fn, py::object context) {
                FutureW& w = self.cast<FutureW&>();
                add_done_callback(w.run(), w, self, std::move(fn), std::move(context));
            },
            py::arg("fn"), py::kw_only(), py::arg("context") = py::none())
        .def("remove_done_callback", &remove_done_callback)
        .def("get_loop", [](FutureW& w) { return w.run().loop_object; })
        .def("__await__", [](FutureW& w) { return steal_or_throw(new_future_iter(w.ref())); })
        .def("__iter__", [](FutureW& w) { return steal_or_throw(new_future_iter(w.ref())); })
        .def("__repr__", [](FutureW& w) { return future_repr(w.fut()); });
    set_type_name(future, "Future");

    py::class_<TaskW, FutureW> task(m, "Task");
    task.def("get_name", [](TaskW& w) { return w.task().name(); })
        .def("set_name", [](TaskW& w, py::object name) { w.task().set_name(py::str(name)); })
        .def("get_coro", [](TaskW& w) { return w.m_coro.is_none() ? w.m_native : w.m_coro; })
        .def(
            "cancel",
            [](TaskW& w, py::object msg) { return w.task().cancel(optional_message(msg)); },
            py::arg("msg") = py::none())
        .def("cancelling", [](TaskW& w) { return w.task().cancelling(); })
        .def("uncancel", [](TaskW& w) { return w.task().uncancel(); })
        .def("set_result",
             [](TaskW&, py::object) {
                 throw python_runtime_error("Task does not support set_result operation");
             })
        .def("set_exception",
             [](TaskW&, py::object) {
                 throw python_runtime_error("Task does not support set_exception operation");
             })
        .def("__repr__", [](TaskW& w) { return task_repr(w); });
    set_type_name(task, "Task");

    py::class_<GatheringFutureW, FutureW> gathering(m, "_GatheringFuture");
    set_type_name(gathering, "_GatheringFuture");
}

} // namespace condlab::python::bind
