// `condlab explore` and `condlab run FILE --schedule F` (cli/explore_command.h): output,
// exit statuses, the schedule file, usage errors.
#include "cli/cli.h"
#include "cli/explore_command.h"
#include "lesson/lesson.h"
#include "runtime/run_outcome.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace condlab::cli {
namespace {

namespace fs = std::filesystem;

struct Result {
    int status = 0;
    std::string out, err;
};

Result cli(const std::vector<std::string>& args) {
    std::ostringstream out, err;
    Result r;
    r.status = run_cli(args, out, err);
    r.out = out.str();
    r.err = err.str();
    return r;
}

std::string lesson(const char* name) {
    return (fs::path(CONDLAB_SOURCE_DIR) / "lessons" / name).string();
}

std::string temp_file(const char* tag) {
    return (fs::temp_directory_path() /
            ("condlab_explore_cli_" + std::to_string(::getpid()) + "_" + tag))
        .string();
}

TEST(ExploreCommand, FindsLesson04sDeadlockAndWritesAScheduleThatRunReplays) {
    const std::string schedule = temp_file("04.json");
    Result r = cli({"explore", lesson("05_lost_wakeup.py"), "--schedule-out", schedule});
    EXPECT_EQ(r.status, outcome_info(OutcomeKind::Deadlock).exit_status) << r.err;
    EXPECT_NE(r.out.find("found: deadlock after 2 schedules (dfs, bound 2;"), std::string::npos)
        << r.out;
    // The lines of the two sleeps, found by their text (metadata lines above them move them).
    const condlab::lesson::Lesson l = condlab::lesson::load_lesson(lesson("05_lost_wakeup.py"));
    const auto line_of = [&](const char* text) {
        return std::to_string(condlab::lesson::find_source_line(l.source, text));
    };
    EXPECT_NE(r.out.find("1 deviation: producer's `sleep(2.0)` at line " +
                         line_of("sleep(PRODUCER_DELAY)") +
                         " ends before consumer's `sleep(1.0)` at line " +
                         line_of("sleep(CONSUMER_DELAY)") + " → deadlock"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("CPython's own schedule: complete"), std::string::npos);
    Result replay = cli({"run", lesson("05_lost_wakeup.py"), "--schedule", schedule});
    fs::remove(schedule);
    EXPECT_EQ(replay.status, outcome_info(OutcomeKind::Deadlock).exit_status);
    EXPECT_EQ(replay.out, "0.5 producer: ready = True, notify()\n1.0 consumer: waiting, although "
                          "ready = True\n"); // as CPython replays it
}

TEST(ExploreCommand, NothingFoundExitsZeroWithTheCount) {
    Result r = cli({"explore", lesson("fixes/lost_wakeup.py"), "--bound", "3"});
    EXPECT_EQ(r.status, kExitComplete) << r.err;
    EXPECT_EQ(r.out, "nothing found: 3 schedules explored (dfs, bound 3; exhaustive for the "
                     "bound); CPython's own schedule: complete\n");
}

TEST(ExploreCommand, SetAndSamplingStrategies) {
    Result r = cli({"explore", lesson("05_lost_wakeup.py"), "--set", "CONSUMER_DELAY=1.0",
                    "--strategy", "pct", "--runs", "50", "--seed", "3", "--until", "deadlock"});
    EXPECT_EQ(r.status, outcome_info(OutcomeKind::Deadlock).exit_status) << r.err;
    EXPECT_NE(r.out.find("(pct, bound 2, seed 3;"), std::string::npos) << r.out;
}

TEST(ExploreCommand, UsageErrorsExitTwo) {
    const std::string l = lesson("05_lost_wakeup.py");
    for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
             {"explore"},
             {"explore", l, "--strategy", "bfs"},
             {"explore", l, "--until", "never"},
             {"explore", l, "--bound", "-1"},
             {"explore", l, "--runs", "0"},
             {"explore", l, "--set", "NOPE=1"},
             {"explore", "no_such_file.py"},
         }) {
        Result r = cli(args);
        EXPECT_EQ(r.status, kExitUsage) << args.back() << ": " << r.out;
        EXPECT_FALSE(r.err.empty()) << args.back();
    }
}

TEST(ExploreCommand, RunWithABadScheduleFileNamesIt) {
    const std::string schedule = temp_file("bad.json");
    std::ofstream(schedule) << R"({"format": "condlab-schedule", "version": 1,
        "durations": [{"timer": 1, "duration": -2}]})";
    Result r = cli({"run", lesson("05_lost_wakeup.py"), "--schedule", schedule});
    fs::remove(schedule);
    EXPECT_EQ(r.status, kExitUsage);
    EXPECT_NE(r.err.find(schedule + ": timer 1: duration -2 must be at least 1e-9 s"),
              std::string::npos)
        << r.err;
}

} // namespace
} // namespace condlab::cli
