// The learner's part of the player window: predict-then-reveal questions (the veil over
// what gives the answer away), edit mode in the code view, watching the opened file, and
// the answered/correct marks in the lesson list. The player's content (player_content.h)
// draws these pieces and veils its panels while a question is due.
#pragma once

#include <filesystem>
#include <string>

#include "app/answer_store.h"
#include "app/code_editor.h"
#include "app/file_watch.h"
#include "app/fix_goal_view.h"
#include "app/question_flow.h"

namespace condlab::app {

class Shell;
struct PlayerGui;
struct LessonEntry;

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

/// Creates the learner's state on `gui` and reads the stored answers.
void install_learner(PlayerGui& gui);
/// Is a question due (the panels that would give its answer away are veiled)?
[[nodiscard]] bool learner_veiled(const PlayerGui& gui);
/// The question above the code while it is due or just revealed (or the invitations).
void draw_question_panel(Shell& shell, PlayerGui& gui);
/// The fix goal's status line and its window of cells.
void draw_fix(Shell& shell, PlayerGui& gui);
/// What a veiled panel shows instead of its content.
void draw_veil_note(const Shell& shell);
/// The due question's anchor event (what follows it is the answer): the output stops there.
/// kNoEvent when none is due or the anchor has no event (`start`, `end`, `first stuck`).
[[nodiscard]] EventId learner_output_limit(PlayerGui& gui);
/// The timeline while the due question veils it.
void draw_learner_veiled_timeline(Shell& shell, PlayerGui& gui);
/// Edit mode or the kept edit in the code panel: false when the shell's code view is wanted.
bool draw_learner_code(Shell& shell, PlayerGui& gui);
/// "2/3" (questions right of answered) after a lesson in the list; "" when none answered.
[[nodiscard]] std::string answer_badge(const PlayerGui& gui, const LessonEntry& lesson);
/// Opens `path` in the editor (with its kept edit) and watches it on disk.
void open_in_editor(Shell& shell, PlayerGui& gui, const std::filesystem::path& path);
/// The learner's state for the X-event tests' state report (key=value lines).
[[nodiscard]] std::string describe_learner(const Shell& shell, const PlayerGui& gui);
/// Per frame, after player_frame's work: file watch, the typing pause, due questions.
void learner_frame(Shell& shell, PlayerGui& gui);

} // namespace condlab::app
