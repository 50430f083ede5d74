// Bindings of runtime/lock.h, condition.h, event.h and semaphore.h. The hot methods
// (acquire, release, wait, notify, set, ...) are raw C-API methods (bind_common.h); the
// pybind11 classes hold only the constructors and reprs.
#include "python/bind_primitive.h"
#include "runtime/condition.h"
#include "runtime/event.h"
#include "runtime/lock.h"
#include "runtime/semaphore.h"

namespace condlab::python::bind {

PyTypeObject* g_primitive_type = nullptr;

namespace {

class LockW final : public PrimitiveW {
  public:
    static constexpr const char* kAcquireName = "Lock.acquire";
    Ref<Lock> ref() const {
        run();
        return lock;
    }
    LockW() : lock(make_ref<Lock>(run().loop(), run().current_loc())) {
        register_label(lock->id());
    }
    /// The Lock object of a Condition made without one (its lock is not a lane of its own).
    explicit LockW(Ref<Lock> internal) : lock(std::move(internal)) {}
    void detach() noexcept override { lock = nullptr; }
    Lock& get() const {
        run();
        return *lock;
    }
    Ref<Lock> lock;
};

/// asyncio.Condition. On an asyncio.Lock (or its own) it is the runtime's Condition; on any
/// other object with locked(), acquire() and release() (3.11 accepts any), `on_protocol` is
/// the shim's _LockProtocolCondition, which runs 3.11's algorithm on the lock's own methods
/// and receives every call.
class ConditionW final : public PrimitiveW {
  public:
    Ref<Condition> ref() const {
        run();
        return cond;
    }
    /// On `lock_obj`, a Lock object, or on a new lock when it is None.
    explicit ConditionW(py::object lock_obj) {
        if (lock_obj.is_none()) {
            cond = make_ref<Condition>(run().loop(), run().current_loc());
            lock_obj = py::cast(std::make_unique<LockW>(cond->lock()));
        } else {
            cond = make_ref<Condition>(run().loop(), lock_obj.cast<LockW&>().ref(),
                                       run().current_loc());
        }
        register_label(cond->id());
        export_lock_methods(lock_obj);
    }
    ConditionW(py::object lock_obj, py::object impl) : on_protocol(std::move(impl)) {
        export_lock_methods(lock_obj);
    }
    void detach() noexcept override { cond = nullptr; }
    Condition& get() const {
        run();
        return *cond;
    }
    /// The Python implementation on a lock-protocol object (after checking the run), or null.
    PyObject* protocol() const {
        run();
        return on_protocol.ptr();
    }
    Ref<Condition> cond;
    py::object on_protocol;
    /// `self.locked = lock.locked` ...: the lock's own bound methods, as 3.11's __init__.
    py::object lock_obj, locked_m, acquire_m, release_m;

  private:
    void export_lock_methods(py::object lock) {
        locked_m = lock.attr("locked");
        acquire_m = lock.attr("acquire");
        release_m = lock.attr("release");
        lock_obj = std::move(lock);
    }
};

/// `cond.name(args...)` on a lock-protocol condition: the shim's method.
template <class... A> PyObject* call_protocol(PyObject* impl, const char* name, A... args) {
    py::object method = py::reinterpret_steal<py::object>(PyObject_GetAttrString(impl, name));
    if (!method)
        return nullptr;
    PyObject* argv[] = {nullptr, args...};
    return PyObject_Vectorcall(method.ptr(), argv + 1,
                               sizeof...(A) | PY_VECTORCALL_ARGUMENTS_OFFSET, nullptr);
}

class EventW final : public PrimitiveW {
  public:
    EventW() : ev(make_ref<Event>(run().loop(), run().current_loc())) { register_label(ev->id()); }
    void detach() noexcept override { ev = nullptr; }
    Event& get() const {
        run();
        return *ev;
    }
    Ref<Event> ev;
};

class SemaphoreW : public PrimitiveW {
  public:
    static constexpr const char* kAcquireName = "Semaphore.acquire";
    Ref<Semaphore> ref() const {
        run();
        return sem;
    }
    explicit SemaphoreW(Ref<Semaphore> s) : sem(std::move(s)) { register_label(sem->id()); }
    void detach() noexcept override { sem = nullptr; }
    Semaphore& get() const {
        run();
        return *sem;
    }
    Ref<Semaphore> sem;
};

class BoundedSemaphoreW final : public SemaphoreW {
  public:
    using SemaphoreW::SemaphoreW;
};

/// The backend of acquire() / __aenter__: a Lock's (or a Condition's lock's) takes a free
/// lock without a coroutine frame (LockAcquireBackend); a Semaphore's is its coroutine.
/// The lock's `_get_loop()` in acquire(): only when the lock is taken (it waits then).
std::unique_ptr<CoroutineBackend> check_lock_acquire(PyObject* self) {
    LockW* w = fast_self<LockW>(self);
    const Lock& lock = w->get();
    bool waits = lock.locked();
    for (const Future& fut : lock.waiters())
        waits = waits || !fut->cancelled();
    if (waits)
        w->binding.get_loop(w->run(), self);
    return nullptr;
}

std::unique_ptr<CoroutineBackend> lock_acquire_backend(PyObject* lock_self) {
    LockW* w = fast_self<LockW>(lock_self);
    auto backend = std::make_unique<LockAcquireBackend>(w->ref(), w->run().current_loc());
    if (!w->binding.current(w->run()))
        backend->check_binding(lock_self, &check_lock_acquire);
    return backend;
}

std::unique_ptr<CoroutineBackend> check_semaphore_acquire(PyObject* self) {
    SemaphoreW* w = fast_self<SemaphoreW>(self);
    if (w->get().locked())
        w->binding.get_loop(w->run(), self);
    return nullptr;
}

template <class W> std::unique_ptr<CoroutineBackend> acquire_backend(PyObject* self) {
    if constexpr (std::is_same_v<W, LockW>) {
        return lock_acquire_backend(self);
    } else if constexpr (std::is_same_v<W, ConditionW>) {
        return lock_acquire_backend(fast_self<ConditionW>(self)->lock_obj.ptr());
    } else {
        W& w = *fast_self<W>(self);
        return loop_bound(w.binding, w.run(), make_backend(w.get().acquire(w.run().current_loc())),
                          self, &check_semaphore_acquire);
    }
}

/// The lock-protocol implementation of `self` when it is a Condition on one, else null.
template <class W> PyObject* protocol_of(PyObject* self) {
    if constexpr (std::is_same_v<W, ConditionW>)
        return fast_self<ConditionW>(self)->protocol();
    else
        return nullptr;
}

template <class W> PyObject* fast_acquire(PyObject* self, PyObject*) {
    return guarded([&] {
        if (PyObject* impl = protocol_of<W>(self))
            return call_protocol(impl, "acquire");
        return new_native_awaitable(acquire_backend<W>(self), W::kAcquireName);
    });
}
template <class W> PyObject* fast_aenter(PyObject* self, PyObject*) {
    return guarded([&] {
        if (PyObject* impl = protocol_of<W>(self))
            return call_protocol(impl, "__aenter__");
        return new_native_awaitable(acquire_backend<W>(self), "_ContextManagerMixin.__aenter__",
                                    true);
    });
}
/// `async def __aexit__(...): self.release()`: releases when first sent, never suspends.
template <class P> class ReleaseBackend final : public CoroutineBackend {
  public:
    explicit ReleaseBackend(Ref<P> primitive) : m_primitive(std::move(primitive)) {}
    StepResult send() override {
        StepResult r;
        try {
            std::exchange(m_primitive, nullptr)->release();
        } catch (...) {
            r.kind = StepResult::Kind::Raised;
            r.error = normalize_error(std::current_exception());
        }
        return r; // Returned, no value (the await is None)
    }
    StepResult throw_in(std::exception_ptr error) override {
        m_primitive = nullptr;
        StepResult r;
        r.kind = StepResult::Kind::Raised;
        r.error = std::move(error);
        return r;
    }

  private:
    Ref<P> m_primitive;
};

template <class W> PyObject* fast_aexit(PyObject* self, PyObject* const* args, Py_ssize_t nargs) {
    return guarded([&] {
        if (PyObject* impl = protocol_of<W>(self))
            return PyObject_Vectorcall(py::getattr(impl, "__aexit__").ptr(), args,
                                       static_cast<std::size_t>(nargs), nullptr);
        auto ref = fast_self<W>(self)->ref();
        using P = std::remove_pointer_t<decltype(ref.get())>;
        return new_native_awaitable(std::make_unique<ReleaseBackend<P>>(std::move(ref)),
                                    "_ContextManagerMixin.__aexit__", true);
    });
}
template <class W> PyObject* fast_release(PyObject* self, PyObject*) {
    return guarded([&] {
        if (PyObject* impl = protocol_of<W>(self))
            return call_protocol(impl, "release");
        fast_self<W>(self)->get().release();
        return Py_NewRef(Py_None);
    });
}
template <class W> PyObject* fast_locked(PyObject* self, PyObject*) {
    return guarded([&] {
        if (PyObject* impl = protocol_of<W>(self))
            return call_protocol(impl, "locked");
        return PyBool_FromLong(fast_self<W>(self)->get().locked());
    });
}

/// Condition.wait in another loop (3.11.2): `self.release()`, then `_get_loop()` raises, and
/// the `finally` takes the lock back (waiting for it if a woken waiter is first) before the
/// RuntimeError propagates.
Coro<bool> raise_after_reacquire(Ref<Lock> lock, std::exception_ptr error, SourceLoc where) {
    lock->release();
    Coro<bool> reacquire = Condition::reacquire(std::move(lock), where, std::move(error),
                                                /*fast_path_tried=*/false);
    bool ok = co_await reacquire;
    co_return ok;
}

/// The condition's `_get_loop()` in wait(), after the lock check (wait() raises that first).
std::unique_ptr<CoroutineBackend> check_cond_wait(PyObject* self) {
    ConditionW* w = fast_self<ConditionW>(self);
    Condition& c = w->get();
    if (!c.locked())
        return nullptr;
    try {
        w->binding.get_loop(w->run(), self);
    } catch (const PyError&) {
        return make_backend(
            raise_after_reacquire(c.lock(), std::current_exception(), w->run().current_loc()));
    }
    return nullptr;
}

PyObject* fast_cond_wait(PyObject* self, PyObject*) {
    return guarded([&] {
        ConditionW* w = fast_self<ConditionW>(self);
        if (PyObject* impl = w->protocol())
            return call_protocol(impl, "wait", self);
        return new_native_awaitable(loop_bound(w->binding, w->run(),
                                               make_backend(w->get().wait(w->run().current_loc())),
                                               self, &check_cond_wait),
                                    "Condition.wait");
    });
}

PyObject* fast_cond_wait_for(PyObject* self, PyObject* predicate) {
    return guarded([&] {
        ConditionW* w = fast_self<ConditionW>(self);
        if (PyObject* impl = w->protocol())
            return call_protocol(impl, "wait_for", self, predicate);
        Condition& c = w->get();
        py::object pred_obj = py::reinterpret_borrow<py::object>(predicate);
        py::object self_obj = py::reinterpret_borrow<py::object>(self);
        auto pred = [pred_obj, self_obj]() {
            PyObject* r = PyObject_CallNoArgs(pred_obj.ptr());
            if (!r)
                throw_python_error();
            PyTruthy result{py::reinterpret_steal<py::object>(r)};
            // false: wait() comes next, and its `_get_loop()` (the lock stays held)
            ConditionW* w = fast_self<ConditionW>(self_obj.ptr());
            if (!w->binding.current(w->run()) && !result)
                w->binding.get_loop(w->run(), self_obj.ptr());
            return result;
        };
        Coro<PyTruthy> coro = c.wait_for(std::move(pred), w->run().current_loc());
        return native_raw(std::move(coro), "Condition.wait_for");
    });
}

PyObject* fast_cond_notify(PyObject* self, PyObject* const* args, Py_ssize_t nargs,
                           PyObject* kwnames) {
    return guarded([&]() -> PyObject* {
        std::int64_t n = 1;
        PyObject* arg = nargs > 0 ? args[0] : nullptr;
        if (kwnames && PyTuple_GET_SIZE(kwnames) == 1 && nargs == 0 &&
            PyUnicode_CompareWithASCIIString(PyTuple_GET_ITEM(kwnames, 0), "n") == 0)
            arg = args[0];
        else if (nargs > 1 || (kwnames && PyTuple_GET_SIZE(kwnames) > 0))
            throw type_error("notify() takes at most 1 argument (n)");
        if (arg) {
            n = PyLong_AsLongLong(arg);
            if (n == -1 && PyErr_Occurred())
                return nullptr;
        }
        if (PyObject* impl = fast_self<ConditionW>(self)->protocol())
            return arg ? call_protocol(impl, "notify", arg) : call_protocol(impl, "notify");
        fast_self<ConditionW>(self)->get().notify(n);
        return Py_NewRef(Py_None);
    });
}

PyObject* fast_cond_notify_all(PyObject* self, PyObject*) {
    return guarded([&] {
        if (PyObject* impl = fast_self<ConditionW>(self)->protocol())
            return call_protocol(impl, "notify_all");
        fast_self<ConditionW>(self)->get().notify_all();
        return Py_NewRef(Py_None);
    });
}

std::unique_ptr<CoroutineBackend> check_event_wait(PyObject* self) {
    EventW* w = fast_self<EventW>(self);
    if (!w->get().is_set())
        w->binding.get_loop(w->run(), self);
    return nullptr;
}

PyObject* fast_event_wait(PyObject* self, PyObject*) {
    return guarded([&] {
        EventW* w = fast_self<EventW>(self);
        return new_native_awaitable(loop_bound(w->binding, w->run(),
                                               make_backend(w->get().wait(w->run().current_loc())),
                                               self, &check_event_wait),
                                    "Event.wait");
    });
}
PyObject* fast_event_set(PyObject* self, PyObject*) {
    return guarded([&] {
        fast_self<EventW>(self)->get().set();
        return Py_NewRef(Py_None);
    });
}
PyObject* fast_event_clear(PyObject* self, PyObject*) {
    return guarded([&] {
        fast_self<EventW>(self)->get().clear();
        return Py_NewRef(Py_None);
    });
}
PyObject* fast_event_is_set(PyObject* self, PyObject*) {
    return guarded([&] { return PyBool_FromLong(fast_self<EventW>(self)->get().is_set()); });
}

template <class W> void add_lock_methods(const py::object& cls) {
    static PyMethodDef defs[] = {
        CONDLAB_NOARGS("acquire", fast_acquire<W>), CONDLAB_NOARGS("release", fast_release<W>),
        CONDLAB_NOARGS("locked", fast_locked<W>), CONDLAB_NOARGS("__aenter__", fast_aenter<W>),
        CONDLAB_FAST("__aexit__", fast_aexit<W>)};
    add_fast_methods(cls, defs);
}
/// A Condition's acquire / release / locked are its lock's (properties below).
void add_condition_context_methods(const py::object& cls) {
    static PyMethodDef defs[] = {CONDLAB_NOARGS("__aenter__", fast_aenter<ConditionW>),
                                 CONDLAB_FAST("__aexit__", fast_aexit<ConditionW>)};
    add_fast_methods(cls, defs);
}

void define_lock(py::module_& m) {
    py::class_<LockW, PrimitiveW> lock(m, "Lock");
    lock.def(py::init([](py::kwargs) { return std::make_unique<LockW>(); }))
        .def("__repr__", [](py::object self) {
            Lock& l = self.cast<LockW&>().get();
            return "<asyncio.locks.Lock object at " + address(self.ptr()) + " [" +
                   (l.locked() ? "locked" : "unlocked") + waiters_suffix(l.waiters().size()) + "]>";
        });
    set_type_name(lock, "Lock");
    add_lock_methods<LockW>(lock);
}

void define_condition(py::module_& m) {
    py::class_<ConditionW, PrimitiveW> condition(m, "Condition");
    condition
        .def(py::init([](py::object lock_obj, py::kwargs) {
                 if (lock_obj.is_none() || py::isinstance<LockW>(lock_obj))
                     return std::make_unique<ConditionW>(std::move(lock_obj));
                 py::object impl =
                     globals().condlab_module.attr("_LockProtocolCondition")(lock_obj);
                 return std::make_unique<ConditionW>(std::move(lock_obj), std::move(impl));
             }),
             py::arg("lock") = py::none())
        .def_property_readonly("locked", [](ConditionW& w) { return w.locked_m; })
        .def_property_readonly("acquire", [](ConditionW& w) { return w.acquire_m; })
        .def_property_readonly("release", [](ConditionW& w) { return w.release_m; })
        .def("__repr__", [](py::object self) {
            ConditionW& w = self.cast<ConditionW&>();
            std::string extra;
            if (PyObject* impl = w.protocol()) {
                extra = py::str(py::handle(impl).attr("extra")());
            } else {
                Condition& c = w.get();
                extra = std::string(c.locked() ? "locked" : "unlocked") +
                        waiters_suffix(c.waiters().size());
            }
            return "<asyncio.locks.Condition object at " + address(self.ptr()) + " [" + extra +
                   "]>";
        });
    set_type_name(condition, "Condition");
    add_condition_context_methods(condition);
    static PyMethodDef defs[] = {CONDLAB_NOARGS("wait", fast_cond_wait),
                                 CONDLAB_O("wait_for", fast_cond_wait_for),
                                 CONDLAB_FASTKW("notify", fast_cond_notify),
                                 CONDLAB_NOARGS("notify_all", fast_cond_notify_all)};
    add_fast_methods(condition, defs);
}

void define_event(py::module_& m) {
    py::class_<EventW, PrimitiveW> event(m, "Event");
    event.def(py::init([](py::kwargs) { return std::make_unique<EventW>(); }))
        .def("__repr__", [](py::object self) {
            Event& e = self.cast<EventW&>().get();
            return "<asyncio.locks.Event object at " + address(self.ptr()) + " [" +
                   (e.is_set() ? "set" : "unset") + waiters_suffix(e.waiters().size()) + "]>";
        });
    set_type_name(event, "Event");
    static PyMethodDef defs[] = {
        CONDLAB_NOARGS("wait", fast_event_wait), CONDLAB_NOARGS("set", fast_event_set),
        CONDLAB_NOARGS("clear", fast_event_clear), CONDLAB_NOARGS("is_set", fast_event_is_set)};
    add_fast_methods(event, defs);
}

void define_semaphores(py::module_& m) {
    py::class_<SemaphoreW, PrimitiveW> semaphore(m, "Semaphore");
    semaphore
        .def(py::init([](int value, py::kwargs) {
                 RunContext& run = active_run();
                 return std::make_unique<SemaphoreW>(
                     make_ref<Semaphore>(run.loop(), value, run.current_loc()));
             }),
             py::arg("value") = 1)
        .def("__repr__", [](py::object self) {
            Semaphore& s = self.cast<SemaphoreW&>().get();
            std::string cls = py::str(py::type::handle_of(self).attr("__name__"));
            std::string extra =
                s.locked() ? "locked" : "unlocked, value:" + std::to_string(s.value());
            return "<asyncio.locks." + cls + " object at " + address(self.ptr()) + " [" + extra +
                   waiters_suffix(s.waiters().size()) + "]>";
        });
    set_type_name(semaphore, "Semaphore");
    add_lock_methods<SemaphoreW>(semaphore);

    py::class_<BoundedSemaphoreW, SemaphoreW> bounded(m, "BoundedSemaphore");
    bounded.def(py::init([](int value, py::kwargs) {
                    RunContext& run = active_run();
                    return std::make_unique<BoundedSemaphoreW>(
                        make_ref<BoundedSemaphore>(run.loop(), value, run.current_loc()));
                }),
                py::arg("value") = 1);
    set_type_name(bounded, "BoundedSemaphore");
}

} // namespace

void define_locks(py::module_& m) {
    py::class_<PrimitiveW, Bound> primitive(m, "_CondlabPrimitive");
    g_primitive_type = reinterpret_cast<PyTypeObject*>(primitive.ptr());
    define_lock(m);
    define_condition(m);
    define_event(m);
    define_semaphores(m);
}

} // namespace condlab::python::bind
