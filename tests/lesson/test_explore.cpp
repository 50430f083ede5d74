// The schedule explorer (lesson/explore.h, docs/timing-model.md): lesson 05's lost wake-up
// is found at its default parameters and replays identically under CPython; its reference
// fix (a `while` loop) has no counterexample within 3 deviations; random and pct find lesson
// 05's deadlock too; schedule files.
#include "lesson/explore.h"
#include "lesson_test_support.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>

namespace condlab::lesson {
namespace {

using testing::capture;
using testing::python3;
using testing::shell_quote;
using testing::source_dir;

Lesson lesson_file(const char* name) { return load_lesson(source_dir() / "lessons" / name); }

class ExploreTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { start_interpreter(); }
};

TEST_F(ExploreTest, Lesson04DefaultScheduleCompletesButOneDeviationDeadlocks) {
    const Lesson l = lesson_file("05_lost_wakeup.py");
    EXPECT_EQ(run(l, {}, ExploreOptions::quiet_run_options()).outcome, Outcome::Complete);
    ExploreResult r = explore(l, {}, ExploreOptions{});
    ASSERT_TRUE(r.found) << r.explored << " schedules";
    EXPECT_EQ(r.outcome, Outcome::Deadlock);
    EXPECT_EQ(r.default_outcome, Outcome::Complete);
    EXPECT_FALSE(r.exhaustive); // it stopped at the find
    EXPECT_EQ(r.schedule.durations, (std::map<TimerNumber, double>{{2, 0.5}}));
    ASSERT_EQ(r.deviations.size(), 1u);
    // The lines of the two sleeps (found by their text: metadata lines above them move them).
    const std::string producer =
        std::to_string(find_source_line(l.source, "sleep(PRODUCER_DELAY)"));
    const std::string consumer =
        std::to_string(find_source_line(l.source, "sleep(CONSUMER_DELAY)"));
    EXPECT_EQ(r.sentence, "producer's `sleep(2.0)` at line " + producer +
                              " ends before consumer's `sleep(1.0)` at line " + consumer +
                              " → deadlock");
}

TEST_F(ExploreTest, Lesson04CounterexampleReplaysIdenticallyInCPython) {
    const Lesson l = lesson_file("05_lost_wakeup.py");
    ExploreResult r = explore(l, {}, ExploreOptions{});
    ASSERT_TRUE(r.found);
    const std::string file = (std::filesystem::temp_directory_path() /
                              ("condlab_explore_" + std::to_string(::getpid()) + ".json"))
                                 .string();
    std::ofstream(file) << schedule_to_json(r.schedule, "05_lost_wakeup.py");
    const Schedule loaded = load_schedule(file);
    EXPECT_EQ(loaded, r.schedule);
    RunResult ours = run_schedule(l, loaded, ExploreOptions::quiet_run_options());
    int status = -1;
    const std::string theirs =
        capture(python3() + " " + shell_quote((source_dir() / "tools/reference_harness.py")) + " " +
                    shell_quote(l.path) + " --schedule " + shell_quote(file) + " 2>/dev/null",
                status);
    std::filesystem::remove(file);
    EXPECT_EQ(ours.stdout_text, "0.5 producer: ready = True, notify()\n"
                                "1.0 consumer: waiting, although ready = True\n");
    EXPECT_EQ(theirs, ours.stdout_text);
    EXPECT_EQ(status, exit_status(ours));
    EXPECT_EQ(status, 3);
}

TEST_F(ExploreTest, LostWakeupFixHasNoCounterexampleWithinThreeDeviations) {
    // The reference fix of the lost wake-up (a while loop on `ready`) survives every schedule
    // with at most three deviations; the same search finds the lesson's bare wait().
    const Lesson fixed = load_lesson(source_dir() / "lessons" / "fixes" / "lost_wakeup.py");
    ExploreOptions o;
    o.bound = 3;
    ExploreResult r = explore(fixed, {}, o);
    EXPECT_FALSE(r.found) << r.sentence;
    EXPECT_TRUE(r.exhaustive);
    EXPECT_GE(r.explored, 3u); // CPython's schedule, the producer first, both together
    ExploreResult bare = explore(lesson_file("05_lost_wakeup.py"), {}, o);
    EXPECT_TRUE(bare.found);
    EXPECT_EQ(bare.outcome, Outcome::Deadlock);
}

TEST_F(ExploreTest, RandomAndPctFindLesson04sDeadlockAndShrinkIt) {
    const Lesson l = lesson_file("05_lost_wakeup.py");
    for (ExploreStrategy s : {ExploreStrategy::Random, ExploreStrategy::Pct}) {
        ExploreOptions o;
        o.strategy = s;
        o.runs = 200;
        o.seed = 7;
        ExploreResult r = explore(l, {}, o);
        ASSERT_TRUE(r.found) << static_cast<int>(s);
        EXPECT_EQ(r.outcome, Outcome::Deadlock);
        EXPECT_EQ(r.deviations.size(), 1u) << r.sentence;
        EXPECT_FALSE(r.exhaustive);
    }
}

TEST_F(ExploreTest, UntilSelectsTheOutcomeSought) {
    const Lesson l = lesson_file("05_lost_wakeup.py");
    ExploreOptions o;
    o.until = ExploreUntil::reaching(Outcome::Exception); // lesson 05 deadlocks but never raises
    ExploreResult r = explore(l, {}, o);
    EXPECT_FALSE(r.found);
    EXPECT_TRUE(r.exhaustive);
    EXPECT_GT(r.explored, 1u);
}

// --until's words are the outcome table's names (plus "any"); only outcomes a search can
// reach are taken.
TEST(ExploreUntilWords, AreTheOutcomeTablesNames) {
    EXPECT_EQ(parse_explore_until("any"), ExploreUntil::any());
    for (Outcome k : {Outcome::Deadlock, Outcome::Exception, Outcome::Budget}) {
        EXPECT_EQ(parse_explore_until(outcome_info(k).name), ExploreUntil::reaching(k));
        EXPECT_TRUE(meets(ExploreUntil::reaching(k), k));
        EXPECT_TRUE(meets(ExploreUntil::any(), k));
        EXPECT_FALSE(meets(ExploreUntil::never(), k));
    }
    EXPECT_FALSE(meets(ExploreUntil::reaching(Outcome::Deadlock), Outcome::Budget));
    EXPECT_FALSE(meets(ExploreUntil::any(), Outcome::Complete));
    for (const char* no : {"complete", "syntax error", "usage error", "never", "raised", ""})
        EXPECT_FALSE(parse_explore_until(no).has_value()) << no;
}

TEST_F(ExploreTest, ProgressCanCancelTheSearch) {
    const Lesson l = lesson_file("25_use_a_queue.py");
    ExploreOptions o;
    o.progress = [](std::uint64_t n) { return n < 5; };
    ExploreResult r = explore(l, {}, o);
    EXPECT_TRUE(r.cancelled);
    EXPECT_FALSE(r.exhaustive);
    EXPECT_EQ(r.explored, 5u);
}

TEST(ScheduleFile, RoundTripsDurationsExactlyAndParameters) {
    Schedule s;
    s.overrides = {{"PRODUCER_DELAY", "1.5"}};
    s.durations = {{2, 0.1 + 0.2}, {7, 1e-9}};
    const Schedule back = parse_schedule(schedule_to_json(s, "x.py", {"a note"}), "f.json");
    EXPECT_EQ(back, s);
}

TEST(ScheduleFile, BadFilesNameTheFileAndTheCause) {
    auto error = [](const std::string& text) {
        try {
            parse_schedule(text, "s.json");
        } catch (const std::runtime_error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_EQ(error("{}"), "s.json: not a schedule file (no \"format\": \"condlab-schedule\")");
    EXPECT_EQ(error(R"({"format": "condlab-schedule", "version": 1, "durations": [
                       {"timer": 3, "duration": 0}]})"),
              "s.json: timer 3: duration 0 must be at least 1e-9 s");
    EXPECT_EQ(error(R"({"format": "condlab-schedule", "version": 2, "durations": []})"),
              "s.json: schedule version 2 is not supported (1 is)");
    EXPECT_EQ(error(R"({"format": "condlab-schedule", "version": 1, "durations": [
                       {"timer": 1, "duration": 1}, {"timer": 1, "duration": 2}]})"),
              "s.json: timer 1 appears twice");
}

} // namespace
} // namespace condlab::lesson
