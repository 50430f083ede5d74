// asyncio names condlab cannot run: `asyncio.<name>` raises an AttributeError that names the
// feature and says why. Bound as a C function, so the traceback ends at the user's line (no
// internal frame). docs/asyncio-surface.md lists the same names with the same reasons.
#include "python/bind_common.h"

#include <string_view>

namespace condlab::python::bind {

namespace {

struct Unsupported {
    std::string_view name;
    std::string_view why;
};

constexpr std::string_view kNetwork =
    "it needs real network I/O (sockets), which a program on a virtual clock cannot do";
constexpr std::string_view kProcesses =
    "it needs real child processes, which a program on a virtual clock cannot have";
constexpr std::string_view kThreads =
    "it needs real threads, which a program on a virtual clock cannot have";
constexpr std::string_view kLoops =
    "condlab has one event loop per program, created by asyncio.run() on a virtual clock";

constexpr Unsupported kUnsupported[] = {
    {"open_connection", kNetwork},
    {"open_unix_connection", kNetwork},
    {"start_server", kNetwork},
    {"start_unix_server", kNetwork},
    {"StreamReader", kNetwork},
    {"StreamWriter", kNetwork},
    {"StreamReaderProtocol", kNetwork},
    {"AbstractServer", kNetwork},
    {"Server", kNetwork},
    {"BaseTransport", kNetwork},
    {"Transport", kNetwork},
    {"ReadTransport", kNetwork},
    {"WriteTransport", kNetwork},
    {"DatagramTransport", kNetwork},
    {"BaseProtocol", kNetwork},
    {"Protocol", kNetwork},
    {"BufferedProtocol", kNetwork},
    {"DatagramProtocol", kNetwork},
    {"SubprocessTransport", kProcesses},
    {"SubprocessProtocol", kProcesses},
    {"create_subprocess_exec", kProcesses},
    {"create_subprocess_shell", kProcesses},
    {"AbstractChildWatcher", kProcesses},
    {"SafeChildWatcher", kProcesses},
    {"FastChildWatcher", kProcesses},
    {"PidfdChildWatcher", kProcesses},
    {"MultiLoopChildWatcher", kProcesses},
    {"ThreadedChildWatcher", kProcesses},
    {"get_child_watcher", kProcesses},
    {"set_child_watcher", kProcesses},
    {"to_thread", kThreads},
    {"run_coroutine_threadsafe", kThreads},
    {"wrap_future", kThreads},
    {"AbstractEventLoop", kLoops},
    {"BaseEventLoop", kLoops},
    {"SelectorEventLoop", kLoops},
    {"AbstractEventLoopPolicy", kLoops},
    {"DefaultEventLoopPolicy", kLoops},
    {"get_event_loop_policy", kLoops},
    {"set_event_loop_policy", kLoops},
    {"_get_running_loop", kLoops},
    {"_set_running_loop", kLoops},
    {"_register_task", kLoops},
    {"_unregister_task", kLoops},
    {"_enter_task", kLoops},
    {"_leave_task", kLoops},
};

[[noreturn]] void raise_attribute_error(const std::string& text) {
    PyErr_SetString(PyExc_AttributeError, text.c_str());
    throw py::error_already_set();
}

void module_getattr(const std::string& name) {
    std::string missing = "module 'asyncio' has no attribute '" + name + "'";
    for (const Unsupported& u : kUnsupported)
        if (u.name == name)
            raise_attribute_error(missing + ": condlab cannot run asyncio." + name + ": " +
                                  std::string(u.why));
    if (name.size() > 4 && name.starts_with("__") && name.ends_with("__"))
        raise_attribute_error(missing);
    raise_attribute_error(missing + ": condlab does not support asyncio." + name);
}

} // namespace

void define_unsupported(py::module_& m) { m.def("__getattr__", &module_getattr, py::arg("name")); }

} // namespace condlab::python::bind
