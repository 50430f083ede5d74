#pragma once
// Python exceptions <-> the runtime's C++ errors (runtime/error.h).
//
// A Python exception travelling through the runtime (a task's result, a CancelledError
// thrown into a native coroutine) is a PythonError / PythonCancelledError holding the very
// Python object, so the SAME instance is re-raised wherever Python would re-raise it.
// Errors created by the runtime itself (PyError("RuntimeError", "Lock is not acquired."),
// CancelledError(msg), TimeoutError with a cause) become new instances of the matching
// Python class, once per error (the same C++ error always converts to the same object).
#include "runtime/error.h"

#include <pybind11/pybind11.h>

#include <exception>

namespace condlab::python {

namespace py = pybind11;

/// Holds a Python exception instance (base of PythonError and PythonCancelledError).
class PythonObjectHolder {
  public:
    explicit PythonObjectHolder(py::object exc) : m_object(std::move(exc)) {}
    [[nodiscard]] const py::object& object() const noexcept { return m_object; }

  private:
    py::object m_object;
};

/// Any Python exception but CancelledError.
class PythonError : public PyError, public PythonObjectHolder {
  public:
    explicit PythonError(py::object exc);
};

/// asyncio.CancelledError (or a subclass) raised by Python code.
class PythonCancelledError : public CancelledError, public PythonObjectHolder {
  public:
    explicit PythonCancelledError(py::object exc);
};

/// Wraps a Python exception instance for the runtime.
std::exception_ptr error_from_python(py::handle exc);
/// Takes the current Python error (PyErr_Occurred() must be true) and clears it.
std::exception_ptr fetch_python_error();
/// The current Python error (set, not fetched) leaves asyncio's loop at once when a task or
/// a callback raises it: SystemExit, KeyboardInterrupt, or condlab's os._exit exception.
bool leaves_the_loop() noexcept;
/// Same for an exception instance.
bool leaves_the_loop(PyObject* exc) noexcept;
/// Same, thrown as the C++ exception.
[[noreturn]] void throw_python_error();
/// Converts any runtime / C++ error into a Python exception instance.
py::object to_python_exception(const std::exception_ptr& error);
/// Sets the Python error indicator from a runtime / C++ error (for returning NULL).
void set_python_error(const std::exception_ptr& error);
/// Converts an error_already_set (pybind11) into a PythonError; passes anything else on.
std::exception_ptr normalize_error(std::exception_ptr error);

/// The Python exception class for a runtime error type name ("RuntimeError", "QueueEmpty").
py::object exception_class(const std::string& type_name);

/// Forgets the per-run conversion cache (end of a run, with the GIL held).
void clear_error_cache();

} // namespace condlab::python
