#pragma once
// Parts of CPython's own asyncio that condlab reuses, without importing the asyncio package.
//
// `import asyncio` costs about 100 ms of start-up (it pulls in ssl, subprocess, logging,
// concurrent.futures, inspect ...), the largest part of a short `condlab run`. condlab needs
// only two of its files, both free of package-relative imports: exceptions.py (the exception
// classes programs catch) and coroutines.py (the coroutine text in task reprs). Each is run
// from the interpreter's own standard library as a standalone module with its real name
// (`asyncio.exceptions`), so classes, reprs and tracebacks are CPython's.
#include <pybind11/pybind11.h>

namespace condlab::python {

namespace py = pybind11;

/// Runs <stdlib>/asyncio/<part>.py as a new module named `asyncio.<part>` (not put in
/// sys.modules). Throws py::error_already_set when the file is missing or fails.
py::module_ load_stdlib_asyncio_part(const char* part);

/// asyncio.coroutines._format_coroutine (loaded on first use; call with the GIL held).
py::object format_coroutine_function();

} // namespace condlab::python
