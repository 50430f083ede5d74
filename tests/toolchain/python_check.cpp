// Proves pybind11 embedding against Debian's libpython3.11.
#include <pybind11/embed.h>

#include <Python.h>

#include <cstdio>
#include <string>

namespace py = pybind11;

int main() {
    py::scoped_interpreter guard{};
    const int total = py::eval("sum(range(10))").cast<int>();
    py::module_ sys = py::module_::import("sys");
    const std::string version = sys.attr("version").cast<std::string>();
    const std::string prefix = sys.attr("base_prefix").cast<std::string>();
    std::printf("sum(range(10)) = %d\npython %s\nbase_prefix %s\ncompiled against %s\n", total,
                version.c_str(), prefix.c_str(), PY_VERSION);
    if (total != 45)
        return 1;
    if (version.rfind("3.11", 0) != 0) {
        std::fprintf(stderr, "expected Python 3.11\n");
        return 1;
    }
    // The runtime library must be the one we compiled against (Debian's, not pyenv's).
    if (std::string(Py_GetVersion()).rfind(PY_VERSION, 0) != 0) {
        std::fprintf(stderr, "runtime libpython differs from headers\n");
        return 1;
    }
    return 0;
}
