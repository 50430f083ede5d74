// The Help window: `?` opens it when no text field has focus (not while typing a path), the
// Help menu's sheet lists every shortcut, and the legend names every task state the
// timeline colours, each arrow kind and each object row state.
#include <imgui.h>

#include <gtest/gtest.h>

#include "app/help_view.h"
#include "app/shell.h"
#include "app/timeline_view.h"
#include "headless_shell.h"

using namespace condlab;
using namespace condlab::app;

namespace {

class HelpTest : public HeadlessShellTest {
  protected:
    void SetUp() override {
        HeadlessShellTest::SetUp();
        ASSERT_TRUE(m_shell->open_lesson("01"));
    }
    void type(char c) {
        ImGui::GetIO().AddInputCharacter(static_cast<unsigned>(c));
        frame();
    }
    /// The text the Help window's tabs render (drawn in a plain test window).
    std::string help_text(HelpTab tab) {
        HelpState st;
        st.show(tab);
        std::string text;
        for (int i = 0; i < 2; ++i) { // the tab bar selects on the second frame
            ImGui::NewFrame();
            ImGui::Begin("capture");
            begin_text_capture();
            draw_help_contents(st, palette(ThemeKind::Dark), &m_fonts);
            text = end_text_capture();
            ImGui::End();
            ImGui::Render();
        }
        return text;
    }
};

} // namespace

TEST_F(HelpTest, QuestionMarkOpensAndClosesHelpOutsideTextFields) {
    frame();
    EXPECT_FALSE(m_shell->help().open);
    type('?');
    EXPECT_TRUE(m_shell->help().open);
    EXPECT_EQ(m_shell->help().tab, HelpTab::Legend);
    frame();
    EXPECT_NE(ImGui::FindWindowByName("Help##condlab_help"), nullptr);
    type('?');
    EXPECT_FALSE(m_shell->help().open);
}

TEST_F(HelpTest, QuestionMarkTypedIntoTheOpenBoxIsText) {
    ImGuiIO& io = ImGui::GetIO();
    io.KeyCtrl = true;
    io.KeysDown['O'] = true;
    frame();
    io.KeyCtrl = false;
    io.KeysDown['O'] = false;
    frame();
    frame(); // the path box has focus now
    ASSERT_TRUE(io.WantTextInput);
    type('?');
    EXPECT_FALSE(m_shell->help().open);
}

TEST_F(HelpTest, SheetListsEveryShortcut) {
    const std::string text = help_text(HelpTab::Shortcuts);
    ASSERT_FALSE(shortcuts().empty());
    for (const Shortcut& s : shortcuts()) {
        EXPECT_NE(text.find(s.keys), std::string::npos) << s.keys;
        EXPECT_NE(text.find(s.action), std::string::npos) << s.action;
    }
    // The keys the code handles (shell.cpp, transport_view.cpp, timeline_view.cpp).
    for (const char* k : {"?", "Ctrl+O", "Ctrl+Q", "Space", "Shift+", "Home / End", "A / D",
                          "W / S", "F", "double click", "Esc"}) {
        EXPECT_NE(text.find(k), std::string::npos) << k;
    }
    // The mouse input the windows accept: the event-loop marks (explore_view.cpp: Alt+click
    // a tied timer fires it late), the cancel chips (event_loop_cancel.cpp: click / Shift+
    // click), right-drag and Shift+wheel on the lanes, the map's and the goal grid's cells,
    // the diagnostics cards, the folded lesson settings, the panels' splitters.
    for (const char* k :
         {"Alt+click a tied timer", "click a cancel chip", "Shift+click a cancel chip",
          "Shift+click a timer", "left or right button", "Shift+wheel", "click a cell",
          "click a finding", "lesson settings", "drag a panel's edge", "click a schedule"}) {
        bool listed = false;
        for (const Shortcut& s : shortcuts())
            listed |= s.keys.find(k) != std::string_view::npos;
        EXPECT_TRUE(listed) << k;
    }
}

TEST_F(HelpTest, LegendNamesEveryStateArrowAndObjectRow) {
    const std::string text = help_text(HelpTab::Legend);
    for (int i = 0; i < kTaskStatusCount; ++i) {
        const auto s = static_cast<TaskStatus>(i);
        const Colour c = status_colour(palette(ThemeKind::Dark), s);
        bool shown = false;
        for (const LegendEntry& e : legend_entries(palette(ThemeKind::Dark)))
            shown |= e.colour == c && e.group.rfind("Task", 0) == 0;
        EXPECT_TRUE(shown) << status_name(s) << " has no legend swatch in its colour";
    }
    for (const char* name : {"running",
                             "ready",
                             "blocked on lock",
                             "waiting on condition",
                             "sleeping",
                             "not started",
                             "done",
                             "failed",
                             "cancelled",
                             "blocked forever",
                             "notify",
                             "lock hand-over",
                             "event set",
                             "lock held",
                             "held with waiters",
                             "condition waiters",
                             "notify_all",
                             "playhead",
                             "deadline reached",
                             "deadline not reached",
                             "Sleeps have no deadline mark",
                             "Arrows",
                             "Object rows"}) {
        EXPECT_NE(text.find(name), std::string::npos) << name;
    }
}

TEST_F(HelpTest, HelpMenuOpensTheShortcutSheet) {
    m_shell->show_help(HelpTab::Shortcuts);
    frame();
    frame();
    EXPECT_TRUE(m_shell->help().open);
    EXPECT_EQ(m_shell->help().tab, HelpTab::Shortcuts);
}
