// When the player asks a lesson's predict-then-reveal questions (lesson/questions.h): each
// question that belongs to the current setting gets its answer computed from the shown run
// and a playhead position (its anchor); a question not yet answered is due once the
// playhead reaches that position, and while one is due the window veils what gives the
// answer away (learner_gui.cpp). Pure logic, no ImGui.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "app/answer_store.h"
#include "app/player.h"
#include "app/question_view.h"
#include "lesson/question_answers.h"

namespace condlab::app {

struct FlowQuestion {
    std::size_t index = 0;           ///< in lesson.questions
    lesson::QuestionAnswer answer{}; ///< computed from the shown run
    std::size_t limit = 0;           ///< the playhead position where it is asked
    QuestionState state{};
    bool reached = false; ///< the playhead was at its position (stepping back keeps it due)
};

/// Whether a question's setting (`in SELECTOR`) is the player's: the same parameter values
/// (a value equal to the file's default counts as not set).
[[nodiscard]] bool question_applies(const lesson::Lesson& lesson, const lesson::Question& q,
                                    const lesson::Overrides& current);

class QuestionFlow {
  public:
    /// Recomputes the questions when the player shows another run (states are kept by
    /// question; a new program reads them from `store`). True when it recomputed.
    bool sync(const Player& player, const AnswerStore& store, std::string_view lesson_id);
    /// The first unrevealed question whose position the playhead has reached (now or
    /// before, in this run), or null.
    [[nodiscard]] FlowQuestion* due(const Player& player);
    /// The question to show: the due one, else a revealed one asked exactly at the
    /// playhead; null when none.
    [[nodiscard]] FlowQuestion* shown(const Player& player);
    /// Stores a question's state (revealed: its answer; else: forgets it).
    static void remember(AnswerStore& store, std::string_view lesson_id, const FlowQuestion& q);
    [[nodiscard]] const std::vector<FlowQuestion>& questions() const { return m_questions; }

  private:
    std::vector<FlowQuestion> m_questions;
    int m_run = -1;
    const lesson::Lesson* m_lesson = nullptr;
};

} // namespace condlab::app
