// The Explore view and "Be the event loop" in the real window, driven with XTest under Xvfb
// (xtest_window.sh): open them from the View menu with the mouse, click the deadlock row,
// click the producer's timer on its lane, press N until the run ends in the lesson's
// event-loop goal; on lesson 20 (its canceller made too late) Shift+click the "cancel" chip
// on w1's lane, so the cancel lands right after notify() and the notification is lost. The app
// process, state file and X input come from xtest_window.cpp (its own tests are filtered out by the
// ctest command: --gtest_filter=XExploreTest.*).
#include "xtest_window.cpp"

namespace {

class XExploreTest : public XWindowTest {
  protected:
    /// View -> `item`, by mouse.
    void view_menu(App& app, const std::string& item) {
        m_x.click(app.rect("menu:View"));
        ASSERT_TRUE(app.wait_for([&](const State& s) { return s.count("rect." + item) > 0; }));
        m_x.click(app.rect(item));
    }
    /// Shift held (XTest) around a click on `r`.
    void shift_click(const Rect& r) {
        Display* d = m_x.display();
        const KeyCode shift = XKeysymToKeycode(d, XK_Shift_L);
        XTestFakeKeyEvent(d, shift, True, 0);
        XSync(d, False);
        std::this_thread::sleep_for(60ms);
        m_x.click(r);
        XTestFakeKeyEvent(d, shift, False, 0);
        XSync(d, False);
        std::this_thread::sleep_for(60ms);
    }
};

TEST_F(XExploreTest, ClickingTheDeadlockRowLoadsItWithItsTimerMarked) {
    auto app = start("05");
    view_menu(*app, "item:Explore timings");
    ASSERT_TRUE(app->wait_for([](const State& s) { return s.count("rect.button:Explore") > 0; }))
        << dump(app->state());
    std::this_thread::sleep_for(300ms);
    m_x.click(app->rect("button:Explore"));
    ASSERT_TRUE(app->wait_for([](const State& s) {
        return s.count("rect.explore:row:deadlock") > 0;
    })) << dump(app->state());
    EXPECT_EQ(app->state().at("explore_classes").rfind("complete:", 0), 0u);
    m_x.click(app->rect("explore:row:deadlock"));
    EXPECT_TRUE(app->wait_for([](const State& s) {
        return s.at("explore_selected") == "deadlock" && s.at("running") == "0" &&
               s.count("rect.mark:2") > 0;
    })) << dump(app->state());
}

TEST_F(XExploreTest, BeingTheEventLoopReachesTheGoal) {
    auto app = start("05");
    view_menu(*app, "item:Be the event loop");
    // Two timers on their lanes: the consumer's (timer 1, CPython's next), the producer's.
    // (Once the player's run of the session's schedule is in: the lanes then stay put.)
    ASSERT_TRUE(app->wait_for([](const State& s) {
        return s.at("loop_busy") == "0" && s.at("running") == "0" &&
               s.count("rect.mark:1:next") > 0 && s.count("rect.mark:2") > 0;
    })) << dump(app->state());
    std::this_thread::sleep_for(300ms);
    ASSERT_TRUE(click_until(*app, "mark:2", [](const State& s) {
        return s.at("loop_point") == "1";
    })) << dump(app->state());
    for (int i = 0; i < 6 && app->state().at("loop_finished") != "1"; ++i)
        m_x.key(XK_n);
    EXPECT_TRUE(app->wait_for([](const State& s) {
        return s.at("loop_outcome") == "deadlock" && !s.at("loop_goal").empty();
    })) << dump(app->state());
}

TEST_F(XExploreTest, ShiftClickingCancelOnW1sLaneLosesTheNotification) {
    // Lesson 20 with the canceller's sleep too long to matter (CANCEL_AT = 3.0).
    std::ifstream in(fs::path(CONDLAB_SOURCE_DIR) / "lessons" / "20_cancellation_during_wait.py");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string from = "CANCEL_AT = 1.0", to = "CANCEL_AT = 3.0";
    ASSERT_NE(text.find(from), std::string::npos);
    text.replace(text.find(from), from.size(), to);
    const fs::path program =
        fs::temp_directory_path() / ("condlab_xtest_13_" + std::to_string(::getpid()) + ".py");
    std::ofstream(program) << text;
    auto app = start(program.string());
    view_menu(*app, "item:Be the event loop");
    ASSERT_TRUE(app->wait_for([](const State& s) {
        return s.at("loop_busy") == "0" && s.at("running") == "0" && s.count("rect.cancel:w1") > 0;
    })) << dump(app->state());
    std::this_thread::sleep_for(300ms);
    auto cancelled = [](const State& s) {
        return s.at("loop_point") == "1" && s.at("loop_cancels") == "1";
    };
    // (Clicked again, with the chip's fresh rectangle, when a busy machine lost the click.)
    for (int attempt = 0; attempt < 3 && !app->wait_for(cancelled, attempt ? 4s : 0s); ++attempt)
        shift_click(app->rect("cancel:w1"));
    ASSERT_TRUE(app->wait_for(cancelled)) << dump(app->state());
    EXPECT_EQ(app->state().at("loop_reproducible"), "1");
    for (int i = 0; i < 8 && app->state().at("loop_finished") != "1"; ++i) {
        m_x.key(XK_n);
        app->wait_for([](const State& s) { return s.at("loop_busy") == "0"; });
    }
    EXPECT_TRUE(app->wait_for([](const State& s) {
        return s.at("loop_outcome") == "deadlock" && !s.at("loop_goal").empty();
    })) << dump(app->state());
    fs::remove(program);
}

} // namespace
