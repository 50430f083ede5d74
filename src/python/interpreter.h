#pragma once
// The embedded CPython 3.11 interpreter: started once per process, shared by every run.
//
// run_program() takes RunLock (a process-wide mutex, then the GIL): one program runs at a
// time; other threads wait on the mutex without holding the GIL. Between runs the GIL is
// released, so other threads may take it.
#include <pybind11/pybind11.h>

#include <mutex>
#include <string>

namespace condlab::python {

namespace py = pybind11;

/// Objects of the real interpreter condlab needs (imported once at start-up).
struct InterpreterGlobals {
    py::module_ sys, builtins, gc, traceback, linecache, warnings, types;
    py::module_ asyncio_exceptions;     // CPython's asyncio/exceptions.py (stdlib_asyncio.h)
    py::object cancelled_error;         // asyncio.exceptions.CancelledError
    py::object invalid_state_error;     // asyncio.exceptions.InvalidStateError
    py::object queue_empty, queue_full; // asyncio.queues.QueueEmpty / QueueFull
    py::object broken_barrier_error;    // asyncio.exceptions.BrokenBarrierError
    py::object abort_error;             // condlab's private BaseException (budgets)
    py::object deadlock_error;          // condlab's private BaseException (deadlock)
    py::object exit_error;              // condlab's private BaseException (os._exit)
    py::object asyncio_template;        // dict: the names of condlab's asyncio module
    py::object condlab_module;          // the pybind11 module `_condlab`
};

/// Python's pre-initialisation (its allocator; it reads LC_CTYPE and sets it back with
/// setlocale()), once, on the calling thread. The interpreter's start on first use does it
/// otherwise; done first, that start calls setlocale() no more and may run on a thread beside
/// code that reads the locale (the window's glfwInit).
void preinitialize_interpreter();

/// Starts the interpreter on first use (thread-safe) and returns its globals. Call only
/// while holding RunLock.
InterpreterGlobals& globals();

/// Serializes runs: locks the process-wide run mutex, then acquires the GIL.
class RunLock {
  public:
    RunLock();
    ~RunLock();
    RunLock(const RunLock&) = delete;
    RunLock& operator=(const RunLock&) = delete;

  private:
    std::unique_lock<std::mutex> m_lock;
    PyGILState_STATE m_gil;
};

/// Fills the `_condlab` module with condlab's asyncio classes and functions and builds
/// InterpreterGlobals::asyncio_template (asyncio_module.cpp).
void define_asyncio_module(InterpreterGlobals& g);

} // namespace condlab::python
