#include "python/interpreter.h"

#include <pybind11/embed.h>

namespace condlab::python {

namespace {

std::mutex& run_mutex() {
    static std::mutex m;
    return m;
}

struct Interpreter {
    Interpreter() {
        // No signal handlers: condlab is a library; the host owns SIGINT.
        py::initialize_interpreter(/*init_signal_handlers=*/false);
        {
            InterpreterGlobals& g = data;
            g.sys = py::module_::import("sys");
            g.builtins = py::module_::import("builtins");
            g.gc = py::module_::import("gc");
            g.traceback = py::module_::import("traceback");
            g.linecache = py::module_::import("linecache");
            g.warnings = py::module_::import("warnings");
            g.types = py::module_::import("types");
            py::module_::import("reprlib");
            py::module_::import("collections.abc");
            g.real_asyncio = py::module_::import("asyncio");
            py::module_ exc = py::module_::import("asyncio.exceptions");
            g.cancelled_error = exc.attr("CancelledError");
            g.invalid_state_error = exc.attr("InvalidStateError");
            g.broken_barrier_error = exc.attr("BrokenBarrierError");
            py::module_ queues = py::module_::import("asyncio.queues");
            g.queue_empty = queues.attr("QueueEmpty");
            g.queue_full = queues.attr("QueueFull");
            py::dict ns;
            ns["__builtins__"] = g.builtins;
            py::exec(R"(
class _CondlabAbort(BaseException):
    """condlab: a budget was exceeded; unwinds the program."""
class _CondlabDeadlock(BaseException):
    """condlab: nothing is ready and no timer is pending."""
)",
                     ns);
            g.abort_error = ns["_CondlabAbort"];
            g.deadlock_error = ns["_CondlabDeadlock"];
            define_asyncio_module(g);
            // Everything imported so far lives forever: keep it out of every gc.collect().
            g.gc.attr("collect")();
            g.gc.attr("freeze")();
        }
        m_saved = PyEval_SaveThread(); // release the GIL while idle
    }
    // Never finalized: other threads may still hold references at exit, and Py_Finalize
    // from a static destructor is unsafe. The OS reclaims everything.
    InterpreterGlobals data;
    PyThreadState* m_saved = nullptr;
};

Interpreter& interpreter() {
    static Interpreter* instance = new Interpreter(); // thread-safe, never destroyed
    return *instance;
}

} // namespace

InterpreterGlobals& globals() { return interpreter().data; }

RunLock::RunLock() : m_lock(run_mutex()) {
    interpreter(); // start it (under the run mutex, before taking the GIL)
    m_gil = PyGILState_Ensure();
}

RunLock::~RunLock() { PyGILState_Release(m_gil); }

} // namespace condlab::python
