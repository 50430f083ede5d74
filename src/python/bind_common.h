// Shared helpers of the asyncio bindings (bind_*.cpp): the active run, reprs, native
// awaitables, Python callbacks run by the loop, and the raw C-API fast methods.
#pragma once

#include "python/awaitables.h"
#include "python/errors.h"
#include "python/interpreter.h"
#include "python/run_context.h"

#include <pybind11/stl.h>

#include <functional>
#include <optional>
#include <string>

namespace condlab::python::bind {

/// The run a module function was called in.
RunContext& active_run();
/// asyncio functions that need a running loop (current_task(), create_task(), ...).
RunContext& running_loop_run();

std::string repr_of(py::handle obj);
py::object steal_or_throw(PyObject* obj);
std::string address(const void* p);
std::string coroutine_expected(py::handle obj);
std::optional<std::string> optional_message(const py::object& msg);
std::optional<double> optional_double(const py::object& v);
void set_type_name(const py::object& cls, const char* name);

/// Runs a Python callback from the loop (call_soon, done callbacks) in `context` (a
/// contextvars.Context, or null for the current one). Errors are reported like asyncio's
/// default exception handler; the budget abort passes silently.
void run_python_callback(RunContext* run, PyObject* fn, PyObject* args, PyObject* context);

/// A loop callback holding a Python callable, its arguments and its context.
struct PyCallback {
    py::object fn;
    py::object args;
    RunContext* run{};
    py::object context{};
    void operator()() { run_python_callback(run, fn.ptr(), args.ptr(), context.ptr()); }
};

/// `coro`: a Coro<T> or a CoroConvertible awaitable (Lock::acquire()).
template <class C> py::object native(C coro, const char* qualname, bool return_none = false) {
    return steal_or_throw(
        new_native_awaitable(make_backend(std::move(coro)), qualname, return_none));
}

py::object call_awaitable(std::function<std::any()> fn, const char* qualname);

// -- Fast paths ------------------------------------------------------------------------------
// pybind11's dispatcher costs a few hundred ns per call (argument casters, type lookups by
// std::type_index); the operations a lesson repeats in its loops are plain METH_* methods,
// installed with add_fast_methods instead of .def().

/// The C++ object of a wrapper (`self` is an instance of the class the method is on).
template <class W> W* fast_self(PyObject* self) {
    auto* inst = reinterpret_cast<py::detail::instance*>(self);
    if (inst->simple_layout)
        return static_cast<W*>(inst->simple_value_holder[0]);
    return py::handle(self).cast<W*>();
}

/// Runs `f` (returning a new reference) and turns C++ exceptions into Python ones.
template <class F> PyObject* guarded(F&& f) noexcept {
    try {
        return f();
    } catch (py::error_already_set& e) {
        e.restore();
    } catch (...) {
        set_python_error(std::current_exception());
    }
    return nullptr;
}

template <class C> PyObject* native_raw(C coro, const char* qualname, bool return_none = false) {
    return new_native_awaitable(make_backend(std::move(coro)), qualname, return_none);
}

/// Adds raw methods to a pybind11 class. `defs` must outlive the type (a static array).
void add_fast_methods(const py::object& cls, PyMethodDef* defs, std::size_t n);
template <std::size_t N> void add_fast_methods(const py::object& cls, PyMethodDef (&defs)[N]) {
    add_fast_methods(cls, defs, N);
}

#define CONDLAB_NOARGS(name, fn)                                                                   \
    PyMethodDef { name, reinterpret_cast<PyCFunction>(fn), METH_NOARGS, nullptr }
#define CONDLAB_O(name, fn)                                                                        \
    PyMethodDef { name, reinterpret_cast<PyCFunction>(fn), METH_O, nullptr }
#define CONDLAB_FAST(name, fn)                                                                     \
    PyMethodDef {                                                                                  \
        name, reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(fn)), METH_FASTCALL,      \
            nullptr                                                                                \
    }
#define CONDLAB_FASTKW(name, fn)                                                                   \
    PyMethodDef {                                                                                  \
        name, reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(fn)),                     \
            METH_FASTCALL | METH_KEYWORDS, nullptr                                                 \
    }

// -- define_*: each adds its part of the module --------------------------------------------
void define_futures(py::module_& m);
void define_loop(py::module_& m);
void define_locks(py::module_& m);
void define_queues(py::module_& m);
void define_barrier(py::module_& m);
void define_timeouts(py::module_& m);
void define_output(py::module_& m);
void define_functions(py::module_& m);
void define_unsupported(py::module_& m);

/// The Python part of the module (bind_shim.cpp), run in a copy of the bound names.
extern const char* const kAsyncioShim;

} // namespace condlab::python::bind
