// The window's text fallback prints the lesson text (the docstring, as the lesson pane shows it)
// between the title and the run (issue 21).
#include "cli_fixture.h"

#include <gtest/gtest.h>

#include <string>

namespace condlab::cli {
namespace {

const char* kTwoParagraphs = R"PY("""# Two paragraphs

The first paragraph says what to watch.

## Why

The second one says `why`, in Markdown.
"""
import asyncio


async def main():
    print("ran")


asyncio.run(main())
)PY";

TEST_F(CliTest, TextFallbackPrintsTheLessonTextBeforeTheRun) {
    write("01_two.py", kTwoParagraphs);
    ::setenv("CONDLAB_LESSONS", m_dir.c_str(), 1);
    Result r = cli({"01"}); // no GUI function: the text fallback
    ASSERT_EQ(r.status, 0) << r.err;
    const std::size_t title = r.out.find("# Two paragraphs");
    const std::size_t first = r.out.find("The first paragraph says what to watch.");
    const std::size_t heading = r.out.find("## Why");
    const std::size_t second = r.out.find("The second one says `why`, in Markdown.");
    const std::size_t output = r.out.find("output:");
    const std::size_t ran = r.out.find("  ran\n");
    ASSERT_NE(title, std::string::npos) << r.out;
    ASSERT_NE(first, std::string::npos) << r.out;
    ASSERT_NE(heading, std::string::npos) << r.out;
    ASSERT_NE(second, std::string::npos) << r.out;
    ASSERT_NE(output, std::string::npos) << r.out;
    ASSERT_NE(ran, std::string::npos) << r.out;
    EXPECT_LT(title, first);
    EXPECT_LT(first, heading);
    EXPECT_LT(heading, second);
    EXPECT_LT(second, output); // the text comes before the run's output and timeline
    EXPECT_LT(output, ran);
    // The title is printed once (the docstring's own `# ` heading is not repeated), and the
    // text ends with one blank line before the output.
    EXPECT_EQ(r.out.find("# Two paragraphs", title + 1), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("in Markdown.\n\noutput:"), std::string::npos) << r.out;
}

TEST_F(CliTest, TextFallbackWithoutADocstringPrintsNoText) {
    write("01_bare.py", "import asyncio\n\n\nasync def main():\n    print('x')\n\n\n"
                        "asyncio.run(main())\n");
    ::setenv("CONDLAB_LESSONS", m_dir.c_str(), 1);
    Result r = cli({"01"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find(")\n\noutput:\n  x\n"), std::string::npos) << r.out;
}

} // namespace
} // namespace condlab::cli
