// `condlab check` and the lesson's questions and fix goals: a wrong marked choice fails the
// check (the run decides, not the author), a right one passes; a fix goal the program already
// meets fails; the shipped lessons all pass.
#include "cli_fixture.h"

namespace condlab::cli {
namespace {

const std::string kQuestion = "# predict: at start ask next output | What is printed first?\n"
                              "# predict: choices *\"hello world\" | \"hello there\"\n"
                              "# predict: reveal WHO is \"world\" by default.\n"
                              "# predict: in there at start ask outcome | And with \"there\"?\n"
                              "# predict: choices complete | *deadlock\n"
                              "# predict: reveal It completes: nothing waits.\n";

TEST_F(CliTest, CheckFailsAWrongMarkedAnswer) {
    const std::string f = write("01_hello.py", std::string(kHello) + kQuestion);
    Result r = cli({"check", f});
    EXPECT_EQ(r.status, 1) << r.out;
    EXPECT_EQ(r.out.find(":24: predict"), std::string::npos) << r.out; // the right mark passes
    EXPECT_NE(r.out.find("FAIL " + f +
                         ":27: predict: the marked choice is deadlock but the run answers "
                         "complete"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("4 passed, 1 failed\n"), std::string::npos) << r.out;

    Result v = cli({"check", "-v", f});
    EXPECT_NE(v.out.find("ok   " + f + ":24: predict: next output = \"hello world\""),
              std::string::npos)
        << v.out;
}

TEST_F(CliTest, CheckReportsAMalformedQuestionWithItsLine) {
    const std::string f =
        write("01_hello.py", std::string(kHello) + "# predict: at start ask outcome | q\n"
                                                   "# predict: choices complete | deadlock\n");
    Result r = cli({"check", f});
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.out.find("FAIL " + f + ":25: mark the expected choice with '*'"), std::string::npos)
        << r.out;
}

TEST_F(CliTest, CheckFailsAFixGoalWithNothingToFix) {
    const std::string f =
        write("01_hello.py", std::string(kHello) + "# goal: fix complete over DELAY | Fix it.\n");
    Result r = cli({"check", f});
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.out.find(":24: fix goal: the lesson's program already meets 'complete' in all "
                         "7 cells: there is nothing to fix"),
              std::string::npos)
        << r.out;
}

TEST_F(CliTest, EveryShippedLessonPassesItsQuestionsAndFixGoals) {
    ::setenv("CONDLAB_LESSONS", CONDLAB_SOURCE_DIR "/lessons", 1);
    Result r = cli({"check", "-v"});
    EXPECT_EQ(r.status, 0) << r.out;
    std::size_t questions = 0, fix_goals = 0;
    for (std::size_t at = r.out.find(": predict: "); at != std::string::npos;
         at = r.out.find(": predict: ", at + 1))
        ++questions;
    for (std::size_t at = r.out.find(": fix goal: "); at != std::string::npos;
         at = r.out.find(": fix goal: ", at + 1))
        ++fix_goals;
    EXPECT_GE(questions, 18u);
    EXPECT_GE(fix_goals, 10u);
}

} // namespace
} // namespace condlab::cli
