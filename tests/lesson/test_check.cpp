// Goal and expectation evaluation with a fake runner (check.h).
#include "lesson/check.h"

#include <gtest/gtest.h>

namespace condlab::lesson {
namespace {

RunResult result(Outcome outcome, std::string stdout_text = "", std::string exc = "") {
    RunResult r;
    r.outcome = outcome;
    r.stdout_text = std::move(stdout_text);
    r.exception_type = std::move(exc);
    return r;
}

TEST(Goals, OutcomeMatches) {
    auto o = [](const char* text) { return parse_outcome(text); };
    EXPECT_TRUE(outcome_matches(o("complete"), result(Outcome::Complete)));
    EXPECT_FALSE(outcome_matches(o("complete"), result(Outcome::Deadlock)));
    EXPECT_TRUE(outcome_matches(o("deadlock"), result(Outcome::Deadlock)));
    EXPECT_TRUE(outcome_matches(o("budget"), result(Outcome::Budget)));
    EXPECT_TRUE(
        outcome_matches(o("exception IndexError"), result(Outcome::Exception, "", "IndexError")));
    EXPECT_TRUE(outcome_matches(o("exception asyncio.CancelledError"),
                                result(Outcome::Exception, "", "CancelledError")));
    EXPECT_TRUE(
        outcome_matches(o("exception CancelledError"),
                        result(Outcome::Exception, "", "asyncio.exceptions.CancelledError")));
    EXPECT_FALSE(
        outcome_matches(o("exception IndexError"), result(Outcome::Exception, "", "KeyError")));
    EXPECT_FALSE(outcome_matches(o("exception IndexError"), result(Outcome::Complete)));
    // output: any printed line, whatever the outcome
    EXPECT_TRUE(outcome_matches(o("output \"b\""), result(Outcome::Deadlock, "a\nb\n")));
    EXPECT_TRUE(outcome_matches(o("output \"b\""), result(Outcome::Complete, "a\nb")));
    EXPECT_TRUE(outcome_matches(o("output \"\""), result(Outcome::Complete, "a\n\nb\n")));
    EXPECT_FALSE(outcome_matches(o("output \"b\""), result(Outcome::Complete, "a\nbb\n")));
    EXPECT_FALSE(outcome_matches(o("output \"\""), result(Outcome::Complete, "")));
    Goal g{o("deadlock"), "hang it", 3};
    EXPECT_TRUE(goal_reached(g, result(Outcome::Deadlock)));
}

TEST(Checks, FakeRunnerPassesAndFails) {
    Lesson l = parse_lesson_source("MODE = 'a'  # param: choice 'a', 'b'\n"
                                   "# compare: b: MODE='b'\n"
                                   "# expect: default -> output \"mode a\"\n"
                                   "# expect: b -> deadlock\n"
                                   "# expect: MODE='b' -> exception ValueError\n"
                                   "# expect: b -> complete\n",
                                   "fake.py");
    ASSERT_TRUE(l.errors.empty());
    std::vector<Overrides> seen;
    RunFunction fake = [&](const Lesson&, const Overrides& o, const RunOptions&) {
        seen.push_back(o);
        if (o.empty())
            return result(Outcome::Complete, "mode a\n");
        RunResult r = result(Outcome::Deadlock, "mode b\n");
        r.summary = "deadlock: nothing ready";
        return r;
    };
    LessonCheck c = check_lesson(l, true, {}, fake);
    EXPECT_EQ(c.passed, 2);
    EXPECT_EQ(c.failed, 2);
    EXPECT_EQ(c.messages,
              (std::vector<std::string>{
                  "ok   fake.py:3: default", "ok   fake.py:4: b",
                  "FAIL fake.py:5: MODE='b': expected exception ValueError, got deadlock",
                  "FAIL fake.py:6: b: expected complete, got deadlock (deadlock: nothing ready)"}));
    ASSERT_EQ(seen.size(), 4u);
    EXPECT_EQ(seen[1], (Overrides{{"MODE", "'b'"}}));
}

TEST(Checks, MetadataErrorsFailOnce) {
    Lesson l = parse_lesson_source("# expect: nope\n# goal: x\n", "bad.py");
    int runs = 0;
    RunFunction fake = [&](const Lesson&, const Overrides&, const RunOptions&) {
        ++runs;
        return result(Outcome::Complete);
    };
    LessonCheck c = check_lesson(l, false, {}, fake);
    EXPECT_EQ(c.failed, 1);
    EXPECT_EQ(c.passed, 0);
    EXPECT_EQ(runs, 0);
    EXPECT_EQ(c.messages.size(), 2u);
}

TEST(Checks, DescribeOutcome) {
    // The outcome table's names (runtime/run_outcome.h), one per kind.
    EXPECT_EQ(describe_outcome(result(Outcome::SyntaxError)), "syntax error");
    EXPECT_EQ(describe_outcome(result(Outcome::UsageError)), "usage error");
    EXPECT_EQ(describe_outcome(result(Outcome::Budget)), "budget");
    for (int k = 0; k < kOutcomeKindCount; ++k)
        EXPECT_EQ(describe_outcome(result(static_cast<Outcome>(k))),
                  outcome_info(static_cast<Outcome>(k)).name);
    EXPECT_EQ(exit_status(Outcome::UsageError), 2);
    EXPECT_EQ(exit_status(Outcome::Deadlock), 3);
}

} // namespace
} // namespace condlab::lesson
