#pragma once
// Reads CPython 3.11's interpreter frame stack directly. PyEval_GetFrame() and
// PyFrame_GetBack() materialise a frame object for every frame they visit; asking
// "which line of the program is running?" at every await must not allocate.
#include <Python.h>

namespace condlab::python {

struct CodePosition {
    PyCodeObject* code = nullptr; // borrowed
    int lasti = -1;               // index of the last instruction started (code units)
};

/// The innermost executing frame of code compiled from `filename` (compared by identity,
/// as every code object of one program shares its co_filename), or {} when none is on
/// the current thread's stack.
CodePosition innermost_position_in(PyObject* filename) noexcept;

} // namespace condlab::python
