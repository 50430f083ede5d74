// Fix goals (fix_goal.h, fix_goal_check.h): parsing and errors with file and line, the grid
// from the shipped `# param:` lines, pass / fail over every cell (fake and real runs), what
// `condlab check` verifies (the program fails, the reference fix passes), and every shipped
// reference fix behaving as under python3.
#include "lesson/check.h"
#include "lesson/fix_goal_background.h"
#include "lesson/fix_goal_check.h"
#include "lesson_test_support.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <unistd.h>

namespace condlab::lesson {
namespace {

const char* kParams = "A = 1  # param: 1..4 | a\n"
                      "B = 0.5  # param: 0..2 step 0.5 | b\n"
                      "C = \"x\"  # param: choice \"x\", \"y\" | c\n"
                      "D = 10  # param: 1..100 | d\n";

TEST(FixGoal, Parses) {
    Lesson l = parse_lesson_source(
        std::string(kParams) + "# goal: deadlock | Break it.\n"
                               "# goal: fix complete over A, B | Make it complete everywhere.\n"
                               "# goal: fix complete and wasted_wakeups == 0 and finish_time<=2.5 "
                               "over B | No waste.\n",
        "f.py");
    ASSERT_TRUE(l.errors.empty()) << l.errors.front();
    ASSERT_EQ(l.goals.size(), 1u); // outcome goals stay apart
    ASSERT_EQ(l.fix_goals.size(), 2u);
    const FixGoal& g = l.fix_goals[0];
    EXPECT_EQ(g.line, 6u);
    EXPECT_EQ(g.over, (std::vector<std::string>{"A", "B"}));
    EXPECT_EQ(g.description, "Make it complete everywhere.");
    EXPECT_EQ(g.describe_condition(), "complete");
    EXPECT_FALSE(g.needs_metrics());
    const FixGoal& h = l.fix_goals[1];
    ASSERT_EQ(h.terms.size(), 3u);
    EXPECT_EQ(h.terms[1].metric, "wasted_wakeups");
    EXPECT_EQ(h.terms[1].op, "==");
    EXPECT_EQ(h.terms[2].op, "<=");
    EXPECT_EQ(h.terms[2].value, 2.5);
    EXPECT_EQ(h.describe_condition(), "complete and wasted_wakeups == 0 and finish_time <= 2.5");
    EXPECT_TRUE(h.needs_metrics());
    EXPECT_TRUE(is_fix_goal(" fix complete over A"));
    EXPECT_FALSE(is_fix_goal(" fixed"));
}

TEST(FixGoal, MalformedLinesNameFileAndLine) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"# goal: fix complete over A", "the text after '|' is missing"},
        {"# goal: fix complete | t", "expected 'over P1, P2' after the condition"},
        {"# goal: fix deadlock over A | t", "expected 'complete' or 'METRIC OP NUMBER'"},
        {"# goal: fix nope == 1 over A | t", "unknown metric 'nope' (known: "},
        {"# goal: fix wakeups == many over A | t", "not a number: 'many'"},
        {"# goal: fix complete over A, A | t", "A is named twice after 'over'"},
        {"# goal: fix complete over A B | t", "expected parameter names after 'over', got 'A B'"},
        {"# goal: fix complete over Z | t", "unknown parameter 'Z' after 'over'"},
        {"# goal: fix complete over C | t", "C is a design switch (choice), not a fix-grid axis"},
        {"# goal: fix complete over B, D | t", "the grid has 500 cells"}, // fine: under 2000
        {"# goal: fix complete over A, D, B | t", "the grid has 2000 cells"},
        {"# goal: fix complete over D, D2 | t", "the grid has 10000 cells (at most 2000)"},
    };
    for (const auto& [line, error] : cases) {
        SCOPED_TRACE(line);
        Lesson l = parse_lesson_source(
            std::string(kParams) + "D2 = 1  # param: 1..100 | d2\n" + line + "\n", "f.py");
        if (error.starts_with("the grid has 500") || error.starts_with("the grid has 2000 ")) {
            EXPECT_TRUE(l.errors.empty()) << l.errors.front(); // at most 2000 is allowed
            continue;
        }
        ASSERT_EQ(l.errors.size(), 1u);
        EXPECT_TRUE(l.errors[0].starts_with("f.py:6: ")) << l.errors[0];
        EXPECT_NE(l.errors[0].find(error), std::string::npos) << l.errors[0];
    }
}

TEST(FixGoal, GridComesFromTheShippedSteps) {
    Lesson l =
        parse_lesson_source(std::string(kParams) + "# goal: fix complete over B, A | t\n", "f.py");
    ASSERT_TRUE(l.errors.empty()) << l.errors.front();
    const std::vector<SweepAxis> axes = fix_goal_axes(l, l.fix_goals[0]);
    ASSERT_EQ(axes.size(), 2u);
    EXPECT_EQ(axes[0].name, "B");
    EXPECT_EQ(axes[0].n, 5);
    EXPECT_EQ(axes[0].value_text(0), "0.0");
    EXPECT_EQ(axes[0].value_text(3), "1.5");
    EXPECT_EQ(axes[1].n, 4);
    EXPECT_TRUE(axes[1].integer);
    EXPECT_EQ(axes[1].value_text(3), "4");
    const SweepSpec spec = fix_goal_sweep_spec(l, l.fix_goals[0]);
    EXPECT_EQ(spec.cell_count(), 20u);
    EXPECT_EQ(reference_fix_path("lessons/05_lost_wakeup.py"),
              std::filesystem::path("lessons/fixes/lost_wakeup.py"));
    EXPECT_EQ(reference_fix_path("/x/mine.py"), std::filesystem::path("/x/fixes/mine.py"));
}

TEST(FixGoal, EveryCellMustMeetIt) {
    Lesson l =
        parse_lesson_source(std::string(kParams) + "# goal: fix complete over A, B | t\n", "f.py");
    std::vector<Overrides> seen;
    // Deadlocks only where A=3 and B=1.0.
    RunFunction fake = [&](const Lesson&, const Overrides& o, const RunOptions& opt) {
        EXPECT_FALSE(opt.line_trace);
        EXPECT_FALSE(opt.record_trace); // `complete` needs no trace
        seen.push_back(o);
        RunResult r;
        const bool bad = *find_override(o, "A") == "3" && *find_override(o, "B") == "1.0";
        r.outcome = bad ? Outcome::Deadlock : Outcome::Complete;
        r.summary = bad ? "deadlock: x" : "completed";
        return r;
    };
    const FixGoalResult r = check_fix_goal(l, l, l.fix_goals[0], fake);
    EXPECT_EQ(seen.size(), 20u);
    EXPECT_EQ(seen[0], (Overrides{{"A", "1"}, {"B", "0.0"}}));
    EXPECT_EQ(seen[1], (Overrides{{"A", "2"}, {"B", "0.0"}})); // the first name varies fastest
    EXPECT_EQ(r.met, 19u);
    EXPECT_EQ(r.failed, 1u);
    EXPECT_FALSE(r.holds());
    ASSERT_NE(r.first_failure(), nullptr);
    EXPECT_EQ(describe_cell(r.first_failure()->overrides), "A=3 B=1.0");
    EXPECT_EQ(r.first_failure()->summary, "deadlock: x");

    std::stop_source stop;
    stop.request_stop();
    EXPECT_TRUE(check_fix_goal(l, l, l.fix_goals[0], fake, stop.get_token()).cancelled);
}

TEST(FixGoal, MetricTermsOnRunsAndCells) {
    Lesson l = parse_lesson_source(
        std::string(kParams) + "# goal: fix complete and wasted_wakeups < 2 over A | t\n", "f.py");
    const FixGoal& g = l.fix_goals[0];
    EXPECT_TRUE(fix_goal_run_options(g).record_trace);
    RunResult r;
    auto analysis = std::make_shared<Analysis>();
    r.analysis = analysis;
    analysis->metrics.wasted_wakeups = 1;
    EXPECT_TRUE(fix_goal_met(g, r));
    analysis->metrics.wasted_wakeups = 2;
    EXPECT_FALSE(fix_goal_met(g, r));
    analysis->metrics.wasted_wakeups = 0;
    r.outcome = Outcome::Exception;
    EXPECT_FALSE(fix_goal_met(g, r));
    r.outcome = Outcome::Complete;
    r.analysis.reset(); // no metrics: nothing is proven
    EXPECT_FALSE(fix_goal_met(g, r));

    SweepCell cell = make_cell(RunResult{}, 0, 0);
    EXPECT_FALSE(fix_goal_met(g, cell)); // no analysis: the metric is NaN
    const auto& names = sweep_metric_names();
    cell.values.assign(names.size(), 0.0);
    EXPECT_TRUE(fix_goal_met(g, cell));
    cell.outcome = Outcome::Deadlock;
    EXPECT_FALSE(fix_goal_met(g, cell));
}

TEST(FixGoal, DecidedInTheBackground) {
    Lesson l =
        parse_lesson_source(std::string(kParams) + "# goal: fix complete over A, B | t\n", "f.py");
    RunFunction slow = [](const Lesson&, const Overrides& o, const RunOptions&) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        RunResult r;
        r.outcome = *find_override(o, "A") == "4" ? Outcome::Deadlock : Outcome::Complete;
        return r;
    };
    FixGoalCheck check;
    check.start(l, l, l.fix_goals[0], slow);
    EXPECT_EQ(check.total(), 20u);
    check.wait();
    EXPECT_FALSE(check.running());
    EXPECT_EQ(check.done(), 20u);
    EXPECT_EQ(check.progress(), 1.0f);
    const FixGoalResult r = check.snapshot();
    EXPECT_EQ(r.cells.size(), 20u);
    EXPECT_EQ(r.failed, 5u); // A=4 in each of the 5 B values
    EXPECT_FALSE(r.cancelled);
    EXPECT_EQ(describe_cell(r.first_failure()->overrides), "A=4 B=0.0");

    check.start(l, l, l.fix_goals[0], slow);
    check.cancel();
    check.wait();
    EXPECT_TRUE(check.snapshot().cancelled);
    EXPECT_LT(check.done(), 20u);

    Lesson bad =
        parse_lesson_source(std::string(kParams) + "# goal: fix complete over C | t\n", "f.py");
    EXPECT_THROW(check.start(bad, bad, bad.fix_goals[0], slow), std::invalid_argument);
}

class FixGoalRuns : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { start_interpreter(); }
};

TEST_F(FixGoalRuns, TheLostWakeUpLessonFailsAndItsFixPasses) {
    const Lesson l = load_lesson(testing::source_dir() / "lessons/05_lost_wakeup.py");
    ASSERT_FALSE(l.fix_goals.empty());
    const FixGoal& g = l.fix_goals[0];
    const FixGoalResult shipped = check_fix_goal(l, l, g);
    EXPECT_EQ(shipped.cells.size(), 121u); // 11 x 11 delays
    // Hand count: it deadlocks whenever the producer notifies before the consumer waits,
    // PRODUCER_DELAY < CONSUMER_DELAY: 55 of the 121 pairs.
    EXPECT_EQ(shipped.failed, 55u);
    const Lesson fix = load_lesson(reference_fix_path(l.path));
    const FixGoalResult fixed = check_fix_goal(fix, l, g);
    EXPECT_TRUE(fixed.holds());
    EXPECT_TRUE(verify_fix_goal(l, g).ok);
}

TEST_F(FixGoalRuns, CheckNamesWhatIsWrong) {
    const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("condlab_fix_goal_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir / "fixes");
    const std::string program = "import asyncio\n"
                                "N = 1  # param: 1..3 | n\n"
                                "# goal: fix complete over N | t\n"
                                "async def main():\n"
                                "    if N == 2:\n"
                                "        raise ValueError(N)\n"
                                "asyncio.run(main())\n";
    std::ofstream(dir / "01_demo.py") << program;
    const Lesson l = load_lesson(dir / "01_demo.py");
    ASSERT_TRUE(l.errors.empty()) << l.errors.front();
    FixGoalVerification v = verify_fix_goal(l, l.fix_goals[0]);
    EXPECT_FALSE(v.ok);
    EXPECT_NE(v.message.find("no reference fix: "), std::string::npos) << v.message;

    // A "fix" that drops the grid's parameter fails every cell.
    std::ofstream(dir / "fixes/demo.py") << "import asyncio\nasync def main():\n    pass\n"
                                            "asyncio.run(main())\n";
    v = verify_fix_goal(l, l.fix_goals[0]);
    EXPECT_FALSE(v.ok);
    EXPECT_NE(v.message.find("fails 'complete' in 3 of 3 cells (first: N=1: "), std::string::npos)
        << v.message;
    EXPECT_NE(v.message.find("unknown parameter 'N'"), std::string::npos) << v.message;

    std::ofstream(dir / "fixes/demo.py") << "import asyncio\nN = 1\nasync def main():\n    pass\n"
                                            "asyncio.run(main())\n";
    v = verify_fix_goal(l, l.fix_goals[0]);
    EXPECT_TRUE(v.ok) << v.message;
    EXPECT_NE(v.message.find("fails 'complete' in 1 of 3 cells (first: N=2: ValueError: 2)"),
              std::string::npos)
        << v.message;
    const LessonCheck c = check_lesson(l);
    EXPECT_EQ(c.failed, 0);
    EXPECT_EQ(c.passed, 1);

    // Nothing to fix: a program that already meets the goal.
    std::ofstream(dir / "02_fine.py") << "import asyncio\nN = 1  # param: 1..3 | n\n"
                                         "# goal: fix complete over N | t\n"
                                         "async def main():\n    pass\nasyncio.run(main())\n";
    const Lesson fine = load_lesson(dir / "02_fine.py");
    const LessonCheck f = check_lesson(fine);
    EXPECT_EQ(f.failed, 1);
    ASSERT_EQ(f.messages.size(), 1u);
    EXPECT_NE(f.messages[0].find(":3: fix goal: the lesson's program already meets 'complete' "
                                 "in all 3 cells: there is nothing to fix"),
              std::string::npos)
        << f.messages[0];
    std::filesystem::remove_all(dir);
}

// Every reference fix is a real program: condlab prints and exits exactly as python3 on the
// reference harness, at the defaults and at the grid's last cell.
TEST_F(FixGoalRuns, ReferenceFixesBehaveAsUnderPython3) {
    int fixes = 0;
    for (const std::filesystem::path& lesson_path : testing::shipped_lessons()) {
        const Lesson l = load_lesson(lesson_path);
        for (const FixGoal& g : l.fix_goals) {
            SCOPED_TRACE(lesson_path.filename().string());
            const std::filesystem::path fix = reference_fix_path(lesson_path);
            const std::vector<SweepAxis> axes = fix_goal_axes(l, g);
            std::vector<Overrides> cells{{}};
            Overrides last;
            for (const SweepAxis& a : axes)
                set_override(last, a.name, a.value_text(a.n - 1));
            cells.push_back(last);
            for (const Overrides& o : cells) {
                std::string args;
                for (const auto& [n, v] : o)
                    args += " --set " + testing::shell_quote(n + "=" + v);
                int status = 0;
                const std::string want = testing::capture(
                    testing::python3() + " " +
                        testing::shell_quote(
                            (testing::source_dir() / "tools/reference_harness.py").string()) +
                        " " + testing::shell_quote(fix.string()) + args + " 2>/dev/null",
                    status);
                const RunResult r = run_file(fix.string(), o);
                EXPECT_EQ(r.stdout_text, want) << describe_cell(o);
                EXPECT_EQ(exit_status(r), status) << describe_cell(o);
            }
            ++fixes;
        }
    }
    EXPECT_GE(fixes, 10);
}

} // namespace
} // namespace condlab::lesson
