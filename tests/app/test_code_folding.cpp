// Spoilers: every metadata line the lesson reader recognises (goals, compare presets,
// expectations) is folded in the code view into one "lesson settings" row the learner can
// open; the code view never shows (or parks on) them while folded.
#include <imgui.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "app/code_layout.h"
#include "app/shell.h"
#include "app/source_file.h"
#include "headless_imgui.h"
#include "lesson/lesson.h"

using namespace condlab;
using namespace condlab::app;

namespace {

bool contains(const std::vector<int>& v, int x) {
    return std::find(v.begin(), v.end(), x) != v.end();
}

} // namespace

TEST(CodeFolding, RecognisesMetadataComments) {
    EXPECT_TRUE(is_metadata_line("# goal: deadlock | Make them block"));
    EXPECT_TRUE(is_metadata_line("# expect: default -> complete"));
    EXPECT_TRUE(is_metadata_line("#compare: a: X=1"));
    EXPECT_TRUE(is_metadata_line("    # question: what happens?"));
    EXPECT_FALSE(is_metadata_line("X = 1  # param: 0..5 | x")); // code with a param comment
    EXPECT_FALSE(is_metadata_line("# the goal: of this function"));
    EXPECT_FALSE(is_metadata_line("print('# goal: no')"));
    EXPECT_FALSE(is_metadata_line(""));
}

TEST(CodeFolding, EveryLessonsMetadataLinesAreFoldedIntoOneRow) {
    int lessons = 0;
    for (const LessonEntry& e : list_lessons(CONDLAB_SOURCE_DIR "/lessons")) {
        SourceDocument doc;
        ASSERT_FALSE(load_document(doc, e.path).has_value()) << e.id;
        const lesson::Lesson l = lesson::load_lesson(e.path);
        std::vector<int> reader_lines;
        for (const lesson::Goal& g : l.goals)
            reader_lines.push_back(static_cast<int>(g.line));
        for (const lesson::Expectation& x : l.expectations)
            reader_lines.push_back(static_cast<int>(x.line));
        for (std::size_t i = 0; i < doc.lines.size(); ++i)
            if (doc.lines[i].starts_with("# compare:"))
                reader_lines.push_back(static_cast<int>(i) + 1);
        const CodeRows folded = code_rows(doc.lines, false);
        const CodeRows open = code_rows(doc.lines, true);
        for (int line : reader_lines) {
            EXPECT_TRUE(contains(folded.metadata, line)) << e.id << ":" << line;
            EXPECT_FALSE(contains(folded.rows, line)) << e.id << ":" << line << " shown folded";
            EXPECT_TRUE(contains(open.rows, line)) << e.id << ":" << line << " hidden when open";
        }
        if (!reader_lines.empty()) {
            EXPECT_EQ(std::count(folded.rows.begin(), folded.rows.end(), kSettingsRow), 1) << e.id;
            EXPECT_EQ(folded.rows.size() + folded.metadata.size(), doc.lines.size() + 1) << e.id;
            ++lessons;
        }
    }
    EXPECT_GE(lessons, 15);
}

TEST(CodeFolding, ClickingTheSettingsRowOpensIt) {
    Fonts fonts;
    ImGuiContext* ctx = create_headless_imgui({1280.0f, 800.0f}, fonts);
    {
        Shell shell(CONDLAB_SOURCE_DIR "/lessons", Settings{});
        ASSERT_TRUE(shell.open_lesson("06"));
        const auto frame = [&] {
            ImGui::NewFrame();
            shell.draw(fonts);
            ImGui::Render();
        };
        frame();
        frame();
        const CodeViewState& cs = shell.code_state();
        ASSERT_FALSE(cs.rows.metadata.empty());
        EXPECT_FALSE(cs.settings_open);
        const float y = cs.line_y(cs.rows.metadata.front()) + cs.line_height * 0.5f;
        const Rect code = shell.layout().code;
        ASSERT_TRUE(code.contains(code.x + 100.0f, y)) << "settings row not visible at the start";
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = {code.x + 100.0f, y};
        frame();
        io.MouseDown[0] = true;
        frame();
        io.MouseDown[0] = false;
        frame();
        EXPECT_TRUE(cs.settings_open);
        EXPECT_TRUE(contains(cs.rows.rows, cs.rows.metadata.back()));
    }
    ImGui::DestroyContext(ctx);
}
