// Exceptions, tracebacks, syntax errors, deadlocks, warnings and unsupported names.
#include "python_test_support.h"

#include "trace/analysis.h"

using namespace condlab::python;
using namespace condlab::python::test;

namespace {
class Errors : public PythonTest {};
} // namespace

TEST_F(Errors, UncaughtExceptionPrintsATracebackAtLessonLines) {
    ProgramResult r = run(R"PY(import asyncio

async def child():
    await asyncio.sleep(1)
    raise ValueError("boom")

async def main():
    await asyncio.create_task(child())

asyncio.run(main())
)PY");
    EXPECT_EQ(r.outcome, ProgramResult::Status::Exception);
    EXPECT_EQ(exit_status(r), 1);
    EXPECT_EQ(r.exception_type, "ValueError");
    EXPECT_EQ(r.exception_message, "boom");
    EXPECT_EQ(r.error_line, 5u);
    EXPECT_EQ(r.stderr_text, R"PY(Traceback (most recent call last):
  File "prog.py", line 10, in <module>
    asyncio.run(main())
  File "prog.py", line 8, in main
    await asyncio.create_task(child())
  File "prog.py", line 5, in child
    raise ValueError("boom")
ValueError: boom
)PY");
}

TEST_F(Errors, RuntimeErrorsCarryCPythonMessages) {
    ProgramResult r = run(R"PY(
import asyncio
async def main():
    cond = asyncio.Condition()
    await cond.wait()
asyncio.run(main())
)PY");
    EXPECT_EQ(r.outcome, ProgramResult::Status::Exception);
    EXPECT_EQ(r.exception_type, "RuntimeError");
    EXPECT_EQ(r.exception_message, "cannot wait on un-acquired lock");
    EXPECT_EQ(r.error_line, 5u);
    EXPECT_NE(r.stderr_text.find("RuntimeError: cannot wait on un-acquired lock\n"),
              std::string::npos);
}

TEST_F(Errors, SyntaxErrorReportsLineAndColumnAsCPython) {
    ProgramResult r = run("import asyncio\n\ndef f(:\n    pass\n");
    EXPECT_EQ(r.outcome, ProgramResult::Status::SyntaxError);
    EXPECT_EQ(exit_status(r), 2);
    EXPECT_EQ(r.exception_type, "SyntaxError");
    EXPECT_EQ(r.exception_message, "invalid syntax");
    EXPECT_EQ(r.error_line, 3u);
    EXPECT_EQ(r.error_column, 7u);
    EXPECT_EQ(
        r.stderr_text,
        "  File \"prog.py\", line 3\n    def f(:\n          ^\nSyntaxError: invalid syntax\n");
    EXPECT_EQ(r.stdout_text, "");

    ProgramResult indent = run("if True:\nprint(1)\n");
    EXPECT_EQ(indent.outcome, ProgramResult::Status::SyntaxError);
    EXPECT_EQ(indent.exception_type, "IndentationError");
    EXPECT_EQ(indent.error_line, 2u);
}

TEST_F(Errors, RecursionAndMemoryErrorsAreOrdinaryExceptions) {
    ProgramResult r = run("def f(n):\n    return f(n + 1)\nf(0)\n");
    EXPECT_EQ(r.outcome, ProgramResult::Status::Exception);
    EXPECT_EQ(r.exception_type, "RecursionError");
    EXPECT_EQ(r.error_line, 2u);
    EXPECT_NE(r.stderr_text.find("more times]"), std::string::npos);

    ProgramResult m = run("x = 'a' * (1 << 62)\n");
    EXPECT_EQ(m.outcome, ProgramResult::Status::Exception);
    EXPECT_EQ(m.exception_type, "MemoryError");

    // 2 GiB in one block: within what the system would grant, above condlab's cap.
    ProgramResult big = run("x = [None] * (1 << 28)\n");
    EXPECT_EQ(big.outcome, ProgramResult::Status::Exception);
    EXPECT_EQ(big.exception_type, "MemoryError");
}

TEST_F(Errors, DeadlockEndsTheRunWithTheBlockedTasks) {
    ProgramResult r = run(R"PY(
import asyncio
async def consumer(cond):
    async with cond:
        await cond.wait()
async def main():
    cond = asyncio.Condition()
    await asyncio.gather(consumer(cond), consumer(cond))
try:
    asyncio.run(main())
finally:
    print("finally runs")
)PY");
    EXPECT_EQ(r.outcome, ProgramResult::Status::Deadlock);
    EXPECT_EQ(exit_status(r), 3);
    EXPECT_EQ(r.stdout_text, "finally runs\n");
    EXPECT_EQ(r.unfinished_tasks, 3u);
    // Which tasks and where they wait: the trace analysis.
    ASSERT_TRUE(r.trace);
    const condlab::Analysis a = condlab::analyze(*r.trace);
    ASSERT_EQ(a.outcome.blocked.size(), 3u);
    std::vector<std::string> names;
    for (const auto& b : a.outcome.blocked)
        names.push_back(r.trace->task_name(b.task));
    // (in the order they began waiting: main waits on gather last)
    EXPECT_EQ(names, (std::vector<std::string>{"consumer#1", "consumer#2", "main"}));
    EXPECT_EQ(a.outcome.blocked[0].status, condlab::TaskStatus::WaitingOnCondition);
    EXPECT_EQ(r.trace->line(a.outcome.blocked[0].where), 5u);
}

TEST_F(Errors, NeverAwaitedCoroutinesWarnAsCPython) {
    ProgramResult r = run(R"PY(import asyncio
async def helper():
    pass
async def main():
    cond = asyncio.Condition()
    async with cond:
        cond.wait()
    helper()
    print("done")
asyncio.run(main())
)PY");
    EXPECT_EQ(r.outcome, ProgramResult::Status::Complete) << r.stderr_text;
    EXPECT_EQ(r.stdout_text, "done\n");
    EXPECT_EQ(r.stderr_text,
              "prog.py:7: RuntimeWarning: coroutine 'Condition.wait' was never awaited\n"
              "  cond.wait()\n"
              "RuntimeWarning: Enable tracemalloc to get the object allocation traceback\n"
              "prog.py:8: RuntimeWarning: coroutine 'helper' was never awaited\n"
              "  helper()\n"
              "RuntimeWarning: Enable tracemalloc to get the object allocation traceback\n");
}

TEST_F(Errors, UnsupportedNamesSayWhyCondlabCannotRunThem) {
    EXPECT_EQ(
        run_ok(R"PY(
import asyncio
async def main():
    for name in ("to_thread", "open_connection", "no_such_thing"):
        try:
            getattr(asyncio, name)
        except AttributeError as e:
            print(e)
    try:
        asyncio.current_task().print_stack()
    except AttributeError as e:
        print(e)
    print(hasattr(asyncio, "Lock"), hasattr(asyncio, "wait"), hasattr(asyncio, "to_thread"))
asyncio.run(main())
)PY"),
        "module 'asyncio' has no attribute 'to_thread': condlab cannot run asyncio.to_thread: "
        "it needs real threads, which a program on a virtual clock cannot have\n"
        "module 'asyncio' has no attribute 'open_connection': condlab cannot run "
        "asyncio.open_connection: it needs real network I/O (sockets), which a program on a "
        "virtual clock cannot do\n"
        "module 'asyncio' has no attribute 'no_such_thing': condlab does not support "
        "asyncio.no_such_thing\n"
        "'Task' object has no attribute 'print_stack': condlab does not support Task.print_stack\n"
        "True True False\n");
}

TEST_F(Errors, AwaitingALockIsATypeError) {
    EXPECT_EQ(run_ok(R"PY(
import asyncio
async def main():
    try:
        await asyncio.Lock()
    except TypeError as e:
        print(e)
    try:
        asyncio.create_task(42)
    except TypeError as e:
        print(e)
    try:
        asyncio.current_task()
    except RuntimeError as e:
        print("no", e)
asyncio.run(main())
try:
    asyncio.current_task()
except RuntimeError as e:
    print(e)
)PY"),
              "object Lock can't be used in 'await' expression\na coroutine was expected, got 42\n"
              "no running event loop\n");
}

TEST_F(Errors, SystemExitEndsTheProgram) {
    ProgramResult zero = run("import sys\nprint('a')\nsys.exit(0)\nprint('b')\n");
    EXPECT_EQ(zero.outcome, ProgramResult::Status::Complete);
    EXPECT_EQ(zero.stdout_text, "a\n");
    ProgramResult three = run("import sys\nsys.exit(3)\n");
    EXPECT_EQ(three.outcome, ProgramResult::Status::Exception);
    EXPECT_EQ(three.exception_type, "SystemExit");
}

TEST_F(Errors, SameExceptionInstanceIsReraised) {
    EXPECT_EQ(run_ok(R"PY(
import asyncio
caught = []
async def child():
    e = KeyError("k")
    caught.append(e)
    raise e
async def main():
    t = asyncio.create_task(child())
    try:
        await t
    except KeyError as e:
        print(e is caught[0], t.exception() is e)
    try:
        await asyncio.gather(child())
    except KeyError as e:
        print(e is caught[1])
    r = await asyncio.gather(child(), return_exceptions=True)
    print(r[0] is caught[2])
asyncio.run(main())
)PY"),
              "True True\nTrue\nTrue\n");
}
