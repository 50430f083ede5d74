#include "python/interpreter.h"

#include "python/stdlib_asyncio.h"

#include <pybind11/embed.h>

#include <cstdlib>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>

namespace condlab::python {

namespace {

std::mutex& run_mutex() {
    static std::mutex m;
    return m;
}

// Allocation hook: a single allocation above this size fails (MemoryError in Python) instead
// of asking the system (or a sanitizer) for absurd amounts (`[0] * 10**12`).
constexpr std::size_t kMaxAllocation = std::size_t(1) << 30;

struct CappedAllocator {
    PyMemAllocatorEx inner;
    static void* do_malloc(void* ctx, std::size_t size) {
        auto* self = static_cast<CappedAllocator*>(ctx);
        return size > kMaxAllocation ? nullptr : self->inner.malloc(self->inner.ctx, size);
    }
    static void* do_calloc(void* ctx, std::size_t n, std::size_t size) {
        auto* self = static_cast<CappedAllocator*>(ctx);
        if (size && n > kMaxAllocation / size)
            return nullptr;
        return self->inner.calloc(self->inner.ctx, n, size);
    }
    static void* do_realloc(void* ctx, void* p, std::size_t size) {
        auto* self = static_cast<CappedAllocator*>(ctx);
        return size > kMaxAllocation ? nullptr : self->inner.realloc(self->inner.ctx, p, size);
    }
    static void do_free(void* ctx, void* p) {
        auto* self = static_cast<CappedAllocator*>(ctx);
        self->inner.free(self->inner.ctx, p);
    }
    void install(PyMemAllocatorDomain domain) {
        PyMem_GetAllocator(domain, &inner);
        PyMemAllocatorEx hook{this, do_malloc, do_calloc, do_realloc, do_free};
        PyMem_SetAllocator(domain, &hook);
    }
};
CappedAllocator g_raw_allocator, g_mem_allocator, g_obj_allocator;

struct Interpreter {
    Interpreter() {
        preinitialize_interpreter();
        // No signal handlers: condlab is a library; the host owns SIGINT.
        py::initialize_interpreter(/*init_signal_handlers=*/false);
        // pymalloc serves blocks up to 512 bytes itself and takes every larger one from the
        // raw domain: the cap goes there, off the path of the million small allocations of a
        // run. Another allocator (PYTHONMALLOC=malloc, as under ASan) is capped per domain.
        const char* allocator = std::getenv("PYTHONMALLOC");
        if (!allocator || std::string_view(allocator) == "pymalloc") {
            g_raw_allocator.install(PYMEM_DOMAIN_RAW);
        } else {
            g_mem_allocator.install(PYMEM_DOMAIN_MEM);
            g_obj_allocator.install(PYMEM_DOMAIN_OBJ);
        }
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
            // Not the asyncio package: see stdlib_asyncio.h.
            g.asyncio_exceptions = load_stdlib_asyncio_part("exceptions");
            const py::module_& exc = g.asyncio_exceptions;
            g.cancelled_error = exc.attr("CancelledError");
            g.invalid_state_error = exc.attr("InvalidStateError");
            g.broken_barrier_error = exc.attr("BrokenBarrierError");
            py::dict ns;
            ns["__builtins__"] = g.builtins;
            py::exec(R"(
class _CondlabAbort(BaseException):
    """condlab: a budget was exceeded; unwinds the program."""
class _CondlabDeadlock(BaseException):
    """condlab: nothing is ready and no timer is pending."""
class _CondlabExit(BaseException):
    """condlab: the program called os._exit(); ends the run with that exit status."""

# asyncio.queues' exceptions (3.11), defined here: asyncio/queues.py imports the package.
class QueueEmpty(Exception):
    """Raised when Queue.get_nowait() is called on an empty Queue."""
    pass
QueueEmpty.__module__ = 'asyncio.queues'

class QueueFull(Exception):
    """Raised when the Queue.put_nowait() method is called on a full Queue."""
    pass
QueueFull.__module__ = 'asyncio.queues'
)",
                     ns);
            g.abort_error = ns["_CondlabAbort"];
            g.deadlock_error = ns["_CondlabDeadlock"];
            g.exit_error = ns["_CondlabExit"];
            g.queue_empty = ns["QueueEmpty"];
            g.queue_full = ns["QueueFull"];
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

} // namespace

void preinitialize_interpreter() {
    static std::once_flag once;
    std::call_once(once, [] {
#if defined(__SANITIZE_ADDRESS__)
        // Under AddressSanitizer Python allocates with malloc: ASan then checks Python's
        // objects too, and LeakSanitizer sees the pointers they hold (pymalloc's mmap'd arenas
        // are not scanned, so everything referenced only from Python objects looked leaked).
        setenv("PYTHONMALLOC", "malloc", 0);
#endif
        // The pre-configuration pybind11's initialize_interpreter() derives from its config.
        PyPreConfig pre;
        PyPreConfig_InitIsolatedConfig(&pre);
        pre.isolated = 0;
        pre.use_environment = 1;
        const PyStatus status = Py_PreInitialize(&pre);
        if (PyStatus_Exception(status) != 0)
            throw std::runtime_error(std::string("Python pre-initialisation failed: ") +
                                     (status.err_msg ? status.err_msg : "?"));
    });
}

namespace {

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
