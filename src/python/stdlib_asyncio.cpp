#include "python/stdlib_asyncio.h"

#include <string>

namespace condlab::python {

py::module_ load_stdlib_asyncio_part(const char* part) {
    py::module_ os_path = py::module_::import("os.path");
    py::object stdlib = os_path.attr("dirname")(py::module_::import("os").attr("__file__"));
    py::object path = os_path.attr("join")(stdlib, "asyncio", std::string(part) + ".py");
    // io.open_code: the way the import system itself reads a source file.
    py::object file = py::module_::import("io").attr("open_code")(path);
    py::object source = file.attr("read")();
    file.attr("close")();

    const std::string name = std::string("asyncio.") + part;
    py::module_ module = py::reinterpret_steal<py::module_>(PyModule_New(name.c_str()));
    if (!module)
        throw py::error_already_set();
    module.attr("__file__") = path;
    py::object builtins = py::module_::import("builtins");
    py::object code = builtins.attr("compile")(source, path, "exec");
    builtins.attr("exec")(code, module.attr("__dict__"));
    return module;
}

py::object format_coroutine_function() {
    // Leaked on purpose: the interpreter is never finalized (interpreter.cpp).
    static py::object* format =
        new py::object(load_stdlib_asyncio_part("coroutines").attr("_format_coroutine"));
    return *format;
}

} // namespace condlab::python
