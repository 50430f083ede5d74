// The parameters panel shows every parameter's label and value: for every lesson, at
// 1280x720 and at --scale 2 (2560x1440), each label and each slider / combo / checkbox fits
// the panel, they do not overlap, and the widget is wide enough for its value.
#include <imgui.h>

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "app/fonts.h"
#include "app/learner_gui.h"
#include "app/player_gui.h"
#include "app/shell.h"
#include "app/source_file.h"
#include "app/theme.h"
#include "headless_player.h"

using namespace condlab;
using namespace condlab::app;

namespace {

class ParametersPanel : public HeadlessPlayerTest {
  protected:
    void SetUp() override {
        HeadlessPlayerTest::SetUp();
        m_gui->learner->ask_questions = false;
        m_gui->learner->check_fix_goals = false;
    }
    /// Every parameter of every lesson with parameters fits the panel.
    void check_all_lessons(const char* where) {
        int lessons_with_params = 0;
        for (const LessonEntry& e : m_shell->lessons()) {
            ASSERT_TRUE(m_shell->open_lesson(e.id)) << e.id;
            for (int i = 0; i < 3; ++i)
                frame();
            const lesson::Lesson* l = m_gui->player.lesson();
            ASSERT_NE(l, nullptr) << e.id;
            const Rect panel = m_shell->layout().parameters;
            bool any = false;
            for (const lesson::Param& p : l->params) {
                if (!p.spec)
                    continue;
                any = true;
                const std::string at = std::string(where) + " lesson " + e.id + " " + p.name;
                const Rect* label = m_gui->rect("param-label:" + p.name);
                const Rect* widget = m_gui->rect("param:" + p.name);
                ASSERT_NE(label, nullptr) << at;
                ASSERT_NE(widget, nullptr) << at;
                for (const Rect* r : {label, widget}) {
                    EXPECT_GE(r->x, panel.x) << at;
                    EXPECT_LE(r->x + r->w, panel.x + panel.w + 0.5f) << at << " sticks out";
                    EXPECT_GE(r->y, panel.y) << at;
                    EXPECT_LE(r->y + r->h, panel.y + panel.h + 0.5f) << at << " below the panel";
                    EXPECT_GT(r->w, 0.0f) << at;
                }
                if (p.spec->kind == lesson::ParamSpec::Kind::Bool)
                    continue;
                // The label and the widget side by side or one above the other, not overlapping.
                const bool apart = label->x + label->w <= widget->x + 0.5f ||
                                   label->y + label->h <= widget->y + 0.5f;
                EXPECT_TRUE(apart) << at << ": the label covers the widget";
                // The widget shows its value whole (the frame padding on both sides).
                const std::string value = m_gui->player.param_text(p);
                const float need =
                    ImGui::CalcTextSize(value.c_str()).x + 2.0f * ImGui::GetStyle().FramePadding.x;
                EXPECT_GE(widget->w, need) << at << ": the value \"" << value << "\" is cut";
            }
            lessons_with_params += any ? 1 : 0;
        }
        EXPECT_GE(lessons_with_params, 15) << where;
    }
};

} // namespace

TEST_F(ParametersPanel, EveryLabelAndValueFitsAt1280x720) {
    ImGui::GetIO().DisplaySize = {1280.0f, 720.0f};
    check_all_lessons("1280x720");
}

TEST_F(ParametersPanel, EveryLabelAndValueFitsAtScale2) {
    set_headless_scale(2.0f, {2560.0f, 1440.0f}, m_fonts);
    check_all_lessons("scale 2");
}
