// Event-loop goals (lesson/schedule_goal.h): parsing with file and line in errors, kept apart
// from outcome and fix goals; what `condlab check` verifies (the default schedule must not
// reach the goal, a schedule within two deviations must); lessons 05, 17 and 20 have one.
#include "lesson/check.h"
#include "lesson/schedule_goal.h"
#include "lesson_test_support.h"

#include <gtest/gtest.h>

namespace condlab::lesson {
namespace {

using testing::source_dir;

TEST(ScheduleGoal, ParsesApartFromOutcomeAndFixGoals) {
    Lesson l = parse_lesson_source("X = 1  # param: 1..3 | x\n"
                                   "# goal: deadlock | Break it.\n"
                                   "# goal: schedule deadlock | Be the loop.\n"
                                   "# goal: schedule exception | Raise.\n"
                                   "# goal: fix complete over X | Fix it.\n",
                                   "g.py");
    ASSERT_TRUE(l.errors.empty()) << l.errors.front();
    EXPECT_EQ(l.goals.size(), 1u);
    EXPECT_EQ(l.fix_goals.size(), 1u);
    ASSERT_EQ(l.schedule_goals.size(), 2u);
    EXPECT_EQ(l.schedule_goals[0].target, Outcome::Deadlock);
    EXPECT_EQ(l.schedule_goals[0].description, "Be the loop.");
    EXPECT_EQ(l.schedule_goals[0].line, 3u);
    EXPECT_EQ(l.schedule_goals[1].describe(), "exception");
    EXPECT_TRUE(schedule_goal_reached(l.schedule_goals[0], Outcome::Deadlock));
    EXPECT_FALSE(schedule_goal_reached(l.schedule_goals[0], Outcome::Complete));
    EXPECT_FALSE(is_schedule_goal(" scheduled"));
}

TEST(ScheduleGoal, MalformedLinesNameFileLineAndCause) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"# goal: schedule deadlock", "g.py:1: the text after '|' is missing"},
        {"# goal: schedule complete | t", "g.py:1: an event-loop goal reaches 'deadlock', "
                                          "'exception' or 'budget', not 'complete'"},
        {"# goal: schedule | t", "not ''"},
    };
    for (const auto& [line, message] : cases) {
        Lesson l = parse_lesson_source(line + "\n", "g.py");
        ASSERT_EQ(l.errors.size(), 1u) << line;
        EXPECT_NE(l.errors[0].find(message), std::string::npos) << l.errors[0];
    }
}

class ScheduleGoalCheck : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { start_interpreter(); }
};

// Two sleeps, one pending at each choice point: the default completes, the consumer
// sleeping longer than the producer loses the notification.
const char* kTwoSleeps = "import asyncio\n"
                         "cond = asyncio.Condition()\n"
                         "async def consumer():\n"
                         "    await asyncio.sleep(1.0)\n"
                         "    async with cond:\n"
                         "        await cond.wait()\n"
                         "async def producer():\n"
                         "    await asyncio.sleep(2.0)\n"
                         "    async with cond:\n"
                         "        cond.notify()\n"
                         "async def main():\n"
                         "    await asyncio.gather(consumer(), producer())\n"
                         "asyncio.run(main())\n";

TEST_F(ScheduleGoalCheck, ReachableGoalPassesWithTheScheduleInWords) {
    const Lesson l = parse_lesson_source(
        std::string(kTwoSleeps) + "# goal: schedule deadlock | Lose it.\n", "two.py");
    ASSERT_TRUE(l.errors.empty()) << l.errors.front();
    const ScheduleGoalVerification v = verify_schedule_goal(l, l.schedule_goals[0]);
    EXPECT_TRUE(v.ok) << v.message;
    EXPECT_NE(v.message.find("ends before"), std::string::npos) << v.message;
    EXPECT_NE(v.message.find("deadlock"), std::string::npos) << v.message;
    const LessonCheck c = check_lesson(l);
    EXPECT_EQ(c.passed, 1);
    EXPECT_EQ(c.failed, 0);
}

TEST_F(ScheduleGoalCheck, UnreachableGoalFails) {
    const Lesson l = parse_lesson_source(
        std::string(kTwoSleeps) + "# goal: schedule exception | Raise.\n", "two.py");
    const ScheduleGoalVerification v = verify_schedule_goal(l, l.schedule_goals[0]);
    EXPECT_FALSE(v.ok);
    EXPECT_NE(v.message.find("no schedule within 2 deviations ends in exception"),
              std::string::npos)
        << v.message;
}

TEST_F(ScheduleGoalCheck, GoalTheDefaultScheduleReachesIsOneClickAndFails) {
    std::string src = kTwoSleeps;
    src.replace(src.find("sleep(1.0)"), 10, "sleep(3.0)"); // the consumer now waits too late
    const Lesson l = parse_lesson_source(src + "# goal: schedule deadlock | Lose it.\n", "late.py");
    const LessonCheck c = check_lesson(l);
    ASSERT_EQ(c.failed, 1);
    EXPECT_NE(c.messages[0].find("late.py:14: event-loop goal: CPython's own schedule already "
                                 "ends in deadlock"),
              std::string::npos)
        << c.messages[0];
}

TEST_F(ScheduleGoalCheck, Lessons04_13_17HaveOneAndItHolds) {
    for (const char* name :
         {"05_lost_wakeup.py", "20_cancellation_during_wait.py", "17_lock_order_deadlock.py"}) {
        const Lesson l = load_lesson(source_dir() / "lessons" / name);
        ASSERT_EQ(l.schedule_goals.size(), 1u) << name;
        const ScheduleGoalVerification v = verify_schedule_goal(l, l.schedule_goals[0]);
        EXPECT_TRUE(v.ok) << name << ": " << v.message;
        EXPECT_GE(v.explored, 2u) << name;
    }
}

} // namespace
} // namespace condlab::lesson
