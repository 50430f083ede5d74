// "You are the event loop" (lesson/event_loop_session.h) and the survey of every outcome
// (lesson/explore_outcomes.h) on lesson 05: the first choice point offers both sleeps,
// firing the producer's first and then letting CPython decide loses the notification (the
// event-loop goal is reached), undo restores CPython's run; the survey finds complete and
// deadlock, with CPython's schedule the shortest complete one.
#include "lesson/event_loop_session.h"
#include "lesson/explore_outcomes.h"
#include "lesson_test_support.h"

#include <gtest/gtest.h>

namespace condlab::lesson {
namespace {

using testing::source_dir;

class EventLoopSessionTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { start_interpreter(); }
    Lesson lesson04 = load_lesson(source_dir() / "lessons" / "05_lost_wakeup.py");
};

const TimerOption* find(const std::vector<TimerOption>& options, std::string_view who) {
    for (const TimerOption& o : options)
        if (o.name.starts_with(who))
            return &o;
    return nullptr;
}

TEST_F(EventLoopSessionTest, FiringTheProducersSleepFirstLosesTheNotification) {
    EventLoopSession s(lesson04, {});
    EXPECT_EQ(s.outcome(), Outcome::Complete); // CPython's own schedule
    ASSERT_FALSE(s.finished());
    EXPECT_EQ(s.point(), 0u);
    const std::vector<TimerOption> first = s.options();
    const TimerOption* consumer = find(first, "consumer's `sleep(1.0)`");
    const TimerOption* producer = find(first, "producer's `sleep(2.0)`");
    ASSERT_NE(consumer, nullptr);
    ASSERT_NE(producer, nullptr);
    EXPECT_TRUE(consumer->cpython_next);
    EXPECT_FALSE(producer->cpython_next);
    EXPECT_DOUBLE_EQ(producer->when, 2.0);

    ASSERT_TRUE(s.fire(producer->number));
    EXPECT_EQ(s.point(), 1u);
    EXPECT_EQ(s.schedule().durations.size(), 1u);
    for (int guard = 0; !s.finished() && guard < 20; ++guard)
        s.let_cpython_decide();
    ASSERT_TRUE(s.finished());
    EXPECT_EQ(s.outcome(), Outcome::Deadlock);
    EXPECT_NE(s.sentence().find("ends before consumer's"), std::string::npos) << s.sentence();
    EXPECT_EQ(s.goals_reached(), (std::vector<std::size_t>{0}));

    while (s.point() > 0)
        ASSERT_TRUE(s.back());
    EXPECT_FALSE(s.back());
    EXPECT_TRUE(s.schedule().durations.empty());
    EXPECT_EQ(s.outcome(), Outcome::Complete);
    EXPECT_TRUE(s.goals_reached().empty());
}

TEST_F(EventLoopSessionTest, Lesson13NeedsTheNotifierFiredTogetherWithTheCanceller) {
    const Lesson l = load_lesson(source_dir() / "lessons" / "20_cancellation_during_wait.py");
    EventLoopSession s(l, {});
    const std::vector<TimerOption> first = s.options();
    const TimerOption* notifier = find(first, "notifier's `sleep(2.0)`");
    const TimerOption* canceller = find(first, "canceller's `sleep(1.0)`");
    ASSERT_NE(notifier, nullptr);
    ASSERT_NE(canceller, nullptr);
    EXPECT_FALSE(s.fire_with_next(canceller->number)); // it is CPython's next already
    // Alone and first, the notify wakes w1 before the cancel comes: no deadlock.
    ASSERT_TRUE(s.fire(notifier->number));
    while (!s.finished())
        s.let_cpython_decide();
    EXPECT_EQ(s.outcome(), Outcome::Complete);
    while (s.back()) {
    }
    // In the same iteration as the cancel: the notification is lost.
    ASSERT_TRUE(s.fire_with_next(notifier->number));
    while (!s.finished())
        s.let_cpython_decide();
    EXPECT_EQ(s.outcome(), Outcome::Deadlock);
    EXPECT_NE(s.sentence().find("ends together with"), std::string::npos) << s.sentence();
    EXPECT_EQ(s.goals_reached(), (std::vector<std::size_t>{0}));
}

TEST_F(EventLoopSessionTest, LettingCPythonDecideEverywhereCompletesAndReachesNoGoal) {
    EventLoopSession s(lesson04, {});
    std::size_t decisions = 0;
    for (; !s.finished() && decisions < 20; ++decisions)
        s.let_cpython_decide();
    EXPECT_EQ(decisions, s.points());
    EXPECT_EQ(s.outcome(), Outcome::Complete);
    EXPECT_TRUE(s.goals_reached().empty());
    EXPECT_FALSE(s.fire(1)); // nothing left to choose
}

TEST_F(EventLoopSessionTest, SurveyGroupsEveryScheduleByOutcome) {
    const OutcomeSurvey survey = survey_outcomes(lesson04, {}, 2);
    ASSERT_TRUE(survey.error.empty()) << survey.error;
    EXPECT_TRUE(survey.exhaustive);
    ASSERT_EQ(survey.classes.size(), 2u);
    EXPECT_EQ(survey.classes[0].key, "complete");
    EXPECT_TRUE(survey.classes[0].shortest.durations.empty()); // CPython's own
    EXPECT_EQ(survey.classes[1].key, "deadlock");
    EXPECT_EQ(survey.classes[1].shortest.durations.size(), 1u);
    EXPECT_EQ(survey.classes[0].count + survey.classes[1].count, survey.explored);
    ASSERT_EQ(survey.classes[1].marks.size(), 1u);
    EXPECT_LT(survey.classes[1].marks[0].when, survey.classes[1].marks[0].default_when);
    EXPECT_NE(survey.classes[1].sentence.find("→ deadlock"), std::string::npos);
}

TEST_F(EventLoopSessionTest, SurveyJobRunsInTheBackgroundAndCancels) {
    OutcomeSurveyJob job;
    job.start(lesson04, {}, 3);
    job.wait();
    EXPECT_FALSE(job.running());
    EXPECT_EQ(job.version(), 1u);
    EXPECT_EQ(job.result().classes.size(), 2u);
    EXPECT_GT(job.explored(), 2u);
    job.start(lesson04, {}, 3);
    job.cancel();
    job.wait();
    EXPECT_EQ(job.version(), 2u);
}

} // namespace
} // namespace condlab::lesson
