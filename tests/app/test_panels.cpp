// Panels at 1280x720 and narrow columns: the lesson list scrolls with the current lesson
// visible, the output does not print the time twice, code blocks in the lesson text wrap
// only at spaces (never "un-acquire|d lock").
#include <imgui.h>

#include <gtest/gtest.h>

#include <string>

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
    // A word longer than a row is split (nothing else fits).
    const auto long_word = wrap_code_line("abcdefghij", 4);
    ASSERT_EQ(long_word.size(), 3u);
    EXPECT_EQ(long_word[0], (std::pair<std::size_t, std::size_t>{0, 4}));
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
