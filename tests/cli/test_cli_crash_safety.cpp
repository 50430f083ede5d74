// `condlab run` of programs that used to take the process down (issue 19): any source
// encoding PEP 263 allows, an undeclared non-UTF-8 byte (CPython's SyntaxError, not an abort
// from an uncaught pybind11::error_already_set), and exits with CPython's statuses.
#include "cli/cli.h"
#include "runtime/run_outcome.h"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace condlab::cli {
namespace {

namespace fs = std::filesystem;

class CliCrashSafetyTest : public ::testing::Test {
  protected:
    void SetUp() override {
        m_dir = fs::temp_directory_path() /
                ("condlab_cli_crash_" + std::to_string(::getpid()) + "_" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
    }
    void TearDown() override { fs::remove_all(m_dir); }

    std::string write(const std::string& name, const std::string& bytes) {
        fs::path p = m_dir / name;
        std::ofstream(p, std::ios::binary) << bytes;
        return p.string();
    }
    static std::string slurp(const fs::path& p) {
        std::ifstream in(p, std::ios::binary);
        return std::string((std::istreambuf_iterator<char>(in)), {});
    }

    struct Run {
        bool exited = false; // a normal exit (no signal: no abort, no segfault)
        int status = -1;
        std::string out, err;
    };
    /// The condlab binary: `condlab run FILE`.
    Run binary(const std::string& file, const std::string& options = "") {
        const fs::path out = m_dir / "out.txt", err = m_dir / "err.txt";
        std::string cmd = std::string(CONDLAB_BINARY) + " run '" + file + "' " + options + " > '" +
                          out.string() + "' 2> '" + err.string() + "'";
        int rc = std::system(cmd.c_str());
        Run r;
        r.exited = WIFEXITED(rc);
        r.status = r.exited ? WEXITSTATUS(rc) : -1;
        r.out = slurp(out);
        r.err = slurp(err);
        return r;
    }
    fs::path m_dir;
};

TEST_F(CliCrashSafetyTest, Latin1SourceRuns) {
    std::string f = write("latin.py", "# -*- coding: latin-1 -*-\n"
                                      "s = 'caf\xe9'\n"
                                      "print(s, len(s))\n");
    Run r = binary(f);
    ASSERT_TRUE(r.exited) << r.err;
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, "caf\xc3\xa9 4\n");
    std::ostringstream out, err;
    EXPECT_EQ(run_cli({"run", f}, out, err), 0);
    EXPECT_EQ(out.str(), "caf\xc3\xa9 4\n");
}

TEST_F(CliCrashSafetyTest, UndeclaredNonUtf8ByteIsASyntaxErrorNotAnAbort) {
    std::string f = write("e9.py", "# \xe9\n");
    Run r = binary(f);
    ASSERT_TRUE(r.exited) << r.err;
    EXPECT_EQ(r.status, 2); // condlab's (and the reference harness's) syntax-error status
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err.find("SyntaxError: Non-UTF-8 code starting with '\\xe9' in file "),
              std::string::npos)
        << r.err;
    EXPECT_EQ(r.err.find("terminate called"), std::string::npos) << r.err;
    std::ostringstream out, err;
    EXPECT_EQ(run_cli({"run", write("e9b.py", "# \xe9")}, out, err), 2);
    EXPECT_NE(err.str().find("Non-UTF-8 code"), std::string::npos) << err.str();
}

TEST_F(CliCrashSafetyTest, ExitStatusesPassThrough) {
    Run sys_exit = binary(write("a.py", "import sys\nprint('a')\nsys.exit(5)\n"));
    ASSERT_TRUE(sys_exit.exited);
    EXPECT_EQ(sys_exit.status, 5);
    EXPECT_EQ(sys_exit.out, "a\n");

    Run os_exit = binary(write("b.py", "import os\nprint('unflushed', end='')\nos._exit(7)\n"));
    ASSERT_TRUE(os_exit.exited);
    EXPECT_EQ(os_exit.status, 7);
    EXPECT_EQ(os_exit.out, "unflushed");

    Run interrupt = binary(write("c.py", "import asyncio\n"
                                         "async def child():\n"
                                         "    raise KeyboardInterrupt\n"
                                         "async def main():\n"
                                         "    asyncio.create_task(child())\n"
                                         "    await asyncio.sleep(1)\n"
                                         "asyncio.run(main())\n"));
    ASSERT_TRUE(interrupt.exited);
    EXPECT_EQ(interrupt.status, 130);
    EXPECT_NE(interrupt.err.find("KeyboardInterrupt"), std::string::npos) << interrupt.err;
}

TEST_F(CliCrashSafetyTest, DeepRecursionIsARecursionErrorNotASegfault) {
    Run r = binary(write("rec.py", "import asyncio, sys\n"
                                   "sys.setrecursionlimit(10**7)\n"
                                   "async def f(n):\n"
                                   "    return await f(n + 1)\n"
                                   "asyncio.run(f(0))\n"));
    ASSERT_TRUE(r.exited) << r.err;
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("RecursionError"), std::string::npos) << r.err.substr(0, 2000);
}

// The executable leaves a run stopped by its budget to the OS (no teardown of its tasks):
// the process still says why it stopped, keeps the output and writes the trace.
TEST_F(CliCrashSafetyTest, AFloodStoppedByTheBudgetEndsWithItsOutputAndTrace) {
    const fs::path trace = m_dir / "trace.json";
    Run r = binary(write("flood.py", "import asyncio\n"
                                     "async def main():\n"
                                     "    print('started', flush=True)\n"
                                     "    while True:\n"
                                     "        asyncio.get_running_loop().create_task(\n"
                                     "            asyncio.sleep(1))\n"
                                     "asyncio.run(main())\n"),
                   "--max-wall 0.3 --trace-json '" + trace.string() + "'");
    ASSERT_TRUE(r.exited) << r.err;
    EXPECT_EQ(r.status, outcome_info(OutcomeKind::Budget).exit_status) << r.err;
    EXPECT_EQ(r.out, "started\n");
    EXPECT_NE(r.err.find("budget exceeded: task main at line 5"), std::string::npos) << r.err;
    const std::string json = slurp(trace);
    EXPECT_NE(json.find("\"budget\""), std::string::npos) << json.substr(0, 500);
}

} // namespace
} // namespace condlab::cli
