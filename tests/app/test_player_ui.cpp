// Headless ImGui tests of the lesson player wired into the Shell: click a transport button,
// drag a parameter slider and see the re-run, Space plays, arrows / Home / End, clicking a
// diagnostics card moves the playhead.
#include <imgui.h>

#include <gtest/gtest.h>

#include <set>

#include "app/fonts.h"
#include "app/learner_gui.h"
#include "app/player_gui.h"
#include "app/shell.h"
#include "app/theme.h"
#include "headless_player.h"

using namespace condlab;
using namespace condlab::app;

namespace {

class PlayerUi : public HeadlessPlayerTest {
  protected:
    void SetUp() override {
        HeadlessPlayerTest::SetUp();
        ImGuiIO& io = ImGui::GetIO();
        io.KeyMap[ImGuiKey_Space] = 32;
        io.KeyMap[ImGuiKey_LeftArrow] = 263;
        io.KeyMap[ImGuiKey_RightArrow] = 262;
        io.KeyMap[ImGuiKey_Home] = 268;
        io.KeyMap[ImGuiKey_End] = 269;
        m_gui->learner->ask_questions = false; // questions: test_learner_ui.cpp
        capture_panel_text(m_text);            // the text each panel renders
    }
    void click(const Rect& r) { HeadlessShellTest::click(r.x + r.w * 0.5f, r.y + r.h * 0.5f); }
    Player& player() { return m_gui->player; }
    Rect rect(const std::string& name) {
        const Rect* r = m_gui->rect(name);
        EXPECT_NE(r, nullptr) << name;
        return r != nullptr ? *r : Rect{};
    }
    void open(const char* lesson) {
        ASSERT_TRUE(m_shell->open_lesson(lesson));
        frame();
        frame();
    }
};

} // namespace

TEST_F(PlayerUi, OpeningALessonRunsIt) {
    open("5");
    ASSERT_NE(player().result(), nullptr);
    EXPECT_EQ(player().run_count(), 1);
    EXPECT_GT(player().step_count(), 0U);
    EXPECT_FALSE(m_shell->error().has_value());
}

TEST_F(PlayerUi, ClickingForwardSteps) {
    open("5");
    player().mode = StepMode::Event;
    const std::size_t before = player().position_index();
    click(rect("forward"));
    EXPECT_GT(player().position_index(), before);
    EXPECT_TRUE(player().position().at_end());
    const StepId s = player().step();
    click(rect("forward"));
    EXPECT_EQ(player().step(), s + 1);
    click(rect("back"));
    EXPECT_EQ(player().step(), s);
    click(rect("last"));
    EXPECT_TRUE(player().at_last());
    click(rect("first"));
    EXPECT_TRUE(player().at_first());
}

TEST_F(PlayerUi, CodeMarkersFollowThePlayhead) {
    open("3");
    player().mode = StepMode::Line;
    bool any = false;
    for (int i = 0; i < 12; ++i) {
        click(rect("forward"));
        frame();
        any = any || !m_shell->markers().empty();
    }
    EXPECT_TRUE(any);
    for (const LineMarker& m : m_shell->markers()) {
        EXPECT_GT(m.line, 0);
        EXPECT_FALSE(m.label.empty());
    }
}

TEST_F(PlayerUi, DraggingASliderReruns) {
    open("5");
    player().seek_step(2);
    frame();
    const Rect r = rect("param:PRODUCER_DELAY");
    ASSERT_GT(r.w, 20.0f);
    const float y = r.y + r.h * 0.5f;
    // Grab the slider near its left end and drag to the right.
    mouse(r.x + 4.0f, y, false);
    mouse(r.x + 4.0f, y, true);
    mouse(r.x + r.w * 0.5f, y, true);
    mouse(r.x + r.w * 0.5f, y, false);
    EXPECT_GE(player().run_count(), 2);
    ASSERT_NE(player().overrides().size(), 0U);
    EXPECT_EQ(player().overrides()[0].first, "PRODUCER_DELAY");
    EXPECT_EQ(player().step(), 2U); // the playhead kept its step
}

TEST_F(PlayerUi, SpacePlaysAndPauses) {
    open("3");
    player().mode = StepMode::Event;
    key(32);
    EXPECT_TRUE(player().playing());
    frame(1.0); // one second of playback
    EXPECT_EQ(
        player().position_index(), static_cast<std::size_t>(0) + 0 + [&] {
            Player p;
            p.load_file(CONDLAB_SOURCE_DIR "/lessons/03_wait_and_notify.py");
            p.mode = StepMode::Event;
            for (int i = 0; i < static_cast<int>(Player::kBaseRate); ++i)
                p.forward();
            return p.position_index();
        }());
    key(32);
    EXPECT_FALSE(player().playing());
    const std::size_t at = player().position_index();
    frame(1.0);
    EXPECT_EQ(player().position_index(), at);
}

TEST_F(PlayerUi, ArrowsHomeEnd) {
    open("3");
    player().mode = StepMode::Event;
    key(262);
    EXPECT_TRUE(player().position().at_end());
    const StepId s = player().step();
    key(262);
    EXPECT_EQ(player().step(), s + 1);
    key(263);
    EXPECT_EQ(player().step(), s);
    // Shift+→ steps by the other granularity (one line).
    const std::size_t pos = player().position_index();
    key(262, true);
    EXPECT_EQ(player().position_index(), pos + 1);
    key(269);
    EXPECT_TRUE(player().at_last());
    key(268);
    EXPECT_TRUE(player().at_first());
}

TEST_F(PlayerUi, ClickingADiagnosticsCardMovesThePlayhead) {
    ImGui::GetIO().DisplaySize = {1280.0f, 1600.0f}; // room for the cards below the outcome
    open("12"); // the thundering herd: a flood of wasted wake-ups, one card for them
    player().set_param("WAKE", "\"notify_all\"");
    player().set_param("WAITERS", "6");
    player().set_param("COST", "0"); // no sleep under the lock: only wake-up findings
    frame();
    frame();
    ASSERT_NE(player().result(), nullptr);
    ASSERT_TRUE(player().result()->analysis != nullptr);
    const auto& diagnostics = player().result()->analysis->diagnostics;
    std::size_t wasted = 0;
    StepId first_wasted = kNoStep;
    for (const Diagnostic& d : diagnostics)
        if (d.kind == DiagnosticKind::WastedWakeup && wasted++ == 0)
            first_wasted = d.step;
    EXPECT_EQ(wasted, 15U); // what the program prints: 6 items, 5 + 4 + 3 + 2 + 1 wasted
    EXPECT_NE(m_text.find("Wasted wake-up \xC3\x97"
                          "15"),
              std::string::npos)
        << m_text;
    // Cards: the outcome, then one per kind and object (here only the wasted wake-ups);
    // clicking it goes to the first of them.
    EXPECT_EQ(m_gui->rect("card:1"), nullptr);
    click(rect("card:0"));
    EXPECT_EQ(player().step(), first_wasted);
    click(rect("card:outcome"));
    EXPECT_TRUE(player().at_last());
}

TEST_F(PlayerUi, GoalReachedMarksTheLessonCompleted) {
    open("5");
    EXPECT_EQ(m_shell->completed_lessons().count("05_lost_wakeup"), 0U);
    player().set_param("PRODUCER_DELAY", "1.0");
    player().set_param("CONSUMER_DELAY", "2.0"); // the notify is lost: deadlock
    frame();
    EXPECT_EQ(m_shell->completed_lessons().count("05_lost_wakeup"), 1U);
    EXPECT_NE(m_shell->settings().completed.find("05_lost_wakeup"), std::string::npos);
}

TEST_F(PlayerUi, BrokenFileShowsItsErrorInTheCodeView) {
    const std::string path = testing::TempDir() + "/condlab_broken.py";
    {
        FILE* f = std::fopen(path.c_str(), "w");
        ASSERT_NE(f, nullptr);
        std::fputs("import asyncio\n\nasync def main(:\n    pass\n", f);
        std::fclose(f);
    }
    ASSERT_TRUE(m_shell->open_file(path));
    frame();
    ASSERT_TRUE(m_shell->error().has_value());
    EXPECT_EQ(m_shell->error()->line, 3);
    frame(); // draws without steps
}

// --step N means step N as the window shows it (from 1): StepId N - 1.
TEST_F(PlayerUi, RequestedStepIsApplied) {
    m_shell->requested_step = 5;
    open("5");
    EXPECT_EQ(player().step(), 4U);
    EXPECT_EQ(player().status_text().rfind("step 5 of ", 0), 0U) << player().status_text();
    EXPECT_FALSE(m_shell->requested_step.has_value());
}

// One status line says where the playhead is, counting from 1 (the README's screenshot:
// lesson 5 at --step 9 shows "step 9 of 11"; the timeline's toolbar said "step 8 of 11"
// beside it).
TEST_F(PlayerUi, OneStatusLineCountsStepsFromOne) {
    m_shell->requested_step = 9;
    open("5");
    // N depends on how many loop iterations asyncio.run's teardown takes; the numbering not.
    const std::string n = std::to_string(player().step_count());
    ASSERT_GT(player().step_count(), 9U);
    EXPECT_EQ(player().step(), 8U);
    frame();
    EXPECT_NE(m_text.find("axis:"), std::string::npos) << m_text; // the timeline's toolbar
    EXPECT_EQ(step_of_phrases(m_text), (std::vector<std::string>{"step 9 of " + n})) << m_text;
    // The last step is "step N of N".
    click(rect("last"));
    mouse(-100.0f, -100.0f, false); // no tooltip (a tooltip's End() stops the capture)
    EXPECT_EQ(step_of_phrases(m_text), (std::vector<std::string>{"step " + n + " of " + n}))
        << m_text;
}

// The code view's hover and the diagnostics cards name a step by the number the transport
// shows when the playhead is there.
TEST_F(PlayerUi, CodeHoverAndDiagnosticsUseTheTransportsNumber) {
    open("5");
    player().set_param("PRODUCER_DELAY", "1.0");
    player().set_param("CONSUMER_DELAY", "2.0"); // the notify is lost: findings
    frame();
    const Trace* t = player().trace();
    ASSERT_NE(t, nullptr);
    // Code hover: the first print, at its step.
    const TraceEvent* print = nullptr;
    for (const TraceEvent& e : t->events())
        if (e.kind == EventKind::Output && print == nullptr)
            print = &e;
    ASSERT_NE(print, nullptr);
    player().seek_step(print->step);
    const std::string status = player().status_text(); // "step K of N · ..."
    const std::string k = status.substr(0, status.find(" of "));
    const int line = static_cast<int>(t->line(print->b));
    const std::vector<std::string> hover = player().line_events(line);
    ASSERT_FALSE(hover.empty());
    EXPECT_EQ(hover.front().rfind(k + ", t=", 0), 0U) << hover.front() << " vs " << status;
    // Diagnostics: a card moves the playhead to its step and names the same number.
    ASSERT_TRUE(player().result()->analysis != nullptr);
    ASSERT_FALSE(player().result()->analysis->diagnostics.empty());
    frame();
    click(rect("card:0"));
    mouse(-100.0f, -100.0f, false);
    const std::string now = player().status_text();
    const std::string kd = now.substr(0, now.find(" of "));
    EXPECT_NE(m_text.find(kd + " \xC2\xB7 "), std::string::npos) << kd << "\n" << m_text;
}

// The goal banner renders the description's Markdown (no raw backticks) and never names the
// wanted outcome (lesson 01 wants `output "first to finish: bob"`; the default run prints alice).
TEST_F(PlayerUi, GoalBannerShowsNoBackticksAndNoAnswer) {
    open("1");
    ASSERT_NE(player().lesson(), nullptr);
    ASSERT_FALSE(player().lesson()->goals.empty());
    ASSERT_NE(player().lesson()->goals[0].description.find('`'), std::string::npos);
    frame();
    EXPECT_NE(m_text.find("finish before"), std::string::npos) << m_text;
    const std::size_t goal = m_text.find("Goal");
    ASSERT_NE(goal, std::string::npos);
    const std::string banner = m_text.substr(goal, 120);
    EXPECT_EQ(banner.find('`'), std::string::npos) << banner;
    EXPECT_EQ(m_text.find(player().lesson()->goals[0].outcome.describe()), std::string::npos)
        << m_text;
    EXPECT_EQ(m_text.find("wanted"), std::string::npos);
}

// The code view follows the task that ran the current step (not main): its line is the
// focus line, highlighted and scrolled into view; in line mode the status names the line.
TEST_F(PlayerUi, CodeViewFollowsTheTaskThatRanTheStep) {
    open("3");
    player().mode = StepMode::Event;
    std::set<TaskId> followed;
    const Rect code = m_shell->layout().code;
    while (!player().at_last()) {
        click(rect("forward"));
        frame();
        frame(); // the scroll set in one frame shows in the next
        const int focus = m_shell->code_state().focus_line;
        ASSERT_GT(focus, 0) << player().status_text();
        const TaskId task = player().focus_task();
        followed.insert(task);
        bool marked = false;
        for (const LineMarker& m : m_shell->markers())
            marked |= m.line == focus;
        EXPECT_TRUE(marked || focus == player().module_run_line()) << player().status_text();
        const float y = m_shell->code_state().line_y(focus);
        EXPECT_TRUE(y >= code.y && y <= code.y + code.h)
            << "line " << focus << " not in view: y " << y << " code " << code.y << "+" << code.h
            << " first " << m_shell->code_state().first_line_y;
    }
    EXPECT_GE(followed.size(), 3u) << "main, producer and consumer each ran a step";
}

TEST_F(PlayerUi, LineModeMovesTheStatus) {
    open("3");
    player().mode = StepMode::Line;
    player().first();
    frame();
    std::set<std::string> statuses;
    for (int i = 0; i < 6; ++i) {
        click(rect("forward"));
        statuses.insert(player().status_text());
    }
    EXPECT_EQ(statuses.size(), 6u) << "each line move changes the status";
}

// At the end of a run that raised (lesson 02), the error line is the focus and in view.
TEST_F(PlayerUi, FailedRunScrollsToTheErrorLine) {
    open("2");
    ASSERT_NE(player().result(), nullptr);
    ASSERT_EQ(player().result()->outcome, lesson::Outcome::Exception);
    click(rect("last"));
    frame();
    frame();
    ASSERT_TRUE(m_shell->error().has_value());
    const int line = m_shell->error()->line;
    ASSERT_GT(line, 0);
    EXPECT_EQ(m_shell->code_state().focus_line, line);
    const Rect code = m_shell->layout().code;
    const float y = m_shell->code_state().line_y(line);
    EXPECT_TRUE(y >= code.y && y <= code.y + code.h) << "error line " << line << " not in view";
}

// Module-level lines (the definitions run at import, asyncio.run) get a "module" marker:
// at the first line positions, and at the end when no task is live.
TEST_F(PlayerUi, ModuleLevelLineIsMarkedWhenNoTaskIsLive) {
    open("3");
    player().mode = StepMode::Line;
    player().first();
    frame();
    ASSERT_FALSE(player().position().at_end());
    bool first = false;
    for (const LineMarker& m : m_shell->markers())
        first |= m.label == "module" && m.line == player().focus_line();
    EXPECT_TRUE(first) << "no module marker on line " << player().focus_line();
    ASSERT_GT(player().module_run_line(), 0);
    player().seek_position(player().position_count() - 1);
    frame();
    bool module = false;
    for (const LineMarker& m : m_shell->markers())
        module |= m.label == "module" && m.line == player().module_run_line();
    EXPECT_TRUE(module);
}

// The first position executes the module docstring (line 1): the code view shows the code
// after it, not the lesson text again.
TEST_F(PlayerUi, StartDoesNotParkOnTheDocstring) {
    open("6");
    player().first();
    frame();
    frame();
    const int end = m_shell->document()->docstring_end_line;
    ASSERT_GT(end, 0);
    EXPECT_GT(m_shell->code_state().focus_line, end);
    const Rect code = m_shell->layout().code;
    const float y = m_shell->code_state().line_y(end + 1);
    EXPECT_TRUE(y >= code.y && y <= code.y + code.h);
    EXPECT_LT(m_shell->code_state().line_y(1), code.y) << "the docstring is scrolled away";
}
