#include "python/source_text.h"

#include <pybind11/eval.h>

#include <string_view>

namespace condlab::python {

namespace py = pybind11;

namespace {

// decode(data, filename) -> str, or SyntaxError as `python3 FILE` reports it.
// (tools/reference_harness.py does the same before it compiles the bytes.)
const char* const kDecoder = R"PY(
import codecs, io, re, tokenize

_COOKIE = re.compile(rb'^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)', re.ASCII)
_BLANK = re.compile(rb'^[ \t\f]*(?:[#\r\n]|$)', re.ASCII)


def declared(data):
    if data.startswith(codecs.BOM_UTF8):
        return True
    for line in data.split(b'\n', 2)[:2]:
        if _COOKIE.match(line):
            return True
        if not _BLANK.match(line):
            return False
    return False


def decode(data, filename):
    if not declared(data):
        for number, line in enumerate(data.split(b'\n'), 1):
            try:
                line.decode('utf-8')
            except UnicodeDecodeError as e:
                raise SyntaxError(
                    f"Non-UTF-8 code starting with '\\x{line[e.start]:02x}' in file {filename} "
                    f"on line {number}, but no encoding declared; "
                    "see https://peps.python.org/pep-0263/ for details") from None
        return data.decode('utf-8')
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return data.decode(encoding, 'replace')
    except (SyntaxError, LookupError):
        return data.decode('utf-8', 'replace')  # compile() reports the cookie
)PY";

py::object& decoder() {
    // Never destroyed: the interpreter is never finalized.
    static py::object* d = [] {
        py::dict ns;
        ns["__builtins__"] = py::module_::import("builtins");
        py::exec(kDecoder, ns);
        return new py::object(ns["decode"]);
    }();
    return *d;
}

/// Line 1 or 2 may hold a coding cookie (the common case, none, is decoded in C).
bool may_declare(std::string_view source) {
    std::size_t end = source.find('\n');
    if (end != std::string_view::npos)
        end = source.find('\n', end + 1);
    return source.substr(0, end).find("coding") != std::string_view::npos ||
           source.starts_with("\xef\xbb\xbf");
}

} // namespace

PyObject* program_text(const py::object& filename, const std::string& source) {
    if (!may_declare(source)) {
        PyObject* text =
            PyUnicode_DecodeUTF8(source.data(), static_cast<Py_ssize_t>(source.size()), nullptr);
        if (text)
            return text;
        PyErr_Clear();
    }
    PyObject* data =
        PyBytes_FromStringAndSize(source.data(), static_cast<Py_ssize_t>(source.size()));
    if (!data)
        return nullptr;
    PyObject* text = PyObject_CallFunctionObjArgs(decoder().ptr(), data, filename.ptr(), nullptr);
    Py_DECREF(data);
    if (!text) {
        // The SyntaxError comes without the decoder's frame, as CPython's reader raises it.
        PyObject *type, *value, *tb;
        PyErr_Fetch(&type, &value, &tb);
        PyErr_NormalizeException(&type, &value, &tb);
        Py_XDECREF(tb);
        if (value)
            PyException_SetTraceback(value, Py_None);
        PyErr_Restore(type, value, nullptr);
    }
    return text;
}

std::string source_too_big_message(const std::string& path, std::size_t bytes) {
    return path + ": the program is " + std::to_string(bytes / 1024) +
           " KiB; condlab runs programs up to " + std::to_string(kMaxSourceBytes / 1024) +
           " KiB (compiling a bigger one takes longer than the wall-clock budget)\n";
}

} // namespace condlab::python
