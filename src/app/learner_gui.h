// The learner's part of the player window: predict-then-reveal questions (the veil over
// what gives the answer away), edit mode in the code view, watching the opened file, and
// the answered/correct marks in the lesson list. Installed on top of install_player()'s
// hooks: each wrapped hook draws its usual panel unless a question veils it.
#pragma once

#include <string>

#include "app/answer_store.h"
#include "app/code_editor.h"
#include "app/file_watch.h"
#include "app/fix_goal_view.h"
#include "app/question_flow.h"

namespace condlab::app {

class Shell;
struct PlayerGui;

struct LearnerGui {
    AnswerStore answers;
    QuestionFlow flow;
    CodeEditor editor;
    FileWatch watch;
    FixGoalPanel fix;
    bool check_fix_goals = true; ///< off: no background fix-goal check (tests)
    bool ask_questions = true;   ///< off: no question is asked (tests of the bare player)
    bool veiled = false;         ///< a question is due this frame
    int reloads = 0;             ///< file changes on disk followed (tests)
    double clock = 0.0;          ///< seconds, for the typing pause (tests may set it)
    bool own_clock = false;      ///< tests drive `clock` themselves
};

/// Wraps `shell`'s panel hooks (call after install_player's hooks are set) and reads the
/// stored answers.
void install_learner(Shell& shell, PlayerGui& gui);
/// The learner's state for the X-event tests' state report (key=value lines).
[[nodiscard]] std::string describe_learner(const Shell& shell, const PlayerGui& gui);
/// Per frame, after player_frame's work: file watch, the typing pause, due questions.
void learner_frame(Shell& shell, PlayerGui& gui);

} // namespace condlab::app
