#include "python/run_guards.h"

#include "python/interpreter.h"
#include "python/run_context.h"

#include <pthread.h>

#include <algorithm>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace condlab::python {

int exit_status(const ProgramResult& result) noexcept {
    if (result.outcome == ProgramResult::Status::Exception && result.exit_code)
        return *result.exit_code;
    return outcome_info(result.outcome).exit_status;
}

namespace {

// C stack one level of recursion through C may take: CPython 3.11 runs a Python-to-Python
// call in the same C frame, but an await, f(*args), a property or __repr__ enters the
// evaluator again. Debian's python3.11 in an 8 MB stack overflows at about 19 000 levels of
// awaits or f(*args) (440 bytes each) and 13 000 of __repr__ (620 bytes). Those frames are
// libpython's, not instrumented under AddressSanitizer; condlab's own (larger there) join
// the chain only where the recursion goes through condlab's asyncio.
#if defined(__SANITIZE_ADDRESS__)
constexpr std::size_t kBytesPerLevel = 2 * 1024;
#else
constexpr std::size_t kBytesPerLevel = 1024;
#endif
// Kept free below the deepest level: the RecursionError's own handling, tracebacks, the
// runtime's frames under the evaluator.
constexpr std::size_t kStackReserve = 512 * 1024;
constexpr std::size_t kAssumedStack = 8 * 1024 * 1024; // when the thread's stack is unknown

struct State {
    std::optional<int> exit_status;
    int cap = 1000;
    PyObject* real_exit = nullptr;     // os._exit (owned while installed)
    PyObject* real_setlimit = nullptr; // sys.setrecursionlimit (owned while installed)
};
State g_state; // one run at a time (RunLock)

/// Bytes of C stack left below this frame on the running thread.
std::size_t stack_left() {
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) != 0)
        return kAssumedStack / 2;
    void* low = nullptr;
    std::size_t size = 0;
    const bool ok = pthread_attr_getstack(&attr, &low, &size) == 0;
    pthread_attr_destroy(&attr);
    char here = 0;
    const auto sp = reinterpret_cast<std::uintptr_t>(&here);
    const auto bottom = reinterpret_cast<std::uintptr_t>(low);
    if (!ok || size == 0 || sp <= bottom || sp - bottom > size)
        return kAssumedStack / 2;
    // The main thread's stack grows on demand up to RLIMIT_STACK: glibc reports that size
    // (huge when unlimited); count no more than is usual.
    return std::min<std::size_t>(sp - bottom, std::size_t(1) << 30);
}

int compute_cap() {
    // Once per thread (reading the main thread's stack bounds parses /proc/self/maps).
    thread_local int cap = -1;
    if (cap >= 0)
        return cap;
    const std::size_t left = stack_left();
    const std::size_t usable = left > kStackReserve ? left - kStackReserve : 0;
    const std::size_t levels = usable / kBytesPerLevel;
    cap = static_cast<int>(std::min<std::size_t>(levels, INT_MAX / 2));
    return cap;
}

PyObject* guarded_exit(PyObject*, PyObject* args, PyObject* kwargs) {
    static const char* keywords[] = {"status", nullptr};
    int status = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "i:_exit", const_cast<char**>(keywords),
                                     &status))
        return nullptr;
    g_state.exit_status = status;
    if (RunContext* run = current_run())
        run->output.closed = true; // nothing printed after os._exit() (finally blocks...)
    PyErr_SetString(globals().exit_error.ptr(), "os._exit() ends the program");
    return nullptr;
}

PyObject* capped_setrecursionlimit(PyObject*, PyObject* arg) {
    if (PyLong_Check(arg)) {
        int overflow = 0;
        const long value = PyLong_AsLongAndOverflow(arg, &overflow);
        if (value == -1 && PyErr_Occurred())
            return nullptr;
        if (overflow > 0 || value > g_state.cap) {
            PyObject* capped = PyLong_FromLong(g_state.cap);
            if (!capped)
                return nullptr;
            PyObject* r = PyObject_CallOneArg(g_state.real_setlimit, capped);
            Py_DECREF(capped);
            return r;
        }
    }
    return PyObject_CallOneArg(g_state.real_setlimit, arg);
}

PyMethodDef g_exit_def = {"_exit",
                          reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(guarded_exit)),
                          METH_VARARGS | METH_KEYWORDS,
                          "Exit to the system with specified status, without normal exit "
                          "processing.\n\n(condlab: ends the run with that status.)"};
PyMethodDef g_setlimit_def = {"setrecursionlimit", capped_setrecursionlimit, METH_O,
                              "Set the maximum depth of the Python interpreter stack to n.\n\n"
                              "(condlab: capped for the C stack of the thread running the "
                              "program.)"};

/// The module, imported once and kept: the import machinery, run twice per run for each
/// guard, cost about a tenth of a short explored run. (os and sys live as long as Python.)
PyObject* module_named(const char* name) {
    static std::vector<std::pair<std::string, PyObject*>> imported;
    for (const auto& [n, mod] : imported)
        if (n == name)
            return mod;
    PyObject* mod = PyImport_ImportModule(name);
    if (mod)
        imported.emplace_back(name, mod); // owned for good
    return mod;
}

/// The function made from `def`, made once (a program keeping it after its run holds the
/// same object the next run installs).
PyObject* function_of(PyMethodDef* def) {
    static std::vector<std::pair<PyMethodDef*, PyObject*>> made;
    for (const auto& [d, fn] : made)
        if (d == def)
            return fn;
    PyObject* fn = PyCFunction_NewEx(def, nullptr, nullptr);
    if (fn)
        made.emplace_back(def, fn); // owned for good
    return fn;
}

/// Replaces module.name by the function made from `def`; returns the original (owned).
PyObject* replace(const char* module, const char* name, PyMethodDef* def) {
    PyObject* mod = module_named(module);
    if (!mod)
        return nullptr;
    PyObject* original = PyObject_GetAttrString(mod, name);
    PyObject* fn = original ? function_of(def) : nullptr;
    if (fn && PyObject_SetAttrString(mod, name, fn) < 0)
        Py_CLEAR(original);
    return original;
}

void put_back(const char* module, const char* name, PyObject*& original) {
    if (!original)
        return;
    if (PyObject* mod = module_named(module)) {
        if (PyObject_SetAttrString(mod, name, original) < 0)
            PyErr_Clear();
    } else {
        PyErr_Clear();
    }
    Py_CLEAR(original);
}

} // namespace

RunGuards::RunGuards() {
    g_state.exit_status.reset();
    g_state.cap = std::max(compute_cap(), Py_GetRecursionLimit());
    g_state.real_exit = replace("os", "_exit", &g_exit_def);
    g_state.real_setlimit = replace("sys", "setrecursionlimit", &g_setlimit_def);
    if (PyErr_Occurred())
        PyErr_Clear();
}

RunGuards::~RunGuards() {
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    put_back("os", "_exit", g_state.real_exit);
    put_back("sys", "setrecursionlimit", g_state.real_setlimit);
    PyErr_Restore(type, value, tb);
}

std::optional<int> RunGuards::exit_status() noexcept { return g_state.exit_status; }

int RunGuards::recursion_cap() noexcept { return g_state.cap; }

void RunGuards::run_atexit_handlers(RunContext& run) {
    try {
        auto atexit = py::reinterpret_borrow<py::module_>(module_named("atexit"));
        if (!atexit)
            throw py::error_already_set();
        if (!exit_status() && run.budget_state.abort_kind == BudgetKind::None)
            atexit.attr("_run_exitfuncs")();
        atexit.attr("_clear")();
    } catch (py::error_already_set&) {
        PyErr_Clear();
    }
}

} // namespace condlab::python
