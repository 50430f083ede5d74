// condlab's raw Python awaitables (FutureToken, FutureIter, NativeAwaitable) and their types.
// [SECTION] FutureToken
// [SECTION] FutureIter
// [SECTION] NativeAwaitable
#include "python/awaitables.h"

#include "python/errors.h"
#include "python/interpreter.h"

#include <frameobject.h>

#include <vector>

namespace condlab::python {

/// The runtime future of a condlab Future / Task wrapper, or null (asyncio_module.cpp).
FutureState* wrapper_future(PyObject* obj);

namespace {

template <class T> T* as(PyObject* o) { return reinterpret_cast<T*>(o); }

/// Sets StopIteration(value) (value may be None) for iterator / throw() returns.
void set_stop_iteration(PyObject* value) {
    if (value == Py_None)
        PyErr_SetNone(PyExc_StopIteration);
    else
        _PyGen_SetStopIterationValue(value);
}

bool in_teardown(RunContext* run) { return run && run->phase == RunContext::Phase::Teardown; }

/// Freed objects of one raw type, kept for the next one as CPython keeps its floats and
/// tuples: a lesson's loop makes and drops an awaitable and a token at every await. Under
/// AddressSanitizer every object is freed, so that a use after free is still caught.
template <class T> class FreeList {
  public:
    T* take(PyTypeObject* type) {
        if (m_count == 0)
            return PyObject_New(T, type);
        T* o = m_items[--m_count];
        PyObject_Init(reinterpret_cast<PyObject*>(o), type);
        return o;
    }
    void give(PyObject* o) {
#if !defined(__SANITIZE_ADDRESS__)
        if (m_count < kMax) {
            m_items[m_count++] = reinterpret_cast<T*>(o);
            return;
        }
#endif
        Py_TYPE(o)->tp_free(o);
    }

  private:
    static constexpr int kMax = 64;
    T* m_items[kMax];
    int m_count = 0;
};

} // namespace

// ---------------------------------------------------------------------------
// [SECTION] FutureToken
// ---------------------------------------------------------------------------

namespace {

struct TokenObject : RawObject {
    FutureState* fut;
};

PyTypeObject g_token_type{}; // filled in init_awaitable_types()
FreeList<TokenObject> g_free_tokens;

void token_detach(RawObject* o) noexcept {
    auto* t = static_cast<TokenObject*>(o);
    if (t->fut)
        std::exchange(t->fut, nullptr)->release_ref();
}

void token_dealloc(PyObject* self) {
    auto* t = as<TokenObject>(self);
    unlink_raw(t);
    token_detach(t);
    g_free_tokens.give(self);
}

PyObject* token_repr(PyObject*) { return PyUnicode_FromString("<condlab future>"); }

} // namespace

PyObject* new_future_token(Future fut) {
    auto* t = g_free_tokens.take(&g_token_type);
    if (!t)
        return nullptr;
    t->fut = fut.detach();
    link_raw(t, token_detach);
    return reinterpret_cast<PyObject*>(t);
}

FutureState* token_future(PyObject* obj) noexcept {
    return Py_TYPE(obj) == &g_token_type ? as<TokenObject>(obj)->fut : nullptr;
}

// ---------------------------------------------------------------------------
// [SECTION] FutureIter
// ---------------------------------------------------------------------------

namespace {

struct FutureIterObject : RawObject {
    FutureState* fut;
    bool yielded;
};

PyTypeObject g_future_iter_type{};

void future_iter_detach(RawObject* o) noexcept {
    auto* it = static_cast<FutureIterObject*>(o);
    if (it->fut)
        std::exchange(it->fut, nullptr)->release_ref();
}

void future_iter_dealloc(PyObject* self) {
    auto* it = as<FutureIterObject>(self);
    unlink_raw(it);
    future_iter_detach(it);
    Py_TYPE(self)->tp_free(self);
}

PySendResult future_iter_am_send(PyObject* self, PyObject*, PyObject** result) {
    auto* it = as<FutureIterObject>(self);
    *result = nullptr;
    if (!it->fut) {
        if (!it->run && it->raw_next == nullptr && it->yielded) {
            PyErr_SetString(PyExc_RuntimeError,
                            "this asyncio future belongs to a condlab run that has ended");
            return PYGEN_ERROR;
        }
        *result = Py_NewRef(Py_None);
        return PYGEN_RETURN;
    }
    FutureState* fut = it->fut;
    if (!fut->done()) {
        if (!it->yielded) {
            it->yielded = true;
            fut->add_ref();
            *result = new_future_token(Future(fut));
            fut->release_ref();
            return *result ? PYGEN_NEXT : PYGEN_ERROR;
        }
        PyErr_SetString(PyExc_RuntimeError, "await wasn't used with future");
        return PYGEN_ERROR;
    }
    try {
        if (std::exception_ptr err = fut->error_for_result()) {
            set_python_error(err);
            return PYGEN_ERROR;
        }
        py::object value = to_python(fut->result());
        *result = value.release().ptr();
        return PYGEN_RETURN;
    } catch (py::error_already_set& e) {
        e.restore();
        return PYGEN_ERROR;
    } catch (...) {
        set_python_error(std::current_exception());
        return PYGEN_ERROR;
    }
}

PyObject* future_iter_next(PyObject* self) {
    PyObject* result = nullptr;
    PySendResult r = future_iter_am_send(self, Py_None, &result);
    if (r == PYGEN_RETURN) {
        set_stop_iteration(result);
        Py_DECREF(result);
        return nullptr;
    }
    return result;
}

PyObject* future_iter_send(PyObject* self, PyObject* arg) {
    PyObject* result = nullptr;
    PySendResult r = future_iter_am_send(self, arg, &result);
    if (r == PYGEN_RETURN) {
        set_stop_iteration(result);
        Py_DECREF(result);
        return nullptr;
    }
    return result;
}

/// throw(typ[, val[, tb]]) -> the exception instance to raise (new reference) or null.
PyObject* exception_from_throw_args(PyObject* args) {
    PyObject *typ = nullptr, *val = nullptr, *tb = nullptr;
    if (!PyArg_UnpackTuple(args, "throw", 1, 3, &typ, &val, &tb))
        return nullptr;
    if (val == Py_None)
        val = nullptr;
    if (tb == Py_None)
        tb = nullptr;
    PyObject* exc = nullptr;
    if (PyExceptionInstance_Check(typ)) {
        if (val) {
            PyErr_SetString(PyExc_TypeError, "instance exception may not have a separate value");
            return nullptr;
        }
        exc = Py_NewRef(typ);
    } else if (PyExceptionClass_Check(typ)) {
        if (val && PyObject_IsInstance(val, typ) == 1)
            exc = Py_NewRef(val);
        else if (val)
            exc = PyObject_CallOneArg(typ, val);
        else
            exc = PyObject_CallNoArgs(typ);
        if (!exc)
            return nullptr;
    } else {
        PyErr_Format(PyExc_TypeError,
                     "exceptions must be classes or instances deriving from BaseException, not %s",
                     Py_TYPE(typ)->tp_name);
        return nullptr;
    }
    if (tb)
        PyException_SetTraceback(exc, tb);
    return exc;
}

PyObject* future_iter_throw(PyObject*, PyObject* args) {
    PyObject* exc = exception_from_throw_args(args);
    if (!exc)
        return nullptr;
    PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(exc)), exc);
    Py_DECREF(exc);
    return nullptr;
}

PyObject* future_iter_close(PyObject* self, PyObject*) {
    auto* it = as<FutureIterObject>(self);
    future_iter_detach(it);
    Py_RETURN_NONE;
}

PyMethodDef g_future_iter_methods[] = {
    {"send", future_iter_send, METH_O, nullptr},
    {"throw", future_iter_throw, METH_VARARGS, nullptr},
    {"close", future_iter_close, METH_NOARGS, nullptr},
    {nullptr, nullptr, 0, nullptr},
};

PyAsyncMethods g_future_iter_async{nullptr, nullptr, nullptr, future_iter_am_send};

} // namespace

PyObject* new_future_iter(Future fut) {
    auto* it = PyObject_New(FutureIterObject, &g_future_iter_type);
    if (!it)
        return nullptr;
    it->fut = fut.detach();
    it->yielded = false;
    link_raw(it, future_iter_detach);
    return reinterpret_cast<PyObject*>(it);
}

// ---------------------------------------------------------------------------
// [SECTION] NativeAwaitable
// ---------------------------------------------------------------------------

namespace {

struct NativeObject : RawObject {
    CoroutineBackend* backend; // owned
    const char* qualname;
    bool started;  // sent / thrown into at least once (or consumed / closed)
    bool finished; // returned or raised
    bool return_none;
    bool running;
};

PyTypeObject g_native_type{};
FreeList<NativeObject> g_free_native;

void native_destroy_backend(NativeObject* n) noexcept {
    if (CoroutineBackend* b = std::exchange(n->backend, nullptr))
        delete b;
}

void native_detach(RawObject* o) noexcept {
    auto* n = static_cast<NativeObject*>(o);
    n->started = true; // no never-awaited warning for objects of a finished run
    native_destroy_backend(n);
}

void native_finalize(PyObject* self) {
    auto* n = as<NativeObject>(self);
    if (n->started || !n->backend || !n->run || n->run->phase != RunContext::Phase::Running)
        return;
    n->started = true;
    PyObject *et, *ev, *etb;
    PyErr_Fetch(&et, &ev, &etb);
    PyObject* fn = PyObject_GetAttrString(globals().warnings.ptr(), "_warn_unawaited_coroutine");
    if (fn) {
        PyObject* r = PyObject_CallOneArg(fn, self);
        if (!r)
            PyErr_WriteUnraisable(self);
        Py_XDECREF(r);
        Py_DECREF(fn);
    } else {
        PyErr_Clear();
    }
    PyErr_Restore(et, ev, etb);
}

void native_dealloc(PyObject* self) {
    auto* n = as<NativeObject>(self);
    // Only a never-awaited coroutine has something to finalize (the warning).
    if (!n->started && n->backend && PyObject_CallFinalizerFromDealloc(self) < 0)
        return; // resurrected
    unlink_raw(n);
    native_destroy_backend(n);
    g_free_native.give(self);
}

PyObject* native_repr(PyObject* self) {
    return PyUnicode_FromFormat("<coroutine object %s at %p>", as<NativeObject>(self)->qualname,
                                self);
}

PyObject* native_await(PyObject* self) { return Py_NewRef(self); }

/// One step of the runtime coroutine, as a PySendResult.
PySendResult native_finish(NativeObject* n, StepResult& r, PyObject** result) {
    *result = nullptr;
    switch (r.kind) {
    case StepResult::Kind::YieldedFuture:
        *result = new_future_token(std::move(r.future));
        return *result ? PYGEN_NEXT : PYGEN_ERROR;
    case StepResult::Kind::YieldedNone:
        *result = Py_NewRef(Py_None);
        return PYGEN_NEXT;
    case StepResult::Kind::Returned: {
        n->finished = true;
        native_destroy_backend(n);
        if (n->return_none) {
            *result = Py_NewRef(Py_None);
            return PYGEN_RETURN;
        }
        try {
            *result = to_python(r.value).release().ptr();
        } catch (py::error_already_set& e) {
            e.restore();
            return PYGEN_ERROR;
        }
        return PYGEN_RETURN;
    }
    case StepResult::Kind::Raised:
    case StepResult::Kind::BadYield:
        n->finished = true;
        native_destroy_backend(n);
        set_python_error(normalize_error(r.error));
        return PYGEN_ERROR;
    }
    return PYGEN_ERROR;
}

/// step() as is, or Raised with what it threw. Built in place (the result is returned as a
/// prvalue): assigning a StepResult moves its std::any, on every send of every awaitable.
template <class Step> StepResult step_catching(Step&& step) noexcept {
    try {
        return step();
    } catch (...) {
        StepResult r;
        r.kind = StepResult::Kind::Raised;
        r.error = std::current_exception();
        return r;
    }
}

bool native_check_usable(NativeObject* n) {
    if (in_teardown(n->run)) {
        RunContext::raise_abort_exception("condlab: run is over");
        return false;
    }
    if (n->running) {
        PyErr_SetString(PyExc_ValueError, "coroutine already executing");
        return false;
    }
    if (!n->backend) {
        if (!n->run && !n->finished)
            PyErr_SetString(PyExc_RuntimeError,
                            "this asyncio object belongs to a condlab run that has ended");
        else
            PyErr_SetString(PyExc_RuntimeError, "cannot reuse already awaited coroutine");
        return false;
    }
    return true;
}

PySendResult native_am_send(PyObject* self, PyObject* arg, PyObject** result) {
    auto* n = as<NativeObject>(self);
    *result = nullptr;
    if (!native_check_usable(n))
        return PYGEN_ERROR;
    if (!n->started && arg != Py_None) {
        PyErr_SetString(PyExc_TypeError, "can't send non-None value to a just-started coroutine");
        return PYGEN_ERROR;
    }
    n->started = true;
    n->running = true;
    StepResult r = step_catching([n] { return n->backend->send(); });
    n->running = false;
    return native_finish(n, r, result);
}

PyObject* native_next(PyObject* self) {
    PyObject* result = nullptr;
    PySendResult r = native_am_send(self, Py_None, &result);
    if (r == PYGEN_RETURN) {
        set_stop_iteration(result);
        Py_DECREF(result);
        return nullptr;
    }
    return result;
}

PyObject* native_send(PyObject* self, PyObject* arg) {
    PyObject* result = nullptr;
    PySendResult r = native_am_send(self, arg, &result);
    if (r == PYGEN_RETURN) {
        set_stop_iteration(result);
        Py_DECREF(result);
        return nullptr;
    }
    return result;
}

PyObject* native_throw(PyObject* self, PyObject* args) {
    auto* n = as<NativeObject>(self);
    PyObject* exc = exception_from_throw_args(args);
    if (!exc)
        return nullptr;
    if (!n->backend && !in_teardown(n->run) && (n->finished || n->started)) {
        // Exhausted: the exception is raised as is.
        PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(exc)), exc);
        Py_DECREF(exc);
        return nullptr;
    }
    if (!native_check_usable(n)) {
        Py_DECREF(exc);
        return nullptr;
    }
    n->started = true;
    std::exception_ptr err = error_from_python(exc);
    Py_DECREF(exc);
    n->running = true;
    StepResult r = step_catching([n, &err] { return n->backend->throw_in(err); });
    n->running = false;
    PyObject* result = nullptr;
    PySendResult s = native_finish(n, r, &result);
    if (s == PYGEN_RETURN) {
        set_stop_iteration(result);
        Py_DECREF(result);
        return nullptr;
    }
    return result;
}

PyObject* native_close(PyObject* self, PyObject*) {
    auto* n = as<NativeObject>(self);
    n->started = true;
    n->finished = true;
    native_destroy_backend(n);
    Py_RETURN_NONE;
}

PyObject* native_get_qualname(PyObject* self, void*) {
    return PyUnicode_FromString(as<NativeObject>(self)->qualname);
}
PyObject* native_get_name(PyObject* self, void*) {
    const char* q = as<NativeObject>(self)->qualname;
    const char* dot = std::strrchr(q, '.');
    return PyUnicode_FromString(dot ? dot + 1 : q);
}
PyObject* native_get_none(PyObject*, void*) { Py_RETURN_NONE; }
PyObject* native_get_running(PyObject* self, void*) {
    return PyBool_FromLong(as<NativeObject>(self)->running);
}

PyMethodDef g_native_methods[] = {
    {"send", native_send, METH_O, nullptr},
    {"throw", native_throw, METH_VARARGS, nullptr},
    {"close", native_close, METH_NOARGS, nullptr},
    {nullptr, nullptr, 0, nullptr},
};

PyGetSetDef g_native_getset[] = {
    {"__qualname__", native_get_qualname, nullptr, nullptr, nullptr},
    {"__name__", native_get_name, nullptr, nullptr, nullptr},
    {"cr_origin", native_get_none, nullptr, nullptr, nullptr},
    {"cr_await", native_get_none, nullptr, nullptr, nullptr},
    {"cr_frame", native_get_none, nullptr, nullptr, nullptr},
    {"cr_code", native_get_none, nullptr, nullptr, nullptr},
    {"cr_running", native_get_running, nullptr, nullptr, nullptr},
    {nullptr, nullptr, nullptr, nullptr, nullptr},
};

PyAsyncMethods g_native_async{native_await, nullptr, nullptr, native_am_send};

} // namespace

PyObject* new_native_awaitable(std::unique_ptr<CoroutineBackend> backend, const char* qualname,
                               bool return_none) {
    auto* n = g_free_native.take(&g_native_type);
    if (!n)
        return nullptr;
    n->backend = backend.release();
    n->qualname = qualname;
    n->started = false;
    n->finished = false;
    n->return_none = return_none;
    n->running = false;
    link_raw(n, native_detach);
    return reinterpret_cast<PyObject*>(n);
}

bool is_native_awaitable(PyObject* obj) noexcept { return Py_TYPE(obj) == &g_native_type; }

const char* native_qualname(PyObject* obj) noexcept {
    return is_native_awaitable(obj) ? as<NativeObject>(obj)->qualname : "";
}

std::unique_ptr<CoroutineBackend> take_native_backend(PyObject* obj) {
    auto* n = as<NativeObject>(obj);
    if (!n->backend || n->started) {
        if (!n->run && !n->finished)
            throw python_runtime_error(
                "this asyncio object belongs to a condlab run that has ended");
        throw python_runtime_error("cannot reuse already awaited coroutine");
    }
    n->started = true;
    return std::unique_ptr<CoroutineBackend>(std::exchange(n->backend, nullptr));
}

// ---------------------------------------------------------------------------
// Type registration
// ---------------------------------------------------------------------------

void init_awaitable_types() {
    for (PyTypeObject* t : {&g_token_type, &g_future_iter_type, &g_native_type})
        Py_SET_REFCNT(reinterpret_cast<PyObject*>(t), 1); // static types live forever
    g_token_type.tp_name = "condlab.FutureToken";
    g_token_type.tp_basicsize = sizeof(TokenObject);
    g_token_type.tp_dealloc = token_dealloc;
    g_token_type.tp_repr = token_repr;
    g_token_type.tp_flags = Py_TPFLAGS_DEFAULT;
    if (PyType_Ready(&g_token_type) < 0)
        throw py::error_already_set();

    g_future_iter_type.tp_name = "FutureIter";
    g_future_iter_type.tp_basicsize = sizeof(FutureIterObject);
    g_future_iter_type.tp_dealloc = future_iter_dealloc;
    g_future_iter_type.tp_flags = Py_TPFLAGS_DEFAULT;
    g_future_iter_type.tp_iter = PyObject_SelfIter;
    g_future_iter_type.tp_iternext = future_iter_next;
    g_future_iter_type.tp_methods = g_future_iter_methods;
    g_future_iter_type.tp_as_async = &g_future_iter_async;
    if (PyType_Ready(&g_future_iter_type) < 0)
        throw py::error_already_set();

    g_native_type.tp_name = "coroutine";
    g_native_type.tp_basicsize = sizeof(NativeObject);
    g_native_type.tp_dealloc = native_dealloc;
    g_native_type.tp_finalize = native_finalize;
    g_native_type.tp_repr = native_repr;
    g_native_type.tp_flags = Py_TPFLAGS_DEFAULT;
    g_native_type.tp_iternext = native_next;
    // __await__() returns self: `yield from` needs iter().
    g_native_type.tp_iter = PyObject_SelfIter;
    g_native_type.tp_methods = g_native_methods;
    g_native_type.tp_getset = g_native_getset;
    g_native_type.tp_as_async = &g_native_async;
    if (PyType_Ready(&g_native_type) < 0)
        throw py::error_already_set();
    // collections.abc.Coroutine.register(...): inspect.isawaitable and friends agree.
    py::module_::import("collections.abc")
        .attr("Coroutine")
        .attr("register")(py::handle(reinterpret_cast<PyObject*>(&g_native_type)));
}

} // namespace condlab::python
