// Each run starts from a fresh namespace; nothing leaks from one run into the next.
#include "python/interpreter.h"
#include "python_test_support.h"

#include <thread>
#include <vector>

using namespace condlab::python;
using namespace condlab::python::test;

namespace {
class Isolation : public PythonTest {};
} // namespace

TEST_F(Isolation, GlobalsDoNotSurviveARun) {
    EXPECT_EQ(run_ok("X = 1\nimport asyncio\nasyncio.flag = 1\nprint(__name__)\n"), "__main__\n");
    EXPECT_EQ(run_ok("import asyncio\nprint('X' in globals(), hasattr(asyncio, 'flag'))\n"),
              "False False\n");
}

TEST_F(Isolation, AsyncioObjectsOfAFinishedRunAreUnusable) {
    EXPECT_EQ(run_ok(R"PY(
import asyncio, sys
async def main():
    sys.condlab_leak = (asyncio.Lock(), asyncio.current_task(), asyncio.sleep(1), asyncio.get_running_loop())
    sys.condlab_leak[2].close()
asyncio.run(main())
)PY"),
              "");
    EXPECT_EQ(run_ok(R"PY(
import sys
lock, task, coro, loop = sys.condlab_leak
del sys.condlab_leak
for f in (lock.locked, task.done, loop.time, lambda: coro.send(None)):
    try:
        f()
    except RuntimeError as e:
        print(e)
)PY"),
              "this asyncio object belongs to a condlab run that has ended\n"
              "this asyncio object belongs to a condlab run that has ended\n"
              "this asyncio object belongs to a condlab run that has ended\n"
              "cannot reuse already awaited coroutine\n");
}

TEST_F(Isolation, RealAsyncioIsRestoredAfterARun) {
    {
        // condlab itself never imports the asyncio package (stdlib_asyncio.h); a host may.
        RunLock lock;
        py::module_::import("asyncio");
    }
    run_ok("import asyncio\nprint(asyncio.Lock)\n");
    RunLock lock;
    py::module_ sys = py::module_::import("sys");
    py::object asyncio = sys.attr("modules")["asyncio"];
    EXPECT_TRUE(py::hasattr(asyncio, "BaseEventLoop")); // CPython's own module
    EXPECT_FALSE(py::hasattr(sys, "condlab_leak"));
    EXPECT_NE(sys.attr("stdout").attr("__class__").attr("__name__").cast<std::string>(),
              "_CondlabOutput");
}

TEST_F(Isolation, NoAsyncioPackageIsImportedAtStartUp) {
    // It costs about 100 ms of every run's start-up (stdlib_asyncio.h).
    {
        RunLock lock;
        if (py::module_::import("sys").attr("modules").contains("asyncio.base_events"))
            GTEST_SKIP() << "an earlier test of this process imported the asyncio package";
    }
    run_ok("print('hi')\n");
    RunLock lock;
    py::object modules = py::module_::import("sys").attr("modules");
    EXPECT_FALSE(modules.contains("asyncio.base_events"));
    EXPECT_FALSE(modules.contains("ssl"));
}

TEST_F(Isolation, PendingTasksAtADeadlockRunNoMoreCode) {
    ProgramResult r = run(R"PY(
import asyncio
async def stuck(ev):
    try:
        await ev.wait()
    finally:
        print("finally of a task left pending")
async def main():
    ev = asyncio.Event()
    asyncio.create_task(stuck(ev))
    await ev.wait()
asyncio.run(main())
)PY");
    EXPECT_EQ(r.outcome, ProgramResult::Status::Deadlock);
    EXPECT_EQ(r.stdout_text, "");
    EXPECT_EQ(run_ok("print('next run')\n"), "next run\n");
}

TEST_F(Isolation, RunsFromSeveralThreads) {
    const char* program = R"PY(
import asyncio
async def main():
    order = []
    async def sleeper(i):
        await asyncio.sleep(1.0)
        order.append(i)
    await asyncio.gather(*(sleeper(i) for i in range(8)))
    print(*order)
asyncio.run(main())
)PY";
    std::vector<std::thread> threads;
    std::vector<std::string> outputs(4);
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 5; ++i) {
                ProgramOptions o;
                o.line_trace = (i % 2) == 0;
                ProgramResult r = run_program("prog.py", program, o);
                outputs[static_cast<std::size_t>(t)] += r.stdout_text;
            }
        });
    for (std::thread& th : threads)
        th.join();
    std::string expected;
    for (int i = 0; i < 5; ++i)
        expected += "0 2 6 5 7 4 1 3\n";
    for (const std::string& out : outputs)
        EXPECT_EQ(out, expected);
}

TEST_F(Isolation, InterpreterSettingsAreRestored) {
    EXPECT_EQ(run_ok(R"PY(
import sys, warnings
warnings.simplefilter("error")
sys.setrecursionlimit(50)
try:
    input()
except EOFError:
    print("no stdin")
)PY"),
              "no stdin\n");
    ProgramResult r = run(R"PY(
import sys, asyncio
async def main():
    asyncio.sleep(1)  # a RuntimeWarning, not an error
print(sys.getrecursionlimit())
asyncio.run(main())
)PY");
    EXPECT_EQ(r.outcome, ProgramResult::Status::Complete) << r.stderr_text;
    EXPECT_EQ(r.stdout_text, "1000\n");
    EXPECT_NE(r.stderr_text.find("RuntimeWarning: coroutine 'sleep' was never awaited"),
              std::string::npos);
}
