// The predict-then-reveal question panel (see question_view.h).
#include "app/question_view.h"

#include <imgui.h>

namespace condlab::app {

bool apply_question_input(QuestionState& s, QuestionInput input, int index, std::size_t count) {
    switch (input) {
    case QuestionInput::Choose:
        if (s.revealed || index < 0 || static_cast<std::size_t>(index) >= count ||
            s.chosen == index)
            return false;
        s.chosen = index;
        return true;
    case QuestionInput::Confirm:
        if (s.revealed || s.chosen < 0)
            return false;
        s.revealed = true;
        return true;
    case QuestionInput::Skip:
        if (s.revealed)
            return false;
        s.revealed = s.skipped = true;
        s.chosen = -1;
        return true;
    case QuestionInput::Retry:
        if (!s.revealed)
            return false;
        s = QuestionState{};
        return true;
    }
    return false;
}

bool question_correct(const lesson::QuestionAnswer& answer, const QuestionState& s) {
    return s.revealed && !s.skipped && answer.ok && s.chosen == answer.choice;
}

std::string question_verdict(const lesson::Question& q, const lesson::QuestionAnswer& a,
                             const QuestionState& s) {
    if (!s.revealed)
        return {};
    const std::string right =
        a.ok && a.choice >= 0 ? q.choices[static_cast<std::size_t>(a.choice)] : a.answer;
    if (s.skipped)
        return "Skipped: the run answers " + right + ".";
    if (question_correct(a, s))
        return "Right: " + right + ".";
    return "Not quite: the run answers " + right + ".";
}

namespace {

// Number keys 1..9 typed this frame (the first one), as a choice index; -1 when none.
int typed_choice() {
    const ImGuiIO& io = ImGui::GetIO();
    for (int i = 0; i < io.InputQueueCharacters.Size; ++i) {
        const ImWchar c = io.InputQueueCharacters[i];
        if (c >= '1' && c <= '9')
            return static_cast<int>(c - '1');
    }
    return -1;
}

bool enter_pressed() {
    const int index = ImGui::GetKeyIndex(ImGuiKey_Enter);
    return index >= 0 && ImGui::IsKeyPressed(index, false);
}

} // namespace

bool draw_question_view(const lesson::Question& q, const lesson::QuestionAnswer& a,
                        QuestionState& s, const Palette& palette, bool keys) {
    bool changed = false;
    const std::size_t n = q.choices.size();
    ImGui::PushStyleColor(ImGuiCol_Text,
                          ImVec4(palette.accent.r, palette.accent.g, palette.accent.b, 1.0f));
    ImGui::TextUnformatted(s.revealed ? "Prediction" : "Predict before you go on");
    ImGui::PopStyleColor();
    ImGui::TextWrapped("%s", q.text.c_str());
    for (std::size_t i = 0; i < n; ++i) {
        const std::string label = std::to_string(i + 1) + ". " + q.choices[i];
        const bool marked = s.revealed && static_cast<int>(i) == a.choice;
        if (marked)
            ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(palette.lock_held.r, palette.lock_held.g,
                                                        palette.lock_held.b, 1.0f));
        if (ImGui::RadioButton(label.c_str(), s.chosen == static_cast<int>(i)))
            changed |= apply_question_input(s, QuestionInput::Choose, static_cast<int>(i), n);
        if (marked)
            ImGui::PopStyleColor();
    }
    if (keys) {
        const int typed = typed_choice();
        if (typed >= 0)
            changed |= apply_question_input(s, QuestionInput::Choose, typed, n);
        if (enter_pressed())
            changed |= apply_question_input(s, QuestionInput::Confirm);
    }
    if (!s.revealed) {
        ImGui::BeginDisabled(s.chosen < 0);
        if (ImGui::Button("Confirm (Enter)"))
            changed |= apply_question_input(s, QuestionInput::Confirm);
        ImGui::EndDisabled();
        ImGui::SameLine();
        if (ImGui::Button("Skip"))
            changed |= apply_question_input(s, QuestionInput::Skip);
        return changed;
    }
    ImGui::TextWrapped("%s", question_verdict(q, a, s).c_str());
    ImGui::TextWrapped("%s", q.explanation.c_str());
    if (ImGui::Button("Retry"))
        changed |= apply_question_input(s, QuestionInput::Retry);
    return changed;
}

} // namespace condlab::app
