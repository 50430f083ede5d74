// Making and running loops (runtime/loop.h's run_until_complete): asyncio.run, the C++ half
// of asyncio.Runner (the shim has its Python half), the loop's run_until_complete /
// run_forever / stop / close, new_event_loop / set_event_loop / get_event_loop, and the
// async-generator hooks and teardown of CPython 3.11's Runner.close: cancel what is left,
// shutdown_asyncgens (a live generator's `finally` runs), shutdown_default_executor.
//
// Every loop object runs on the run's one runtime Loop, so task numbers and the virtual
// clock go on across asyncio.run calls; the teardown's own tasks take their Task-N numbers
// as CPython's do (the second asyncio.run's main task is Task-4).
#include "python/bind_loop.h"

namespace condlab::python::bind {

namespace {

/// asyncio.run's result from the loop's outcome: the value, the exception, or condlab's
/// deadlock / budget errors (noted in the run for the report).
py::object finish_run(RunContext& run, RunOutcome out);

/// The budget left for the run's next stretch on the loop.
Budget remaining_budget(RunContext& run) {
    Budget budget = run.options.budget;
    budget.max_wall_seconds = std::max(
        0.0, budget.max_wall_seconds - run.budget_state.wall_elapsed() - run.teardown_reserve());
    return budget;
}

bool is_running(RunContext& run, py::handle loop) {
    return run.in_asyncio_run && run.loop_object.is(loop);
}

/// While one lives, `loop` is the running loop: get_running_loop() returns it and the
/// async-generator hooks are its own (BaseEventLoop.run_forever).
class Running {
  public:
    Running(RunContext& run, py::object loop) : m_run(run) {
        if (loop.cast<LoopW&>().closed)
            throw python_runtime_error("Event loop is closed");
        if (is_running(run, loop))
            throw python_runtime_error("This event loop is already running");
        if (run.in_asyncio_run)
            throw python_runtime_error("Cannot run the event loop while another loop is running");
        if (run.recording()) {
            run.snapshots.scan_labels(nullptr);
            run.snapshots.snapshot_globals();
        }
        py::module_ sys = py::module_::import("sys");
        m_old_hooks = sys.attr("get_asyncgen_hooks")();
        sys.attr("set_asyncgen_hooks")(loop.attr("_asyncgen_firstiter_hook"),
                                       loop.attr("_asyncgen_finalizer_hook"));
        run.running_loop_id = loop.cast<LoopW&>().serial;
        run.loop_object = std::move(loop);
        run.in_asyncio_run = true;
    }
    ~Running() {
        m_run.in_asyncio_run = false;
        m_run.running_loop_id = 0;
        PyObject *type, *value, *tb;
        PyErr_Fetch(&type, &value, &tb);
        PyObject* sys = PyImport_ImportModule("sys");
        PyObject* r =
            sys ? PyObject_CallMethod(sys, "set_asyncgen_hooks", "O", m_old_hooks.ptr()) : nullptr;
        Py_XDECREF(r);
        Py_XDECREF(sys);
        PyErr_Clear();
        PyErr_Restore(type, value, tb);
    }
    Running(const Running&) = delete;
    Running& operator=(const Running&) = delete;

  private:
    RunContext& m_run;
    py::object m_old_hooks;
};

/// Runner.run's core: `main` as the loop's main task, run until it is done.
py::object run_main(py::object loop, py::object main, py::object context) {
    RunContext& run = active_run();
    std::unique_ptr<CoroutineBackend> backend;
    std::string qualname;
    if (is_python_coroutine(main.ptr())) {
        auto pb = std::make_unique<PythonBackend>(run, main, context);
        qualname = pb->name();
        backend = std::move(pb);
    } else if (is_native_awaitable(main.ptr())) {
        qualname = native_qualname(main.ptr());
        backend =
            std::make_unique<NativeTaskBackend>(run, take_native_backend(main.ptr()), qualname);
    } else {
        throw value_error(coroutine_expected(main));
    }
    RunOutcome out;
    {
        Running running(run, std::move(loop));
        run.names.next = PendingTaskName{std::nullopt, qualname};
        Task task = run.loop().create_task(std::move(backend));
        run.names.next.reset();
        out = run.loop().run_until_complete(task, remaining_budget(run));
    }
    return finish_run(run, std::move(out));
}

/// BaseEventLoop.shutdown_asyncgens as Runner.close runs it: a task that closes the live
/// async generators (its Task-N number is taken even when there are none).
void shutdown_asyncgens(RunContext& run, py::handle loop, const Budget& budget) {
    LoopW& l = loop.cast<LoopW&>();
    if (!l.asyncgens || py::len(l.asyncgens) == 0) {
        l.asyncgens_shutdown_called = true;
        run.loop().skip_task_names(1);
        return;
    }
    py::object task = create_task_impl(run, loop.attr("shutdown_asyncgens")(), py::none());
    RunOutcome out = run.loop().run_until_complete(task.cast<FutureW&>().ref(), budget);
    if (out.kind == OutcomeKind::Deadlock || out.kind == OutcomeKind::Budget)
        finish_run(run, std::move(out));
}

/// Runner.close's core: cancel the tasks left, close the async generators, join the default
/// executor (there is none: only its task number), close the loop. After a deadlock or a
/// budget overrun nothing more runs.
void close_runner(py::object loop) {
    RunContext& run = active_run();
    LoopW& l = loop.cast<LoopW&>();
    if (l.closed)
        return;
    if (run.budget_state.abort_kind == BudgetKind::None && !run.budget_state.deadlock &&
        !run.budget_state.watchdog_fired) {
        Running running(run, loop);
        Budget rest = remaining_budget(run);
        rest.max_iterations = run.loop().iteration() + 10000;
        run.loop().cancel_remaining_tasks(rest);
        shutdown_asyncgens(run, loop, rest);
        run.loop().skip_task_names(1); // shutdown_default_executor()'s task
    }
    l.closed = true;
}

void set_event_loop(py::object loop) {
    RunContext& run = active_run();
    if (!loop.is_none() && !py::isinstance<LoopW>(loop))
        throw type_error("loop must be an instance of AbstractEventLoop or None, not '" +
                         std::string(py::str(loop.get_type().attr("__name__"))) + "'");
    run.event_loop_set = true;
    run.event_loop = std::move(loop);
}

/// asyncio.get_event_loop() (3.11.2): the running loop, else the current one; a new one if
/// none was ever set.
py::object get_event_loop() {
    RunContext& run = active_run();
    if (run.in_asyncio_run)
        return run.loop_object;
    if (run.event_loop.is_none() && !run.event_loop_set)
        set_event_loop(new_loop_object());
    if (run.event_loop.is_none())
        throw python_runtime_error("There is no current event loop in thread 'MainThread'.");
    return run.event_loop;
}

py::object asyncio_run(py::object main, py::object /*debug*/) {
    RunContext& run = active_run();
    if (run.in_asyncio_run)
        throw python_runtime_error("asyncio.run() cannot be called from a running event loop");
    py::object loop = new_loop_object();
    set_event_loop(loop);
    py::object result;
    try {
        result = run_main(loop, std::move(main), py::none());
    } catch (...) {
        close_runner(loop);
        set_event_loop(py::none());
        throw;
    }
    close_runner(loop);
    set_event_loop(py::none());
    return result;
}

py::object finish_run(RunContext& run, RunOutcome out) {
    OutcomeKind kind = out.kind;
    std::exception_ptr error = out.error;
    py::object result = kind == OutcomeKind::Complete ? to_python(out.result) : py::none();
    if (kind == OutcomeKind::Deadlock || kind == OutcomeKind::Budget)
        for (BlockedTask& b : out.blocked)
            b.name = run.names.display_name(b.task, b.name);
    if (kind == OutcomeKind::Deadlock) {
        run.budget_state.deadlock = true;
        run.budget_state.blocked = out.blocked;
    }
    if (kind == OutcomeKind::Budget) {
        run.budget_state.blocked = out.blocked;
        if (run.budget_state.abort_kind == BudgetKind::None) {
            run.budget_state.abort_kind = out.budget;
            run.budget_state.abort_line = run.budget_state.last_line;
            for (const BlockedTask& b : out.blocked)
                if (b.ready) {
                    run.budget_state.abort_task = b.name;
                    break;
                }
        }
    }
    run.last_outcome = std::move(out);
    switch (kind) {
    case OutcomeKind::Complete:
        return result;
    case OutcomeKind::Exception:
        std::rethrow_exception(error);
    case OutcomeKind::Deadlock:
        PyErr_SetString(globals().deadlock_error.ptr(),
                        "condlab: deadlock (nothing ready and no timer pending)");
        throw py::error_already_set();
    case OutcomeKind::Budget: {
        std::string what = std::string("condlab: budget exceeded (") +
                           budget_name(run.budget_state.abort_kind) + ")";
        PyErr_SetString(globals().abort_error.ptr(), what.c_str());
        throw py::error_already_set();
    }
    case OutcomeKind::SyntaxError: // not a loop's outcome
    case OutcomeKind::UsageError:
        break;
    }
    return py::none();
}

// -- the loop's methods -------------------------------------------------------------------

py::object run_until_complete(py::object self, py::object future) {
    RunContext& run = self.cast<LoopW&>().run();
    Future fut;
    RunOutcome out;
    {
        Running running(run, self);
        fut = future_for(run, future);
        out = run.loop().run_until_complete(fut, remaining_budget(run));
    }
    if (out.kind == OutcomeKind::Complete && !fut->done())
        throw python_runtime_error("Event loop stopped before Future completed.");
    return finish_run(run, std::move(out));
}

void run_forever(py::object self) {
    RunContext& run = self.cast<LoopW&>().run();
    RunOutcome out;
    {
        Running running(run, self);
        Future never = create_future(run.loop());
        out = run.loop().run_until_complete(never, remaining_budget(run));
    }
    if (out.kind != OutcomeKind::Complete) // stopped: Complete with the future pending
        finish_run(run, std::move(out));
}

void close_loop(py::object self) {
    LoopW& l = self.cast<LoopW&>();
    if (is_running(l.run(), self))
        throw python_runtime_error("Cannot close a running event loop");
    l.closed = true;
}

void asyncgen_firstiter_hook(LoopW& l, py::object agen) {
    if (!l.asyncgens)
        l.asyncgens = py::module_::import("weakref").attr("WeakSet")();
    l.asyncgens.attr("add")(agen);
}

/// A dropped async generator: closed by a task that runs aclose(), scheduled (not at once).
void asyncgen_finalizer_hook(py::object self, py::object agen) {
    LoopW& l = self.cast<LoopW&>();
    if (l.asyncgens)
        l.asyncgens.attr("discard")(agen);
    if (l.closed || !l.attached() || !current_run() ||
        current_run()->phase != RunContext::Phase::Running)
        return;
    self.attr("call_soon")(self.attr("create_task"), agen.attr("aclose")());
}

} // namespace

py::object new_loop_object() {
    active_run();
    return py::cast(std::make_unique<LoopW>());
}

void define_runner(py::module_& m, py::class_<LoopW, Bound>& loop) {
    loop.def("run_until_complete", &run_until_complete, py::arg("future"))
        .def("run_forever", &run_forever)
        .def("stop", [](LoopW& l) { l.run().loop().stop(); })
        .def("close", &close_loop)
        .def("is_running",
             [](py::object self) { return is_running(self.cast<LoopW&>().run(), self); })
        .def("is_closed", [](LoopW& l) { return l.closed; })
        .def("_asyncgen_firstiter_hook", &asyncgen_firstiter_hook)
        .def("_asyncgen_finalizer_hook", &asyncgen_finalizer_hook)
        .def("_take_asyncgens", [](LoopW& l) {
            l.asyncgens_shutdown_called = true;
            py::list live = l.asyncgens ? py::list(l.asyncgens) : py::list();
            if (l.asyncgens)
                l.asyncgens.attr("clear")();
            return live;
        });
    m.def("run", &asyncio_run, py::arg("main"), py::kw_only(), py::arg("debug") = py::none());
    m.def("new_event_loop", &new_loop_object);
    m.def("set_event_loop", &set_event_loop, py::arg("loop"));
    m.def("get_event_loop", &get_event_loop);
    m.def("_run_main", &run_main);
    m.def("_close_runner", &close_runner);
}

} // namespace condlab::python::bind
