// The question panel (app/question_view.h): choosing, confirming, skipping and retrying as a
// model, then in a headless ImGui frame with real key input (a typed '2', then Enter).
#include <imgui.h>

#include <gtest/gtest.h>

#include "app/question_view.h"
#include "headless_imgui.h"

using namespace condlab;
using namespace condlab::app;

namespace {

lesson::Question question() {
    lesson::Question q;
    q.text = "Who does notify() wake?";
    q.choices = {"consumer", "nobody"};
    q.expected = 1;
    q.explanation = "Nobody waits yet.";
    return q;
}

lesson::QuestionAnswer answer() {
    lesson::QuestionAnswer a;
    a.ok = true;
    a.answer = "nobody";
    a.choice = 1;
    return a;
}

TEST(QuestionView, ChooseConfirmSkipRetry) {
    const lesson::Question q = question();
    const lesson::QuestionAnswer a = answer();
    QuestionState s;
    EXPECT_TRUE(question_veils(s));
    EXPECT_FALSE(apply_question_input(s, QuestionInput::Confirm));      // nothing chosen yet
    EXPECT_FALSE(apply_question_input(s, QuestionInput::Choose, 2, 2)); // no third choice
    EXPECT_TRUE(apply_question_input(s, QuestionInput::Choose, 0, 2));
    EXPECT_EQ(question_verdict(q, a, s), "");
    EXPECT_TRUE(apply_question_input(s, QuestionInput::Confirm));
    EXPECT_FALSE(question_veils(s));
    EXPECT_FALSE(question_correct(a, s));
    EXPECT_EQ(question_verdict(q, a, s), "Not quite: the run answers nobody.");
    EXPECT_FALSE(apply_question_input(s, QuestionInput::Choose, 1, 2)); // retry first
    EXPECT_TRUE(apply_question_input(s, QuestionInput::Retry));
    EXPECT_TRUE(question_veils(s));
    EXPECT_EQ(s.chosen, -1);
    apply_question_input(s, QuestionInput::Choose, 1, 2);
    apply_question_input(s, QuestionInput::Confirm);
    EXPECT_TRUE(question_correct(a, s));
    EXPECT_EQ(question_verdict(q, a, s), "Right: nobody.");
    apply_question_input(s, QuestionInput::Retry);
    EXPECT_TRUE(apply_question_input(s, QuestionInput::Skip));
    EXPECT_FALSE(question_correct(a, s));
    EXPECT_EQ(question_verdict(q, a, s), "Skipped: the run answers nobody.");
}

TEST(QuestionView, NumberKeyChoosesAndEnterReveals) {
    Fonts fonts;
    ImGuiContext* ctx = create_headless_imgui({800.0f, 600.0f}, fonts);
    ImGui::GetIO().KeyMap[ImGuiKey_Enter] = 257; // GLFW_KEY_ENTER, as the GLFW backend maps it
    const lesson::Question q = question();
    const lesson::QuestionAnswer a = answer();
    QuestionState s;
    const Palette& p = palette(ThemeKind::Dark);
    auto frame = [&](auto&& input) {
        input(ImGui::GetIO());
        ImGui::NewFrame();
        ImGui::Begin("q");
        begin_text_capture();
        draw_question_view(q, a, s, p);
        std::string text = end_text_capture();
        ImGui::End();
        ImGui::Render();
        return text;
    };
    std::string text = frame([](ImGuiIO&) {});
    EXPECT_NE(text.find("Who does notify() wake?"), std::string::npos) << text;
    EXPECT_NE(text.find("2. nobody"), std::string::npos) << text;
    EXPECT_EQ(text.find("Nobody waits yet."), std::string::npos) << text; // veiled
    frame([](ImGuiIO& io) { io.AddInputCharacter('2'); });
    EXPECT_EQ(s.chosen, 1);
    const int enter = ImGui::GetIO().KeyMap[ImGuiKey_Enter];
    frame([&](ImGuiIO& io) { io.KeysDown[enter] = true; });
    EXPECT_TRUE(s.revealed);
    text = frame([&](ImGuiIO& io) { io.KeysDown[enter] = false; });
    EXPECT_NE(text.find("Right: nobody."), std::string::npos) << text;
    EXPECT_NE(text.find("Nobody waits yet."), std::string::npos) << text;
    ImGui::DestroyContext(ctx);
}

} // namespace
