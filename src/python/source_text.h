#pragma once
// A program's bytes as CPython reads a file it runs (`python3 FILE`), PEP 263: a UTF-8 BOM
// or a coding cookie on line 1 or 2 names the encoding; without one every line must be
// UTF-8, and the first byte that is not gives CPython's "Non-UTF-8 code starting with ..."
// SyntaxError (compile() on bytes checks string literals only; the file reader checks
// comments too).
#include "python/program_runner.h"

#include <pybind11/pybind11.h>

#include <cstddef>
#include <string>

namespace condlab::python {

/// The program's text (for linecache: tracebacks, warnings), decoded as CPython decodes the
/// file. Without a declared encoding a non-UTF-8 byte sets a SyntaxError (no traceback) and
/// returns null. Call with the GIL held.
PyObject* program_text(const pybind11::object& filename, const std::string& source);

/// The message for a source over kMaxSourceBytes, naming the file and its size.
std::string source_too_big_message(const std::string& path, std::size_t bytes);

} // namespace condlab::python
