// Bindings of runtime/timeout.h: asyncio.timeout(), timeout_at() and the Timeout object.
#include "python/bind_common.h"
#include "runtime/timeout.h"

namespace condlab::python::bind {

namespace {

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

} // namespace

void define_timeouts(py::module_& m) {
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
}

} // namespace condlab::python::bind
