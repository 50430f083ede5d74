#include "python/program_runner.h"

#include <gtest/gtest.h>

using namespace condlab::python;

TEST(PythonSmoke, PrintsHello) {
    ProgramResult r = run_program("hello.py", "print('hello', 1 + 2)\n");
    EXPECT_EQ(r.outcome, ProgramResult::Status::Complete) << r.stderr_text;
    EXPECT_EQ(r.stdout_text, "hello 3\n");
}
