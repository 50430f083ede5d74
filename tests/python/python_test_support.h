#pragma once
// Helpers for tests that run Python programs through condlab::python::run_program.
#include "python/program_runner.h"
#include "runtime/coro.h"

#include <gtest/gtest.h>

#include <string>

namespace condlab::python::test {

/// Runs `source` as "prog.py" (line trace on unless told otherwise).
inline ProgramResult run(const std::string& source, ProgramOptions options = {}) {
    return run_program("prog.py", source, options);
}

/// Runs and expects a clean completion; returns stdout.
inline std::string run_ok(const std::string& source, ProgramOptions options = {}) {
    ProgramResult r = run(source, options);
    EXPECT_EQ(r.outcome, ProgramResult::Status::Complete) << r.stderr_text;
    return r.stdout_text;
}

/// No native coroutine frame may outlive a run.
class PythonTest : public ::testing::Test {
  protected:
    void TearDown() override { EXPECT_EQ(live_coroutine_frames(), 0); }
};

} // namespace condlab::python::test
