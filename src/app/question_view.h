// A predict-then-reveal question panel (lesson/questions.h): the learner picks a choice
// (click or number key), confirms (Enter) and sees whether the run agrees, with the lesson's
// explanation; or skips; and can retry. Self-contained: the player decides when a question is
// due (its anchor step, lesson/question_answers.h) and what to veil while
// question_veils() is true.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "app/theme.h"
#include "lesson/question_answers.h"
#include "lesson/questions.h"

namespace condlab::app {

/// The learner's state for one question.
struct QuestionState {
    int chosen = -1;       ///< the selected choice (-1: none yet)
    bool revealed = false; ///< confirmed: the answer and the explanation are shown
    bool skipped = false;  ///< revealed without an answer
};

enum class QuestionInput : std::uint8_t {
    Choose,  ///< select choice `index`
    Confirm, ///< reveal, when a choice is selected
    Skip,    ///< reveal without answering
    Retry,   ///< back to unanswered
};

/// Applies one input; returns true when the state changed. Choosing after the reveal does
/// nothing (retry first); a choice index outside 0..count-1 is ignored.
bool apply_question_input(QuestionState& state, QuestionInput input, int index = -1,
                          std::size_t count = 0);

/// While true, everything that would give the answer away stays veiled.
[[nodiscard]] inline bool question_veils(const QuestionState& s) { return !s.revealed; }

/// The learner's choice is the computed answer (false while unrevealed or skipped).
[[nodiscard]] bool question_correct(const lesson::QuestionAnswer& answer,
                                    const QuestionState& state);

/// After the reveal: "Right: ...", "Not quite: the run answers ...", "Skipped: the run
/// answers ..."; empty before it.
[[nodiscard]] std::string question_verdict(const lesson::Question& question,
                                           const lesson::QuestionAnswer& answer,
                                           const QuestionState& state);

/// Draws the question into the current ImGui window: the text, the numbered choices, Confirm
/// and Skip (then the verdict, the explanation and Retry). With `keys`, the number keys
/// choose and Enter confirms. Returns true when the state changed.
bool draw_question_view(const lesson::Question& question, const lesson::QuestionAnswer& answer,
                        QuestionState& state, const Palette& palette, bool keys = true);

} // namespace condlab::app
