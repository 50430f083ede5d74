#pragma once
// The fixture of the CLI tests: run_cli in-process, a temporary directory, a small lesson.
#include "cli/cli.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace condlab::cli {

namespace fs = std::filesystem;

struct Result {
    int status = 0;
    std::string out, err;
};

inline Result cli(std::vector<std::string> args, const GuiFunction& gui = {}) {
    std::ostringstream out, err;
    Result r;
    r.status = run_cli(args, out, err, gui);
    r.out = out.str();
    r.err = err.str();
    return r;
}

class CliTest : public ::testing::Test {
  protected:
    void SetUp() override {
        ::unsetenv("CONDLAB_LESSONS");
        m_dir = fs::temp_directory_path() /
                ("condlab_cli_test_" + std::to_string(::getpid()) + "_" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
    }
    void TearDown() override {
        ::unsetenv("CONDLAB_LESSONS");
        fs::remove_all(m_dir);
    }
    std::string write(const std::string& name, const std::string& text) {
        fs::path p = m_dir / name;
        std::ofstream(p) << text;
        return p.string();
    }
    fs::path m_dir;
};

inline const char* kHello = R"PY("""# Hello

A tiny lesson.
"""
import asyncio

DELAY = 1.0  # param: 0..3 step 0.5 | Delay (s)
WHO = "world"  # param: choice "world", "there" | Who

# goal: output "hello there" | Greet there.
# compare: there: WHO="there"
# expect: default -> output "hello world"
# expect: there -> output "hello there"
# expect: DELAY=2 -> complete


async def main():
    await asyncio.sleep(DELAY)
    print(f"hello {WHO}")
    print(asyncio.get_running_loop().time())


asyncio.run(main())
)PY";

} // namespace condlab::cli
