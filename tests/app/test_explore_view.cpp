// Headless ImGui tests of the Explore view and "Be the event loop" (app/explore_view.h), the
// way a person uses them: View -> Explore timings, Explore, click the deadlock row (the
// player runs its schedule and the made-early timer is outlined on its lane); View -> Be the
// event loop, click the producer's timer on the timeline, N lets CPython decide until the
// run ends in the goal's deadlock; Backspace undoes.
#include <imgui.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <thread>
#include <unistd.h>

#include "app/player_content.h"
#include "app/player_gui.h"
#include "app/shell.h"
#include "headless_player.h"

using namespace condlab;
using namespace condlab::app;

namespace {

class ExploreViewUi : public HeadlessPlayerTest {
  protected:
    void SetUp() override {
        HeadlessPlayerTest::SetUp();
        ImGui::GetIO().KeyMap[ImGuiKey_Backspace] = 259;
        m_shell->item_rects = &m_gui->rects;
    }
    /// A value of the state report ("" when absent).
    std::string state(const std::string& name) {
        std::istringstream in(describe_views(*m_shell, *m_gui));
        for (std::string line; std::getline(in, line);)
            if (line.starts_with(name + "="))
                return line.substr(name.size() + 1);
        return "";
    }
    std::optional<Rect> rect(const std::string& name) {
        if (const Rect* r = m_gui->rect(name))
            return *r;
        std::istringstream in(state("rect." + name));
        Rect r;
        if (in >> r.x >> r.y >> r.w >> r.h)
            return r;
        return std::nullopt;
    }
    void click(const std::string& name) {
        const std::optional<Rect> r = rect(name);
        ASSERT_TRUE(r.has_value()) << name;
        HeadlessShellTest::click(r->x + r->w * 0.5f, r->y + r->h * 0.5f);
    }
    void menu(const std::string& item) {
        click("menu:View");
        frame();
        click(item);
        frame();
        frame();
    }
    /// Frames until the event-loop session's run and the player's are in.
    void settle() {
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        do {
            frame();
            if (state("loop_busy") != "1" && !m_gui->player.running()) {
                frame();
                frame();
                if (state("loop_busy") != "1" && !m_gui->player.running())
                    return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        } while (std::chrono::steady_clock::now() < until);
    }
    /// The made-early / fireable timer marks on the timeline: number -> rect name.
    std::vector<std::string> marks() {
        std::vector<std::string> out;
        std::istringstream in(describe_views(*m_shell, *m_gui));
        for (std::string line; std::getline(in, line);)
            if (line.starts_with("rect.mark:"))
                out.push_back(line.substr(5, line.find('=') - 5));
        return out;
    }
};

TEST_F(ExploreViewUi, ExploreListsOutcomesAndLoadsTheDeadlockWithItsTimerMarked) {
    ASSERT_TRUE(m_shell->open_lesson("5"));
    frame();
    frame();
    menu("item:Explore timings");
    EXPECT_EQ(state("explore_open"), "1");
    click("button:Explore");
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (state("explore_classes").empty() && std::chrono::steady_clock::now() < until) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        frame();
    }
    frame();
    const std::string classes = state("explore_classes");
    EXPECT_TRUE(classes.starts_with("complete:")) << classes;
    EXPECT_NE(classes.find(",deadlock:"), std::string::npos) << classes;
    EXPECT_EQ(m_gui->player.result()->outcome, lesson::Outcome::Complete);

    click("explore:row:deadlock");
    frame();
    frame();
    EXPECT_EQ(state("explore_selected"), "deadlock");
    ASSERT_TRUE(m_gui->player.schedule().has_value());
    EXPECT_EQ(m_gui->player.schedule()->durations.size(), 1u);
    EXPECT_EQ(m_gui->player.result()->outcome, lesson::Outcome::Deadlock);
    EXPECT_EQ(state("explore_marks"), "1");
    EXPECT_EQ(marks().size(), 1u) << "the made-early timer is drawn on its lane";

    // Moving a slider drops the schedule (its timer numbers belong to this setting).
    m_gui->player.set_param("PRODUCER_DELAY", "2.5");
    EXPECT_FALSE(m_gui->player.schedule().has_value());

    // Another lesson: lesson 05's outcomes are gone from the view.
    ASSERT_TRUE(m_shell->open_lesson("17"));
    frame();
    frame();
    EXPECT_EQ(state("explore_classes"), "");
    EXPECT_EQ(state("explore_marks"), "0");
}

TEST_F(ExploreViewUi, BeingTheEventLoopReachesTheGoalByClickingATimerOnItsLane) {
    ASSERT_TRUE(m_shell->open_lesson("5"));
    frame();
    frame();
    menu("item:Be the event loop");
    EXPECT_EQ(state("loop_open"), "1");
    EXPECT_EQ(state("loop_point"), "0");
    settle();
    // Two timers pending: the consumer's (CPython's next) and the producer's.
    std::vector<std::string> m = marks();
    ASSERT_EQ(m.size(), 2u) << describe_views(*m_shell, *m_gui);
    std::string producer;
    for (const std::string& name : m)
        if (!name.ends_with(":next"))
            producer = name;
    ASSERT_FALSE(producer.empty());
    click(producer); // on the timeline
    settle();
    EXPECT_EQ(state("loop_decisions"), "1");
    EXPECT_EQ(state("loop_point"), "1");
    for (int i = 0; i < 10 && state("loop_finished") != "1"; ++i) {
        key('N');
        settle();
    }
    EXPECT_EQ(state("loop_finished"), "1");
    EXPECT_EQ(state("loop_outcome"), "deadlock")
        << describe_views(*m_shell, *m_gui) << "\n"
        << (m_gui->player.result()
                ? m_gui->player.result()->stdout_text + m_gui->player.result()->stderr_text +
                      m_gui->player.result()->exception_type + ": " +
                      m_gui->player.result()->exception_message
                : std::string());
    EXPECT_NE(state("loop_goal").find("Be the event loop"), std::string::npos);
    frame();
    EXPECT_EQ(m_gui->player.result()->outcome, lesson::Outcome::Deadlock);

    key(259); // Backspace: undo the last decision
    settle();
    EXPECT_EQ(state("loop_finished"), "0");
    EXPECT_EQ(state("loop_goal"), "");

    // Another lesson: the session (lesson 05's choice points) ends.
    ASSERT_TRUE(m_shell->open_lesson("17"));
    frame();
    frame();
    EXPECT_EQ(state("loop_open"), "0");
    EXPECT_TRUE(marks().empty());
}

TEST_F(ExploreViewUi, ShiftClickingCancelOnW1sLaneLosesTheNotificationWithoutBlockingFrames) {
    ASSERT_TRUE(m_shell->open_lesson("20"));
    frame();
    m_gui->player.set_param("CANCEL_AT", "3.0"); // the canceller comes too late by itself
    settle();
    menu("item:Be the event loop");
    settle();
    ASSERT_EQ(state("loop_point"), "0");
    const std::optional<Rect> chip = rect("cancel:w1");
    ASSERT_TRUE(chip.has_value()) << describe_views(*m_shell, *m_gui);
    EXPECT_TRUE(rect("cancel:w2").has_value());

    // Shift+click: the cancel fires with the notifier's group. The decision's run is made on
    // the session's thread: right after the frame that took the click the session is still
    // busy, the UI thread has not run the program.
    ImGuiIO& io = ImGui::GetIO();
    const float x = chip->x + chip->w * 0.5f, y = chip->y + chip->h * 0.5f;
    mouse(x, y, false);
    io.KeyShift = true;
    mouse(x, y, true);
    EXPECT_EQ(state("loop_busy"), "1");
    EXPECT_EQ(state("loop_point"), "0");
    mouse(x, y, false);
    io.KeyShift = false;
    settle();
    EXPECT_EQ(state("loop_decisions"), "1");
    EXPECT_EQ(state("loop_point"), "1");
    EXPECT_EQ(state("loop_cancels"), "1");
    EXPECT_EQ(state("loop_reproducible"), "1");
    for (int i = 0; i < 10 && state("loop_finished") != "1"; ++i) {
        key('N');
        settle();
    }
    EXPECT_EQ(state("loop_outcome"), "deadlock");
    EXPECT_NE(state("loop_goal"), "");
    ASSERT_TRUE(m_gui->player.schedule().has_value());
    EXPECT_EQ(m_gui->player.schedule()->cancels.size(), 1u);
    EXPECT_EQ(m_gui->player.result()->outcome, lesson::Outcome::Deadlock);
}

TEST_F(ExploreViewUi, FramesKeepComingWhileADecisionRuns) {
    // A program whose every run takes a while (a long loop before its two timers), well under
    // its 2 s budget even under ASan on a busy machine (400 000 rounds were not).
    const std::filesystem::path path = std::filesystem::temp_directory_path() /
                                       ("slow_choice_" + std::to_string(::getpid()) + ".py");
    {
        std::ofstream out(path);
        out << "import asyncio\n\n"
               "async def sleeper(d):\n"
               "    await asyncio.sleep(d)\n"
               "    print(d)\n\n"
               "async def main():\n"
               "    n = 0\n"
               "    for i in range(150_000):\n"
               "        n += i\n"
               "    await asyncio.gather(sleeper(1.0), sleeper(2.0))\n\n"
               "asyncio.run(main())\n";
    }
    ASSERT_TRUE(m_shell->open_file(path));
    settle();
    menu("item:Be the event loop");
    settle();
    ASSERT_EQ(state("loop_point"), "0");
    const int before = std::stoi(state("loop_frames_busy"));
    std::vector<std::string> m = marks();
    ASSERT_EQ(m.size(), 2u) << describe_views(*m_shell, *m_gui) << "\n"
                            << (m_gui->player.result() ? m_gui->player.result()->stdout_text +
                                                             m_gui->player.result()->summary
                                                       : std::string());
    const std::string later = m[0].ends_with(":next") ? m[1] : m[0];
    click(later);
    settle();
    EXPECT_EQ(state("loop_point"), "1");
    // Frames went on while the run was made (a run on the UI thread would draw none). How
    // many depends on how the two threads share a busy machine: one is the proof.
    EXPECT_GE(std::stoi(state("loop_frames_busy")), before + 1);
    std::filesystem::remove(path);
}

TEST_F(ExploreViewUi, ATieMemberCanBeFiredLateFromTheWindow) {
    const std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("ties_" + std::to_string(::getpid()) + ".py");
    std::ofstream(path) << "import asyncio\n\n"
                           "async def sleeper(name):\n"
                           "    await asyncio.sleep(1.0)\n"
                           "    print(name, asyncio.get_running_loop().time())\n\n"
                           "async def main():\n"
                           "    await asyncio.gather(sleeper('a'), sleeper('b'))\n\n"
                           "asyncio.run(main())\n";
    ASSERT_TRUE(m_shell->open_file(path));
    settle();
    menu("item:Be the event loop");
    settle();
    ASSERT_EQ(state("loop_point"), "0");
    // Both sleeps tie: both are CPython's next, each with a "late" button.
    ASSERT_EQ(marks().size(), 2u);
    ASSERT_TRUE(rect("button:late 2").has_value()) << describe_views(*m_shell, *m_gui);
    click("button:late 2");
    settle();
    EXPECT_EQ(state("loop_point"), "1");
    ASSERT_TRUE(m_gui->player.schedule().has_value());
    EXPECT_DOUBLE_EQ(m_gui->player.schedule()->durations.at(2), 1.5);
    EXPECT_EQ(marks().size(), 1u); // the late one, alone at the next choice point
    std::filesystem::remove(path);
}

} // namespace
