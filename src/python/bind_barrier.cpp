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

/// The `_get_loop()` of the barrier's internal Condition: wait() waits on it while the
/// barrier drains or resets, or when it is not the last party (not when broken).
std::unique_ptr<CoroutineBackend> check_wait(PyObject* self) {
    BarrierW* w = fast_self<BarrierW>(self);
    const Barrier& b = w->get();
    const bool waits = b.state() == Barrier::State::Draining ||
                       b.state() == Barrier::State::Resetting ||
                       (b.state() == Barrier::State::Filling && b.count() + 1 < b.parties());
    if (waits)
        w->binding.get_loop(w->run(), "<asyncio.locks.Condition object at " + address(&w->binding) +
                                          " [unlocked]>");
    return nullptr;
}

py::object barrier_wait(py::object self, const char* qualname) {
    BarrierW& w = self.cast<BarrierW&>();
    return steal_or_throw(new_native_awaitable(
        loop_bound(w.binding, w.run(), make_backend(w.get().wait(w.run().current_loc())),
                   self.ptr(), &check_wait),
        qualname));
}

} // namespace

void define_barrier(py::module_& m) {
    py::class_<BarrierW, PrimitiveW> barrier(m, "Barrier");
    barrier
        .def(py::init([](std::int64_t parties, py::kwargs) {
                 return std::make_unique<BarrierW>(parties);
             }),
             py::arg("parties"))
        .def("wait", [](py::object self) { return barrier_wait(self, "Barrier.wait"); })
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
        .def("__aenter__", [](py::object self) { return barrier_wait(self, "Barrier.__aenter__"); })
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
