#include "python/code_cache.h"

#include <pybind11/eval.h>

#include <algorithm>
#include <vector>

namespace condlab::python {

namespace py = pybind11;

namespace {

// patch_points(code) -> {name: (offset of the LOAD_CONST, its line)} for every name that one
// (and only one) `LOAD_CONST k; STORE_NAME name` pair assigns in the module's own bytecode.
// patched(code, points, literals) -> the variant's code object, or None when it cannot be made.
const char* const kPatchHelpers = R"PY(
import ast

_LOAD_CONST, _STORE_NAME, _EXTENDED_ARG = 100, 90, 144
_NAME_CHARS = frozenset('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_')


def patch_points(code):
    raw = code.co_code
    line_of = {}
    for start, end, line in code.co_lines():
        for off in range(start, end, 2):
            line_of[off] = line
    found, twice = {}, set()
    ext, has_ext, prev = 0, False, None
    for off in range(0, len(raw), 2):
        op, arg = raw[off], raw[off + 1] | ext
        if op == _EXTENDED_ARG:
            ext, has_ext = arg << 8, True
            continue
        if op == _STORE_NAME and prev is not None and prev[0] == _LOAD_CONST and not prev[2]:
            name = code.co_names[arg]
            if name in found:
                twice.add(name)
            found[name] = (prev[1], line_of.get(prev[1]))
        prev = (op, off, has_ext)
        ext, has_ext = 0, False
    for name in twice:
        del found[name]
    return found


class _NotConstant(Exception):
    pass


def _constant(value):
    # What the compiler stores for a constant literal: immutable values only, and strings made
    # of name characters interned (as compile() does).
    if type(value) is tuple:
        return tuple(_constant(v) for v in value)
    if type(value) is str:
        return sys.intern(value) if set(value) <= _NAME_CHARS else value
    if value is None or value is ... or type(value) in (int, float, complex, bool, bytes):
        return value
    raise _NotConstant


def patched(code, points, literals):
    raw = bytearray(code.co_code)
    consts = list(code.co_consts)
    for name, line, text in literals:
        point = points.get(name)
        if point is None or point[1] != line or len(consts) > 255:
            return None
        try:
            consts.append(_constant(ast.literal_eval(text.strip())))
        except _NotConstant:
            return None
        raw[point[0] + 1] = len(consts) - 1
    return code.replace(co_code=bytes(raw), co_consts=tuple(consts))
)PY";

struct Entry {
    std::string filename;
    std::string source;
    py::object code;
    py::object points; // patch_points(code), made on first use
};

struct Cache {
    std::vector<Entry> entries; // most recently used first
    py::object patch_points, patched;
};

constexpr std::size_t kMaxEntries = 8;
CompileCounts g_counts; // written under the GIL only

Cache& cache() {
    // Never destroyed: the interpreter is never finalized, and py::object destructors at exit
    // would run without the GIL.
    static Cache* c = [] {
        auto* made = new Cache();
        py::dict ns;
        ns["__builtins__"] = py::module_::import("builtins");
        ns["sys"] = py::module_::import("sys");
        py::exec(kPatchHelpers, ns);
        made->patch_points = ns["patch_points"];
        made->patched = ns["patched"];
        return made;
    }();
    return *c;
}

PyObject* compile_text(const py::object& filename, const std::string& source) {
    ++g_counts.compiled;
    PyCompilerFlags flags = _PyCompilerFlags_INIT;
    return Py_CompileStringObject(source.c_str(), filename.ptr(), Py_file_input, &flags, -1);
}

/// The cached entry for (filename, source), compiling it if needed; null if it does not compile
/// (no Python error left set).
Entry* cached(const py::object& filename, const std::string& source) {
    Cache& c = cache();
    const std::string name = py::str(filename);
    auto it = std::find_if(c.entries.begin(), c.entries.end(), [&](const Entry& e) {
        return e.filename == name && e.source == source;
    });
    if (it == c.entries.end()) {
        PyObject* code = compile_text(filename, source);
        if (!code) {
            PyErr_Clear();
            return nullptr;
        }
        if (c.entries.size() >= kMaxEntries)
            c.entries.pop_back();
        c.entries.insert(c.entries.begin(),
                         Entry{name, source, py::reinterpret_steal<py::object>(code), {}});
        return &c.entries.front();
    }
    std::rotate(c.entries.begin(), it, it + 1);
    return &c.entries.front();
}

} // namespace

CompileCounts compile_counts() noexcept { return g_counts; }

PyObject* compile_program(const py::object& filename, const std::string& source,
                          const SourceVariant* variant) {
    if (!variant)
        return compile_text(filename, source);
    try {
        if (Entry* base = cached(filename, variant->base_source)) {
            if (variant->literals.empty() && source == variant->base_source) {
                ++g_counts.reused;
                return Py_NewRef(base->code.ptr());
            }
            Cache& c = cache();
            if (!base->points)
                base->points = c.patch_points(base->code);
            py::list literals;
            for (const SourceVariant::Literal& l : variant->literals)
                literals.append(py::make_tuple(l.name, l.line, l.literal));
            py::object code = c.patched(base->code, base->points, literals);
            if (!code.is_none()) {
                ++g_counts.patched;
                return code.release().ptr();
            }
        }
    } catch (py::error_already_set&) {
        PyErr_Clear(); // e.g. a literal ast.literal_eval rejects: compile the text instead
    }
    return compile_text(filename, source);
}

} // namespace condlab::python
