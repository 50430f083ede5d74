// Bindings of runtime/loop.h: the event loop object (get_running_loop()), Handle and
// TimerHandle.
#include "python/bind_loop.h"

namespace condlab::python::bind {

namespace {

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

/// The `context=` keyword of call_soon / call_later / call_at (a copy of the current context
/// when absent or None, as Handle() does).
py::object callback_context(const py::kwargs& kwargs) {
    for (auto [key, value] : kwargs) {
        if (py::str(key).cast<std::string>() != "context")
            throw type_error("unexpected keyword argument '" + py::str(key).cast<std::string>() +
                             "'");
        if (!value.is_none())
            return py::reinterpret_borrow<py::object>(value);
    }
    return steal_or_throw(PyContext_CopyCurrent());
}

py::object schedule_callback(RunContext& run, std::optional<double> when, py::object fn,
                             py::args args, const py::kwargs& kwargs,
                             TimerKind kind = TimerKind::Callback) {
    // CPython checks the callback only in debug mode: a non-callable fails when it runs
    // ("Exception in callback ...").
    PyCallback cb{std::move(fn), py::tuple(args), &run, callback_context(kwargs)};
    if (!when)
        return py::cast(std::make_unique<HandleW>(run.loop().call_soon_handle(std::move(cb))));
    return py::cast(
        std::make_unique<TimerHandleW>(run.loop().call_at(*when, std::move(cb), nullptr, kind)));
}

} // namespace

void define_loop(py::module_& m) {
    py::class_<LoopW, Bound> loop(m, "_CondlabEventLoop");
    loop.def("time", [](LoopW& l) { return l.run().loop().time(); })
        .def(
            "create_task",
            [](LoopW& l, py::object coro, py::object name, py::object context) {
                return create_task_impl(l.run(), coro, name, false, context);
            },
            py::arg("coro"), py::kw_only(), py::arg("name") = py::none(),
            py::arg("context") = py::none())
        .def("create_future",
             [](LoopW& l) { return wrap_future(l.run(), create_future(l.run().loop())); })
        .def("call_soon",
             [](LoopW& l, py::object fn, py::args args, py::kwargs kwargs) {
                 return schedule_callback(l.run(), std::nullopt, std::move(fn), std::move(args),
                                          kwargs);
             })
        .def("call_later",
             [](LoopW& l, py::object delay, py::object fn, py::args args, py::kwargs kwargs) {
                 double d = py::float_(delay).cast<double>();
                 return schedule_callback(l.run(), l.run().loop().time() + d, std::move(fn),
                                          std::move(args), kwargs);
             })
        // The shim's asyncio.wait / as_completed arm their timeouts here: a WaitFor timer
        // (a deadline the timeline draws), not the program's own callback.
        .def("_call_later_wait",
             [](LoopW& l, py::object delay, py::object fn) {
                 double d = py::float_(delay).cast<double>();
                 return schedule_callback(l.run(), l.run().loop().time() + d, std::move(fn),
                                          py::args(), py::kwargs(), TimerKind::WaitFor);
             })
        .def("call_at",
             [](LoopW& l, py::object when, py::object fn, py::args args, py::kwargs kwargs) {
                 return schedule_callback(l.run(), py::float_(when).cast<double>(), std::move(fn),
                                          std::move(args), kwargs);
             })
        .def("get_debug", [](LoopW&) { return false; })
        .def("__repr__", [](py::object self) {
            LoopW& l = self.cast<LoopW&>();
            const bool running = l.run().in_asyncio_run && l.run().loop_object.is(self);
            return std::string("<condlab event loop running=") + (running ? "True" : "False") +
                   " closed=" + (l.closed ? "True" : "False") + ">";
        });
    set_type_name(loop, "_CondlabEventLoop");
    define_runner(m, loop);

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

    m.def("_new_loop", &new_loop_object);
}

} // namespace condlab::python::bind
