#include "python/errors.h"

#include "python/interpreter.h"

#include <unordered_map>

namespace condlab::python {

namespace {

std::string type_name_of(PyObject* exc) {
    const char* name = Py_TYPE(exc)->tp_name;
    const char* dot = std::strrchr(name, '.');
    return dot ? dot + 1 : name;
}

std::string str_of(PyObject* exc) {
    PyObject* s = PyObject_Str(exc);
    if (!s) {
        PyErr_Clear();
        return {};
    }
    Py_ssize_t n = 0;
    const char* utf8 = PyUnicode_AsUTF8AndSize(s, &n);
    std::string out = utf8 ? std::string(utf8, static_cast<std::size_t>(n)) : std::string();
    if (!utf8)
        PyErr_Clear();
    Py_DECREF(s);
    return out;
}

std::optional<std::string> cancel_message_of(PyObject* exc) {
    PyObject* args = PyObject_GetAttrString(exc, "args");
    if (!args) {
        PyErr_Clear();
        return std::nullopt;
    }
    std::optional<std::string> msg;
    if (PyTuple_Check(args) && PyTuple_GET_SIZE(args) >= 1)
        msg = str_of(PyTuple_GET_ITEM(args, 0));
    Py_DECREF(args);
    return msg;
}

// Runtime-created errors already converted in this run: the C++ exception object's address
// (stable while its exception_ptr lives, which the entry keeps) -> the Python instance.
struct CacheEntry {
    std::exception_ptr keep;
    py::object object;
};
std::unordered_map<const void*, CacheEntry>& cache() {
    static auto* c = new std::unordered_map<const void*, CacheEntry>();
    return *c;
}

py::object make_instance(const py::object& cls, const std::string& message) {
    if (message.empty())
        return cls();
    return cls(message);
}

py::object convert_runtime_error(const std::exception_ptr& error, const PyError& err) {
    auto it = cache().find(&err);
    if (it != cache().end())
        return it->second.object;
    py::object obj;
    if (const auto* cancelled = dynamic_cast<const CancelledError*>(&err)) {
        py::object cls = globals().cancelled_error;
        obj = cancelled->cancel_message() ? cls(*cancelled->cancel_message()) : cls();
    } else {
        obj = make_instance(exception_class(err.type()), err.message());
    }
    if (std::exception_ptr cause = err.cause()) {
        py::object c = to_python_exception(cause);
        PyException_SetCause(obj.ptr(), c.release().ptr()); // steals; sets __suppress_context__
    }
    cache().emplace(&err, CacheEntry{error, obj});
    return obj;
}

} // namespace

PythonError::PythonError(py::object exc)
    : PyError(type_name_of(exc.ptr()), str_of(exc.ptr())), PythonObjectHolder(std::move(exc)) {}

PythonCancelledError::PythonCancelledError(py::object exc)
    : CancelledError(cancel_message_of(exc.ptr())), PythonObjectHolder(std::move(exc)) {}

std::exception_ptr error_from_python(py::handle exc) {
    py::object obj = py::reinterpret_borrow<py::object>(exc);
    if (PyObject_IsInstance(exc.ptr(), globals().cancelled_error.ptr()) == 1)
        return std::make_exception_ptr(PythonCancelledError(std::move(obj)));
    return std::make_exception_ptr(PythonError(std::move(obj)));
}

std::exception_ptr fetch_python_error() {
    PyObject *type = nullptr, *value = nullptr, *tb = nullptr;
    PyErr_Fetch(&type, &value, &tb);
    if (!type) {
        return std::make_exception_ptr(PythonError(py::reinterpret_steal<py::object>(
            PyObject_CallFunction(PyExc_SystemError, "s", "error return without exception set"))));
    }
    PyErr_NormalizeException(&type, &value, &tb);
    if (tb && value)
        PyException_SetTraceback(value, tb);
    Py_XDECREF(type);
    Py_XDECREF(tb);
    py::object obj = py::reinterpret_steal<py::object>(value);
    return error_from_python(obj);
}

bool leaves_the_loop() noexcept {
    return PyErr_ExceptionMatches(PyExc_SystemExit) ||
           PyErr_ExceptionMatches(PyExc_KeyboardInterrupt) ||
           PyErr_ExceptionMatches(globals().exit_error.ptr());
}

bool leaves_the_loop(PyObject* exc) noexcept {
    return PyObject_TypeCheck(exc, reinterpret_cast<PyTypeObject*>(PyExc_SystemExit)) ||
           PyObject_TypeCheck(exc, reinterpret_cast<PyTypeObject*>(PyExc_KeyboardInterrupt)) ||
           PyObject_TypeCheck(exc, reinterpret_cast<PyTypeObject*>(globals().exit_error.ptr()));
}

void throw_python_error() { std::rethrow_exception(fetch_python_error()); }

std::exception_ptr normalize_error(std::exception_ptr error) {
    try {
        std::rethrow_exception(error);
    } catch (py::error_already_set& e) {
        return error_from_python(e.value());
    } catch (...) {
        return error;
    }
}

py::object exception_class(const std::string& name) {
    InterpreterGlobals& g = globals();
    if (name == "CancelledError")
        return g.cancelled_error;
    if (name == "InvalidStateError")
        return g.invalid_state_error;
    if (name == "QueueEmpty")
        return g.queue_empty;
    if (name == "QueueFull")
        return g.queue_full;
    if (name == "BrokenBarrierError")
        return g.broken_barrier_error;
    PyObject* cls = PyObject_GetAttrString(g.builtins.ptr(), name.c_str());
    if (cls && PyExceptionClass_Check(cls))
        return py::reinterpret_steal<py::object>(cls);
    Py_XDECREF(cls);
    PyErr_Clear();
    return py::reinterpret_borrow<py::object>(PyExc_RuntimeError);
}

py::object to_python_exception(const std::exception_ptr& error) {
    if (!error)
        return py::none();
    try {
        std::rethrow_exception(error);
    } catch (const PythonObjectHolder& held) {
        return held.object();
    } catch (const PyError& err) {
        return convert_runtime_error(error, err);
    } catch (py::error_already_set& e) {
        return e.value();
    } catch (const std::bad_alloc&) {
        return py::reinterpret_borrow<py::object>(PyExc_MemoryError)();
    } catch (const std::exception& e) {
        return py::reinterpret_borrow<py::object>(PyExc_RuntimeError)(std::string(e.what()));
    } catch (...) {
        return py::reinterpret_borrow<py::object>(PyExc_RuntimeError)("unknown C++ exception");
    }
}

void set_python_error(const std::exception_ptr& error) {
    py::object exc;
    try {
        exc = to_python_exception(error);
    } catch (py::error_already_set& e) {
        e.restore();
        return;
    }
    PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(exc.ptr())), exc.ptr());
}

void clear_error_cache() { cache().clear(); }

} // namespace condlab::python
