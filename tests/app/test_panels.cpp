// Panels at 1280x720 and narrow columns: the lesson list scrolls with the current lesson
// visible, the output does not print the time twice, code blocks in the lesson text wrap
// only at spaces (never "un-acquire|d lock") and scroll sideways when a token is longer
// than the column.
#include <imgui.h>

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "app/markdown.h"
#include "app/markdown_view.h"
#include "app/player_views.h"
#include "app/shell.h"
#include "app/text_wrap.h"
#include "headless_imgui.h"

using namespace condlab;
using namespace condlab::app;

TEST(Panels, CodeBlocksWrapOnlyAtSpaces) {
    const std::string line = "RuntimeError: cannot wait on un-acquired lock";
    for (std::size_t cols = 14; cols < line.size(); ++cols) { // 13: the longest word
        const auto rows = wrap_code_line(line, cols);
        ASSERT_GE(rows.size(), 2u) << cols;
        std::string joined;
        for (const auto& [b, e] : rows) {
            EXPECT_LE(e - b, cols + 1) << cols; // at most a row (plus the space at its end)
            if (b > 0)
                EXPECT_EQ(line[b - 1], ' ') << "cut inside a word at " << b << ", cols " << cols;
            joined += line.substr(b, e - b);
        }
        EXPECT_EQ(joined, line);
    }
    // A word longer than a row is never split: it stays on the row where it starts, which is
    // then wider than `cols` (the block scrolls sideways).
    EXPECT_EQ(wrap_code_line("abcdefghij", 4),
              (std::vector<std::pair<std::size_t, std::size_t>>{{0, 10}}));
    EXPECT_EQ(wrap_code_line("ab abcdefghij cd", 4),
              (std::vector<std::pair<std::size_t, std::size_t>>{{0, 14}, {14, 16}}));
    // A word that fits a row of its own moves there.
    EXPECT_EQ(wrap_code_line("ab abcd", 5),
              (std::vector<std::pair<std::size_t, std::size_t>>{{0, 3}, {3, 7}}));
    EXPECT_EQ(wrap_code_line("", 10).size(), 1u);
    EXPECT_EQ(wrap_code_line("    cond.wait()", 40).size(), 1u);
}

TEST(Panels, OutputSkipsTheTimeWhenTheLineStartsWithIt) {
    EXPECT_TRUE(starts_with_time("1.0 c0 took item0", 1.0));
    EXPECT_TRUE(starts_with_time("2.5 producer: 1 item(s)", 2.5));
    EXPECT_TRUE(starts_with_time("t=3 done", 3.0));
    EXPECT_TRUE(starts_with_time("0.0: start", 0.04));
    EXPECT_FALSE(starts_with_time("1.0 c0 took item0", 2.0));
    EXPECT_FALSE(starts_with_time("first to finish: bob", 3.0));
    EXPECT_FALSE(starts_with_time("3 items", 3.0)); // a count: no decimal point, no t=
}

TEST(Panels, LessonListShowsTheCurrentLessonAt1280x720) {
    Fonts fonts;
    ImGuiContext* ctx = create_headless_imgui({1280.0f, 720.0f}, fonts);
    {
        Shell shell(CONDLAB_SOURCE_DIR "/lessons", Settings{});
        ASSERT_GE(shell.lessons().size(), 25u);
        for (const char* id : {"25", "18", "01", "12"}) {
            ASSERT_TRUE(shell.open_lesson(id));
            for (int i = 0; i < 3; ++i) {
                ImGui::NewFrame();
                shell.draw(fonts);
                ImGui::Render();
            }
            const Rect list = shell.layout().lesson_list;
            const Rect row = shell.current_lesson_rect();
            EXPECT_GE(row.y, list.y) << id;
            EXPECT_LE(row.y + row.h, list.y + list.h) << id << " not visible in the list";
        }
    }
    ImGui::DestroyContext(ctx);
}

TEST(Panels, CodeBlockContinuationRowsAreNarrowerByTheirHang) {
    const std::string line = "if not items:                  # CHECK = \"if\"";
    const auto rows = wrap_code_line(line, 30, 4);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_LE(rows[1].second - rows[1].first, 26u);
    EXPECT_EQ(line.substr(rows[1].first), "# CHECK = \"if\"");
}

TEST(Panels, CodeBlockLayoutNeverCutsATokenAndReportsTheWidestRow) {
    // Lesson 19's line at a narrow column: the 29-character token fits neither the rest of
    // the first row nor a continuation row (cols - hang = 12), so it stays on the first row
    // whole, which is 43 columns wide.
    const std::string line = "        await asyncio.wait_for(cond.wait(), TIMEOUT)";
    const std::vector<std::string_view> lines{"async with cond:", line};
    const CodeBlockLayout l = layout_code_block(lines, 24);
    ASSERT_EQ(l.rows.size(), 2u);
    ASSERT_EQ(l.rows[1].size(), 2u);
    EXPECT_EQ(line.substr(l.rows[1][0].first, l.rows[1][0].second - l.rows[1][0].first),
              "        await asyncio.wait_for(cond.wait(), ");
    EXPECT_EQ(line.substr(l.rows[1][1].first), "TIMEOUT)");
    EXPECT_EQ(l.row_count, 3u);
    EXPECT_EQ(l.widest, 43u);
    // Wide enough: one row per line, the widest is the longest line.
    const CodeBlockLayout wide = layout_code_block(lines, 80);
    EXPECT_EQ(wide.row_count, 2u);
    EXPECT_EQ(wide.widest, line.size());
}

TEST(Panels, LessonCodeBlocksScrollInsteadOfBreakingTokens) {
    // Lesson 19's text drawn in a narrow column (as at --scale 2): every token of its code
    // blocks comes out whole, and the block scrolls sideways.
    Fonts fonts;
    ImGuiContext* ctx = create_headless_imgui({1280.0f, 720.0f}, fonts);
    const md::Document doc = md::parse("```\nasync with cond:\n    try:\n"
                                       "        await asyncio.wait_for(cond.wait(), TIMEOUT)\n"
                                       "    except TimeoutError:\n        ...\n```\n");
    const Palette& pal = palette(ThemeKind::Dark);
    for (const float width : {180.0f, 260.0f, 400.0f, 900.0f}) {
        ImGui::NewFrame();
        ImGui::SetNextWindowPos({0.0f, 0.0f});
        ImGui::SetNextWindowSize({width, 600.0f});
        ImGui::Begin("lesson", nullptr, ImGuiWindowFlags_NoDecoration);
        begin_text_capture();
        draw_markdown({&doc, &pal, &fonts});
        const std::string text = end_text_capture();
        ImGui::End();
        ImGui::Render();
        EXPECT_NE(text.find("asyncio.wait_for(cond.wait(),"), std::string::npos)
            << "a token cut at width " << width << ":\n"
            << text;
        EXPECT_NE(text.find("TimeoutError:"), std::string::npos) << width;
    }
    ImGui::DestroyContext(ctx);
}
