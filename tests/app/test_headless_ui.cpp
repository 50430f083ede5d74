// Headless ImGui tests: a real ImGui context with condlab's fonts and theme but no window.
// Input is injected through ImGuiIO (1.86: io.MousePos / io.MouseDown / io.KeysDown).
#include <imgui.h>

#include <gtest/gtest.h>

#include <fstream>
#include <unistd.h>

#include "app/fonts.h"
#include "app/screenshot.h"
#include "app/shell.h"
#include "app/theme.h"
#include "headless_shell.h"

using namespace condlab::app;

namespace {

/// Content that draws nothing and records what the shell told it.
class RecordingContent final : public ShellContent {
  public:
    void draw_timeline() override { ++timeline_calls; }
    void draw_parameters() override {}
    void draw_inspector() override {}
    void draw_output() override {}
    void draw_diagnostics() override {}
    void file_opened(const std::filesystem::path& p) override { opened.push_back(p.string()); }
    void line_hovered(int line) override { hovered.push_back(line); }
    void line_clicked(int line) override { clicked.push_back(line); }

    int timeline_calls = 0;
    std::vector<std::string> opened;
    std::vector<int> hovered;
    std::vector<int> clicked;
};

class HeadlessUi : public HeadlessShellTest {
  protected:
    int vertices() const { return ImGui::GetDrawData()->TotalVtxCount; }
};

} // namespace

TEST_F(HeadlessUi, LoadsDejaVuFonts) {
    EXPECT_TRUE(m_fonts.dejavu);
    // Symbols used in the UI are in the atlas (merged from DejaVu Sans where needed).
    for (ImFont* f : {m_fonts.regular, m_fonts.mono, m_fonts.bold})
        for (ImWchar c : {0x2713, 0x00B7, 0x2190, 0x2192, 0x25B6, 0x26A0})
            EXPECT_NE(f->FindGlyphNoFallback(c), nullptr) << std::hex << c;
}

TEST_F(HeadlessUi, FallsBackToImGuiFontWithoutDejaVu) {
    const Fonts f = load_fonts(ImGui::GetIO().Fonts, 1.0f, 15.0f, "/nonexistent");
    EXPECT_FALSE(f.dejavu);
    EXPECT_NE(f.regular, nullptr);
    EXPECT_EQ(f.mono, f.regular);
    m_fonts = load_fonts(ImGui::GetIO().Fonts, 1.0f); // restore for TearDown frames
}

TEST_F(HeadlessUi, DraggingASplitterChangesTheStoredRatio) {
    ASSERT_TRUE(shell().open_lesson("03"));
    frame();
    const SplitRatios before = shell().settings().splits;
    const Rect bar = shell().layout().splitters[static_cast<int>(SplitterId::LeftColumn)];
    const Rect area = shell().layout_area();
    const float x = bar.x + bar.w * 0.5f;
    const float y = bar.y + bar.h * 0.5f;
    mouse(x, y, false);
    mouse(x, y, true);
    mouse(x + 40.0f, y, true);
    mouse(x + 100.0f, y + 30.0f, true); // vertical motion is ignored for a column bar
    mouse(x + 100.0f, y + 30.0f, false);
    const SplitRatios after = shell().settings().splits;
    EXPECT_NEAR(after.left, before.left + 100.0f / area.w, 1e-4);
    EXPECT_FLOAT_EQ(after.right, before.right);
    EXPECT_FLOAT_EQ(after.centre_split, before.centre_split);
    // The next frame's layout uses the new ratio.
    frame();
    EXPECT_NEAR(shell().layout().lesson_list.w, before.left * area.w + 100.0f, 0.5f);
    // Moving the mouse after release changes nothing.
    mouse(x + 300.0f, y, false);
    EXPECT_FLOAT_EQ(shell().settings().splits.left, after.left);
}

TEST_F(HeadlessUi, DraggingARowSplitterPastItsLimitClamps) {
    ASSERT_TRUE(shell().open_lesson("03"));
    frame();
    const Rect bar = shell().layout().splitters[static_cast<int>(SplitterId::CentreRows)];
    const float x = bar.x + bar.w * 0.5f;
    const float y = bar.y + bar.h * 0.5f;
    mouse(x, y, false);
    mouse(x, y, true);
    mouse(x, y + 2000.0f, true);
    mouse(x, y + 2000.0f, false);
    frame();
    EXPECT_FLOAT_EQ(shell().layout().timeline.h, shell().layout_metrics().min_row);
}

TEST_F(HeadlessUi, ClickingACodeLineFiresCallbacks) {
    ASSERT_TRUE(shell().open_lesson("03"));
    RecordingContent content;
    shell().set_content(&content);
    const std::vector<int>& hovered = content.hovered;
    const std::vector<int>& clicked = content.clicked;
    frame();
    frame(); // the code view scrolled past the docstring
    const int target = shell().document()->docstring_end_line + 3;
    const CodeViewState& cs = shell().code_state();
    ASSERT_GT(cs.line_height, 0.0f);
    const float y = cs.line_y(target) + 0.5f * cs.line_height;
    const Rect code = shell().layout().code;
    ASSERT_TRUE(code.contains(code.x + 100.0f, y)) << "line " << target << " not visible";
    click(code.x + 100.0f, y);
    ASSERT_FALSE(clicked.empty());
    EXPECT_EQ(clicked, (std::vector<int>{target}));
    EXPECT_EQ(hovered.back(), target);
    EXPECT_EQ(shell().code_state().selected_line, target);
    // Outside the code view: no hover.
    mouse(5.0f, 790.0f, false);
    EXPECT_EQ(shell().code_state().hovered_line, 0);
}

TEST_F(HeadlessUi, MarkersAndErrorLineAreDrawn) {
    ASSERT_TRUE(shell().open_lesson("03"));
    frame();
    frame();
    const int plain = vertices();
    const int line = shell().document()->docstring_end_line + 2;
    shell().markers().push_back({line, MarkerKind::JustExecuted, {}, "producer"});
    shell().markers().push_back({line + 1, MarkerKind::Next, {}, "consumer#1"});
    shell().markers().push_back({line + 1, MarkerKind::Custom, hsl(200, 0.5f, 0.5f), ""});
    shell().set_error(ErrorMark{line + 2, "SyntaxError: invalid syntax"});
    frame();
    EXPECT_GT(vertices(), plain + 100);
    // Hovering the error line shows its message as a tooltip (no crash, a window appears).
    const CodeViewState& cs = shell().code_state();
    const float y = cs.line_y(line + 2) + 0.5f * cs.line_height;
    mouse(shell().layout().code.x + 80.0f, y, false);
    mouse(shell().layout().code.x + 80.0f, y, false);
    EXPECT_EQ(shell().code_state().hovered_line, line + 2);
}

TEST_F(HeadlessUi, ClickingALessonOpensIt) {
    ASSERT_TRUE(shell().open_lesson("06"));
    frame();
    const Rect list = shell().layout().lesson_list;
    const std::string before = shell().current_lesson();
    // Walk down the list until a click opens another lesson (rows are one text line apart).
    const float step = ImGui::GetTextLineHeightWithSpacing() * 0.5f;
    for (float y = list.y + step; y < list.y + list.h && shell().current_lesson() == before;
         y += step) {
        click(list.x + list.w * 0.5f, y);
    }
    EXPECT_NE(shell().current_lesson(), before);
    EXPECT_EQ(shell().current_lesson(), shell().lessons().front().id);
    EXPECT_EQ(shell().settings().last_lesson, shell().current_lesson());
}

TEST_F(HeadlessUi, ResizeKeepsEveryRegionOnScreen) {
    ASSERT_TRUE(shell().open_lesson("03"));
    frame();
    ImGui::GetIO().DisplaySize = {700.0f, 500.0f};
    frame();
    const Layout& l = shell().layout();
    for (const Rect& r : {l.lesson_list, l.lesson_text, l.code, l.timeline, l.parameters,
                          l.inspector, l.output, l.diagnostics}) {
        EXPECT_GT(r.w, 0.0f);
        EXPECT_GT(r.h, 0.0f);
        EXPECT_LE(r.x + r.w, 700.0f);
        EXPECT_LE(r.y + r.h, 500.0f);
    }
}

TEST_F(HeadlessUi, OpensAnyPythonFileAndShowsItsDocstring) {
    const std::string path =
        ::testing::TempDir() + "condlab_app_demo_" + std::to_string(::getpid()) + ".py";
    std::ofstream(path) << "'''# Demo program\n\nNot a *lesson*.\n'''\nimport asyncio\n";
    RecordingContent content;
    shell().set_content(&content);
    ASSERT_TRUE(shell().open_file(path));
    EXPECT_EQ(content.opened, (std::vector<std::string>{path}));
    EXPECT_EQ(shell().document()->title, "Demo program");
    EXPECT_TRUE(shell().current_lesson().empty());
    ASSERT_EQ(shell().lesson_text().blocks.size(), 2u);
    frame();
    EXPECT_FALSE(shell().open_file(path + ".missing"));
    EXPECT_EQ(shell().document()->title, "Demo program"); // kept
    EXPECT_NE(shell().status().find("Could not open"), std::string::npos);
    std::remove(path.c_str());
}

TEST_F(HeadlessUi, LightThemeAndContent) {
    ASSERT_TRUE(shell().open_lesson("03"));
    RecordingContent content;
    shell().set_content(&content);
    const int& timeline_calls = content.timeline_calls;
    shell().set_theme(ThemeKind::Light);
    EXPECT_TRUE(shell().consume_theme_change());
    EXPECT_FALSE(shell().consume_theme_change());
    apply_imgui_theme(shell().theme(), 1.0f);
    frame();
    EXPECT_EQ(timeline_calls, 1);
    EXPECT_EQ(shell().settings().theme, ThemeKind::Light);
}

TEST(Screenshot, FlipRowsReversesRowOrder) {
    std::vector<std::uint8_t> px{1, 2, 3, 4, 5, 6};
    flip_rows(px, 1, 3, 2);
    EXPECT_EQ(px, (std::vector<std::uint8_t>{5, 6, 3, 4, 1, 2}));
    std::vector<std::uint8_t> even{1, 2, 3, 4};
    flip_rows(even, 2, 2, 1);
    EXPECT_EQ(even, (std::vector<std::uint8_t>{3, 4, 1, 2}));
}
