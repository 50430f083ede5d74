// Bindings of runtime/barrier.h: asyncio.Barrier.
#include "python/bind_primitive.h"
#include "runtime/barrier.h"

namespace condlab::python::bind {

namespace {

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

} // namespace

void define_barrier(py::module_& m) {
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
}

} // namespace condlab::python::bind
