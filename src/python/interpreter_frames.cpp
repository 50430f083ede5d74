#include "python/interpreter_frames.h"

// The interpreter frame layout is internal (pinned: condlab embeds CPython 3.11 only).
#define Py_BUILD_CORE 1
#include <internal/pycore_frame.h>
#undef Py_BUILD_CORE

static_assert(PY_MAJOR_VERSION == 3 && PY_MINOR_VERSION == 11,
              "interpreter_frames.cpp reads CPython 3.11's frame layout");

namespace condlab::python {

CodePosition innermost_position_in(PyObject* filename) noexcept {
    PyThreadState* ts = PyThreadState_Get();
    for (_PyInterpreterFrame* f = ts->cframe ? ts->cframe->current_frame : nullptr; f;
         f = f->previous) {
        PyCodeObject* code = f->f_code;
        if (code->co_filename != filename)
            continue;
        const int lasti = _PyInterpreterFrame_LASTI(f);
        // A frame that has not started yet (as PyEval_GetFrame skips it) has no line.
        if (lasti < 0)
            continue;
        return CodePosition{code, lasti};
    }
    return {};
}

} // namespace condlab::python
