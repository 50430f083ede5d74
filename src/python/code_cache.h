#pragma once
// Compiled programs, reused across runs.
//
// Compiling a lesson costs about as much as running it, and a sweep or a slider runs the same
// file again and again with other parameter values. Those variants differ from the file only in
// the literal of some top-level `NAME = <literal>` lines. So the file is compiled once, and a
// variant's code object is the file's with the LOAD_CONST feeding each such `STORE_NAME NAME`
// pointed at a new constant: the value the compiler would have made of the literal text. The
// bytecode keeps its length, lines and positions. When that is not possible (the assignment is
// not one LOAD_CONST / STORE_NAME pair on the parameter's line, the name is assigned a constant
// twice, 256 constants or more) the variant's own text is compiled, as without the cache.
#include "python/source_variant.h"

#include <pybind11/pybind11.h>

namespace condlab::python {

/// The module code object of `source` (file name `filename`), or null with the Python error
/// set (SyntaxError...). With `variant`, the cached compilation of its base is reused when it
/// can be. Call with the GIL held.
PyObject* compile_program(const pybind11::object& filename, const std::string& source,
                          const SourceVariant* variant);

} // namespace condlab::python
