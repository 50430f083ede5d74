#pragma once
// condlab's one reader of Python source, without an interpreter: lesson metadata (lesson.h),
// lesson titles (discovery, the window's lesson list), predicate loops and the window's
// syntax colouring all read source through it. Just enough Python 3.11 for that:
//   python_tokens.h   the tokenizer (strings, comments, brackets, continuation lines)
//   python_literal.h  literal values, ast.literal_eval() over tokens, Python's repr()
//   python_module.h   the module: docstring (inspect.cleandoc), title, comments and the
//                     top-level `NAME = <literal>` assignments
//
// Why in C++ when CPython is embedded anyway: CPython's tokenize costs about 0.9 ms per
// lesson and tools/lesson_params.py's parse_lesson 1.6 ms, and the window must not wait on
// the interpreter (which a parameter sweep keeps busy) to list lessons, colour code or read
// a slider's range. tools/lesson_params.py (the ast module) is the reference for what both
// parse; tests/lesson/test_lesson_format.cpp checks that they agree on every lesson.
//
// On an invalid program nothing here throws: the scanner finds what it can, and the run
// reports the SyntaxError (python/). Positions are 1-based lines and 0-based *byte* columns
// / offsets into the source.
#include "lesson/python_literal.h"
#include "lesson/python_module.h"
#include "lesson/python_tokens.h"
