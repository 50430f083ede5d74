// The lesson player's model (app/player.h) on real lesson runs: positions, stepping by line
// and by scheduling event, markers, output up to the playhead, re-runs that keep the
// playhead, playback, goals and broken files.
#include <gtest/gtest.h>

#include "app/player.h"

using namespace condlab;
using namespace condlab::app;

namespace {

const std::string lessons = CONDLAB_SOURCE_DIR "/lessons/";

Player loaded(const std::string& file) {
    Player p;
    EXPECT_TRUE(p.load_file(lessons + file));
    return p;
}

} // namespace

TEST(Player, LoadsAndRunsALesson) {
    Player p = loaded("05_lost_wakeup.py");
    ASSERT_NE(p.result(), nullptr);
    ASSERT_NE(p.trace(), nullptr);
    EXPECT_EQ(p.run_count(), 1);
    EXPECT_GT(p.step_count(), 5U);
    // One end position per step plus one per executed line.
    EXPECT_GT(p.position_count(), p.step_count());
    EXPECT_TRUE(p.at_first());
    EXPECT_EQ(p.step(), 0U);
    EXPECT_EQ(p.lesson()->params.size(), 2U);
}

TEST(Player, StepsByEventAndByLine) {
    Player p = loaded("05_lost_wakeup.py");
    p.mode = StepMode::Event;
    ASSERT_TRUE(p.forward());
    EXPECT_TRUE(p.position().at_end());
    const StepId s0 = p.step();
    ASSERT_TRUE(p.forward());
    EXPECT_EQ(p.step(), s0 + 1);
    EXPECT_TRUE(p.position().at_end());
    ASSERT_TRUE(p.back());
    EXPECT_EQ(p.step(), s0);

    // By line: every position, in order.
    p.first();
    p.mode = StepMode::Line;
    std::size_t moves = 0;
    while (p.forward())
        ++moves;
    EXPECT_EQ(moves, p.position_count() - 1);
    EXPECT_TRUE(p.at_last());
    EXPECT_EQ(p.step(), p.step_count() - 1);
    EXPECT_FALSE(p.forward());
    p.first();
    EXPECT_TRUE(p.at_first());
    EXPECT_FALSE(p.back());
    p.last();
    EXPECT_TRUE(p.at_last());
}

TEST(Player, SeekStepGoesToTheEndOfThatStep) {
    Player p = loaded("03_wait_and_notify.py");
    p.seek_step(4);
    EXPECT_EQ(p.step(), 4U);
    EXPECT_TRUE(p.position().at_end());
    p.seek_step(1000000);
    EXPECT_EQ(p.step(), p.step_count() - 1);
}

TEST(Player, MarkersShowJustExecutedAndNextLines) {
    Player p = loaded("03_wait_and_notify.py");
    p.mode = StepMode::Line;
    bool saw_running_next = false;
    bool saw_executed = false;
    while (p.forward()) {
        for (const TaskMarker& m : p.task_markers()) {
            EXPECT_FALSE(m.name.empty());
            saw_executed = saw_executed || m.just_executed > 0;
            if (!p.position().at_end() && p.trace()->steps()[p.step()].task == m.task) {
                // About to run a line: that line is the running task's next line.
                const TraceEvent& e = p.trace()->events()[p.position().line_event];
                EXPECT_EQ(m.next, static_cast<int>(p.trace()->line(e.a)));
                saw_running_next = true;
            }
        }
    }
    EXPECT_TRUE(saw_running_next);
    EXPECT_TRUE(saw_executed);
    const auto markers = p.line_markers(palette(ThemeKind::Dark));
    // At the end every task has finished: no task markers, only the module-level line that
    // ran the loop.
    EXPECT_TRUE(p.task_markers().empty());
    ASSERT_EQ(markers.size(), 1u);
    EXPECT_EQ(markers[0].label, "module");
    EXPECT_EQ(markers[0].line, p.module_run_line());
}

TEST(Player, OutputUpToThePlayhead) {
    Player p = loaded("03_wait_and_notify.py");
    EXPECT_TRUE(p.output_so_far().empty());
    std::size_t last = 0;
    while (p.forward()) {
        const std::size_t n = p.output_so_far().size();
        EXPECT_GE(n, last);
        last = n;
    }
    std::vector<std::string> texts;
    for (const auto& l : p.output_so_far())
        texts.push_back(l.text);
    EXPECT_EQ(texts, p.result()->stdout_lines());
}

TEST(Player, ChangingAParameterRerunsAndKeepsTheStep) {
    Player p = loaded("05_lost_wakeup.py");
    EXPECT_EQ(p.result()->outcome, lesson::Outcome::Complete);
    p.seek_step(3);
    p.set_param("PRODUCER_DELAY", "1.0");
    EXPECT_EQ(p.run_count(), 2);
    p.set_param("CONSUMER_DELAY", "2.0"); // producer first: the notify is lost
    EXPECT_EQ(p.run_count(), 3);
    EXPECT_EQ(p.result()->outcome, lesson::Outcome::Deadlock);
    EXPECT_EQ(p.step(), 3U);
    EXPECT_TRUE(p.any_goal_reached());
    // Same value: no re-run.
    p.set_param("PRODUCER_DELAY", "1.0");
    EXPECT_EQ(p.run_count(), 3);
    // A step index that no longer exists: the last step.
    p.last();
    p.reset_params();
    EXPECT_EQ(p.run_count(), 4);
    EXPECT_TRUE(p.overrides().empty());
    EXPECT_EQ(p.result()->outcome, lesson::Outcome::Complete);
    EXPECT_LT(p.step(), p.step_count());
    EXPECT_FALSE(p.any_goal_reached());
}

TEST(Player, PlaysAtItsSpeedAndStopsAtTheEnd) {
    Player p = loaded("03_wait_and_notify.py");
    p.mode = StepMode::Event;
    p.speed = 1.0f;
    p.toggle_play();
    EXPECT_TRUE(p.playing());
    EXPECT_EQ(p.advance(1.0), static_cast<int>(Player::kBaseRate));
    EXPECT_EQ(p.step(), static_cast<StepId>(Player::kBaseRate) - 1);
    p.speed = 2.0f;
    EXPECT_EQ(p.advance(0.5), static_cast<int>(Player::kBaseRate));
    p.advance(1e6);
    EXPECT_FALSE(p.playing());
    EXPECT_TRUE(p.at_last());
    // Play at the end starts over.
    p.play();
    EXPECT_TRUE(p.at_first());
    p.toggle_play();
    EXPECT_FALSE(p.playing());
    EXPECT_EQ(p.advance(1.0), 0);
}

TEST(Player, StatusText) {
    Player p = loaded("01_reading_the_timeline.py");
    p.last();
    const std::string s = p.status_text();
    EXPECT_NE(
        s.find("step " + std::to_string(p.step_count()) + " of " + std::to_string(p.step_count())),
        std::string::npos)
        << s;
    EXPECT_NE(s.find(" s \xC2\xB7 iteration "), std::string::npos) << s;
}

TEST(Player, BrokenFileShowsItsErrorAtItsLine) {
    Player p;
    p.load_source("import asyncio\n\nasync def main(:\n    pass\n", "broken.py");
    ASSERT_NE(p.result(), nullptr);
    EXPECT_EQ(p.result()->outcome, lesson::Outcome::SyntaxError);
    const auto e = p.error_mark();
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->line, 3);
    EXPECT_NE(e->message.find("SyntaxError"), std::string::npos) << e->message;
    // Stepping a run without steps is harmless.
    EXPECT_FALSE(p.forward());
    EXPECT_FALSE(p.back());
    EXPECT_TRUE(p.task_markers().empty());
}

TEST(Player, ExceptionShownAtTheEnd) {
    Player p;
    p.load_source("import asyncio\n\nasync def main():\n    await asyncio.sleep(1)\n"
                  "    raise ValueError('boom')\n\nasyncio.run(main())\n",
                  "raise.py");
    EXPECT_EQ(p.result()->outcome, lesson::Outcome::Exception);
    EXPECT_FALSE(p.error_mark().has_value());
    p.last();
    const auto e = p.error_mark();
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->line, 5);
    EXPECT_EQ(e->message, "ValueError: boom");
}

TEST(Player, LineEventsForHover) {
    Player p = loaded("03_wait_and_notify.py");
    int with_events = 0;
    for (int line = 1; line < 80; ++line)
        with_events += p.line_events(line).empty() ? 0 : 1;
    EXPECT_GT(with_events, 3);
    EXPECT_TRUE(p.line_events(0).empty());
}

TEST(Player, UnreadableFile) {
    Player p;
    EXPECT_FALSE(p.load_file("/nonexistent/x.py"));
    EXPECT_FALSE(p.load_error().empty());
    EXPECT_FALSE(p.loaded());
}
