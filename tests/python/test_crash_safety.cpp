// A program cannot take the host down (issue 19): source encodings (PEP 263), exits
// (sys.exit, SystemExit and KeyboardInterrupt in a task, os._exit), the recursion limit, and
// C++ exceptions at run_program's boundary. tests/conformance/9x_* compare the same cases
// with CPython; these check what only condlab can (the host survives, nothing is lost).
#include "python_test_support.h"

#include <pybind11/pybind11.h>

#include <thread>

namespace condlab::python::test {
namespace {

using Status = ProgramResult::Status;

class CrashSafetyTest : public PythonTest {};

TEST_F(CrashSafetyTest, Latin1SourceRuns) {
    ProgramResult r = run("# -*- coding: latin-1 -*-\n"
                          "s = 'caf\xe9'\n"
                          "print(s, len(s))\n"
                          "raise ValueError(s)\n");
    EXPECT_EQ(r.outcome, Status::Exception);
    EXPECT_EQ(r.stdout_text, "caf\xc3\xa9 4\n");
    // The traceback quotes the line, decoded.
    EXPECT_NE(r.stderr_text.find("raise ValueError(s)"), std::string::npos) << r.stderr_text;
    EXPECT_NE(r.stderr_text.find("ValueError: caf\xc3\xa9"), std::string::npos) << r.stderr_text;
}

TEST_F(CrashSafetyTest, UndeclaredNonUtf8ByteIsCPythonsSyntaxError) {
    for (const char* source :
         {"# \xe9", "# \xe9\n", "print(1)\n# \xe9\n", "x = '\xed\xa0\x80'\n"}) {
        ProgramResult r = run(source);
        EXPECT_EQ(r.outcome, Status::SyntaxError) << source;
        EXPECT_EQ(exit_status(r), 2);
        EXPECT_EQ(r.exception_type, "SyntaxError");
        EXPECT_EQ(r.stdout_text, "");
        EXPECT_NE(r.stderr_text.find("SyntaxError: Non-UTF-8 code starting with '\\x"),
                  std::string::npos)
            << r.stderr_text;
        EXPECT_NE(r.stderr_text.find("in file prog.py on line "), std::string::npos);
        EXPECT_NE(r.stderr_text.find("but no encoding declared; see "
                                     "https://peps.python.org/pep-0263/ for details"),
                  std::string::npos);
        EXPECT_EQ(r.stderr_text.find("Traceback"), std::string::npos) << r.stderr_text;
    }
    EXPECT_NE(run("print(1)\n# \xe9\n").stderr_text.find("on line 2,"), std::string::npos);
    // Declared (cookie or BOM): the same byte is fine.
    EXPECT_EQ(run_ok("# coding: latin-1\nprint('\xe9')\n"), "\xc3\xa9\n");
    EXPECT_EQ(run_ok("\xef\xbb\xbfprint('ok')\n"), "ok\n");
}

TEST_F(CrashSafetyTest, SysExitStatus) {
    ProgramResult r = run("import sys\nprint('before')\nsys.exit(5)\n");
    EXPECT_EQ(r.outcome, Status::Exception);
    EXPECT_EQ(exit_status(r), 5);
    EXPECT_EQ(r.exception_type, "SystemExit");
    EXPECT_EQ(r.stdout_text, "before\n");
    EXPECT_EQ(r.stderr_text, ""); // as CPython: nothing on stderr
    EXPECT_EQ(exit_status(run("import sys\nsys.exit(256 + 3)\n")), 3);
    EXPECT_EQ(run("import sys\nsys.exit(0)\n").outcome, Status::Complete);
    EXPECT_EQ(run("raise SystemExit\n").outcome, Status::Complete);
    ProgramResult text = run("import sys\nsys.exit('bye')\n");
    EXPECT_EQ(exit_status(text), 1);
    EXPECT_EQ(text.stderr_text, "bye\n");
}

const char* kSystemExitInTask = R"PY(
import asyncio

async def child():
    print("child raises")
    raise SystemExit(3)

async def other():
    try:
        for i in range(5):
            print("other", i)
            await asyncio.sleep(0)
    finally:
        print("other finally")

async def main():
    asyncio.create_task(child())
    asyncio.create_task(other())
    try:
        await asyncio.sleep(1)
        print("main goes on (wrong)")
    finally:
        print("main finally")

try:
    asyncio.run(main())
finally:
    print("after run")
print("not reached")
)PY";

TEST_F(CrashSafetyTest, SystemExitInTaskLeavesAsyncioRun) {
    ProgramResult r = run(kSystemExitInTask);
    EXPECT_EQ(r.outcome, Status::Exception);
    EXPECT_EQ(exit_status(r), 3);
    EXPECT_EQ(r.stdout_text, "child raises\nmain finally\nafter run\n");
}

TEST_F(CrashSafetyTest, KeyboardInterruptInTaskExits130) {
    ProgramResult r = run("import asyncio\n"
                          "async def child():\n"
                          "    raise KeyboardInterrupt\n"
                          "async def main():\n"
                          "    asyncio.create_task(child())\n"
                          "    await asyncio.sleep(1)\n"
                          "    print('not reached')\n"
                          "asyncio.run(main())\n");
    EXPECT_EQ(r.outcome, Status::Exception);
    EXPECT_EQ(exit_status(r), 130);
    EXPECT_EQ(r.stdout_text, "");
    EXPECT_NE(r.stderr_text.find("Traceback (most recent call last):"), std::string::npos);
    EXPECT_NE(r.stderr_text.find("\nKeyboardInterrupt\n"), std::string::npos) << r.stderr_text;
}

TEST_F(CrashSafetyTest, SystemExitInCallbackLeavesAsyncioRun) {
    ProgramResult r = run("import asyncio, sys\n"
                          "async def main():\n"
                          "    asyncio.get_running_loop().call_soon(sys.exit, 6)\n"
                          "    await asyncio.sleep(1)\n"
                          "    print('not reached')\n"
                          "asyncio.run(main())\n");
    EXPECT_EQ(exit_status(r), 6);
    EXPECT_EQ(r.stdout_text, "");
}

TEST_F(CrashSafetyTest, OsExitEndsTheRunKeepsOutputAndTheHost) {
    ProgramResult r = run("import asyncio, os\n"
                          "async def main():\n"
                          "    print('kept, never flushed', end='')\n"
                          "    try:\n"
                          "        os._exit(7)\n"
                          "    finally:\n"
                          "        print('finally (not printed)')\n"
                          "try:\n"
                          "    asyncio.run(main())\n"
                          "except BaseException:\n"
                          "    print('caught (not printed)')\n");
    EXPECT_EQ(r.outcome, Status::Exception);
    EXPECT_EQ(exit_status(r), 7);
    EXPECT_EQ(r.exception_type, "os._exit");
    EXPECT_EQ(r.stdout_text, "kept, never flushed");
    // The process is alive, and the real functions are back between runs.
    {
        PyGILState_STATE gil = PyGILState_Ensure();
        for (const char* where : {"os._exit", "sys.setrecursionlimit"}) {
            std::string text(where);
            const std::size_t dot = text.find('.');
            pybind11::object f = pybind11::module_::import(text.substr(0, dot).c_str())
                                     .attr(text.substr(dot + 1).c_str());
            EXPECT_FALSE(f.attr("__self__").is_none()) << where; // bound to its module
        }
        PyGILState_Release(gil);
    }
    EXPECT_EQ(run_ok("print('next run')\n"), "next run\n");
    EXPECT_EQ(exit_status(run("import os\nos._exit(300)\n")), 300 & 0xff);
    // os._exit's own argument errors are CPython's.
    ProgramResult bad = run("import os\nos._exit(1.5)\n");
    EXPECT_EQ(bad.exception_type, "TypeError");
    EXPECT_EQ(exit_status(bad), 1);
}

const char* kDeepRecursion = R"PY(
import asyncio, sys
sys.setrecursionlimit(10**7)
print(sys.getrecursionlimit() < 10**7)

def star(n):
    return star(*(n + 1,))

class R:
    def __init__(self, n): self.n = n
    def __repr__(self): return repr(R(self.n + 1))

async def nested(n):
    return await nested(n + 1)

def plain(n):
    return plain(n + 1)

for f in (star, lambda n: repr(R(n)), plain):
    try:
        f(0)
    except RecursionError:
        print("RecursionError")

async def main():
    try:
        await nested(0)
    except RecursionError:
        print("RecursionError")

asyncio.run(main())
)PY";

TEST_F(CrashSafetyTest, RecursionLimitIsCappedForTheStack) {
    ProgramResult r = run(kDeepRecursion);
    EXPECT_EQ(r.outcome, Status::Complete) << r.stderr_text;
    EXPECT_EQ(r.stdout_text, "True\nRecursionError\nRecursionError\nRecursionError\n"
                             "RecursionError\n");
    // On a thread of its own (as the window's sweeps run) too.
    ProgramResult t;
    std::thread([&] {
        ProgramOptions o;
        o.line_trace = false;
        t = run(kDeepRecursion, o);
    }).join();
    EXPECT_EQ(t.outcome, Status::Complete) << t.stderr_text;
    EXPECT_EQ(t.stdout_text, r.stdout_text);
    // The limit is put back after the run; a limit below the cap is taken as it is.
    EXPECT_EQ(run_ok("import sys\nprint(sys.getrecursionlimit())\n"), "1000\n");
    EXPECT_EQ(run_ok("import sys\nsys.setrecursionlimit(2000)\nprint(sys.getrecursionlimit())\n"),
              "2000\n");
    EXPECT_EQ(run("import sys\nsys.setrecursionlimit(-1)\n").exception_type, "ValueError");
}

TEST_F(CrashSafetyTest, CppExceptionAtTheBoundaryIsAnError) {
    // A file name that is not UTF-8 cannot become a Python str: the run reports it instead of
    // letting pybind11::error_already_set reach std::terminate.
    ProgramResult r = run_program("prog\xff.py", "print(1)\n");
    EXPECT_EQ(r.outcome, Status::Exception);
    EXPECT_EQ(exit_status(r), 1);
    EXPECT_NE(r.stderr_text.find("condlab: internal error"), std::string::npos) << r.stderr_text;
    EXPECT_EQ(run_ok("print('next run')\n"), "next run\n");
}

} // namespace
} // namespace condlab::python::test
