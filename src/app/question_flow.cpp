// When questions are due (question_flow.h).
#include "app/question_flow.h"

#include <map>

namespace condlab::app {

namespace {

// Name -> value of the settings that differ from the file's defaults.
std::map<std::string, std::string> changed_values(const lesson::Lesson& lesson,
                                                  const lesson::Overrides& values) {
    std::map<std::string, std::string> out;
    for (const auto& [name, value] : values) {
        const lesson::Param* p = lesson.find_literal(name);
        if (p == nullptr || p->text != value)
            out[name] = value;
    }
    return out;
}

} // namespace

bool question_applies(const lesson::Lesson& lesson, const lesson::Question& q,
                      const lesson::Overrides& current) {
    return changed_values(lesson, q.overrides) == changed_values(lesson, current);
}

bool QuestionFlow::sync(const Player& player, const AnswerStore& store,
                        std::string_view lesson_id) {
    const lesson::Lesson* l = player.lesson();
    const lesson::RunResult* r = player.result();
    if (l == nullptr || r == nullptr || player.trace() == nullptr) {
        const bool had = !m_questions.empty();
        m_questions.clear();
        m_lesson = l;
        return had;
    }
    if (player.run_count() == m_run && l == m_lesson)
        return false;
    std::map<std::size_t, std::pair<QuestionState, bool>> kept;
    if (l == m_lesson)
        for (const FlowQuestion& q : m_questions)
            kept[q.index] = {q.state, q.reached};
    m_run = player.run_count();
    m_lesson = l;
    m_questions.clear();
    for (std::size_t i = 0; i < l->questions.size(); ++i) {
        const lesson::Question& q = l->questions[i];
        if (!question_applies(*l, q, player.overrides()))
            continue;
        FlowQuestion f;
        f.index = i;
        f.answer = lesson::compute_answer(q, *r);
        if (!f.answer.ok)
            continue; // the anchor is not in this run (an edited program): nothing to ask
        f.limit = q.anchor.kind == lesson::QuestionAnchor::Kind::Start
                      ? 0
                      : player.step_end_position(f.answer.anchor_step);
        if (const auto it = kept.find(i); it != kept.end()) {
            f.state = it->second.first;
            f.reached = it->second.second;
        } else if (const auto stored = store.get(lesson_id, i)) {
            f.state.revealed = true;
            f.state.skipped = stored->skipped;
            f.state.chosen = stored->chosen;
        }
        m_questions.push_back(std::move(f));
    }
    return true;
}

FlowQuestion* QuestionFlow::due(const Player& player) {
    for (FlowQuestion& q : m_questions) {
        if (!q.state.revealed && (q.reached || q.limit <= player.position_index())) {
            q.reached = true;
            return &q;
        }
    }
    return nullptr;
}

FlowQuestion* QuestionFlow::shown(const Player& player) {
    if (FlowQuestion* d = due(player))
        return d;
    for (FlowQuestion& q : m_questions)
        if (q.limit == player.position_index())
            return &q;
    return nullptr;
}

void QuestionFlow::remember(AnswerStore& store, std::string_view lesson_id, const FlowQuestion& q) {
    if (lesson_id.empty())
        return; // not a shipped lesson: nothing to key the answer by
    if (!q.state.revealed) {
        store.erase(lesson_id, q.index);
    } else {
        store.put(lesson_id, q.index,
                  {q.state.chosen, question_correct(q.answer, q.state), q.state.skipped});
    }
    store.save();
}

} // namespace condlab::app
