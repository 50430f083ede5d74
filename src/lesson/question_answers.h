#pragma once
// The answer to a question (questions.h), computed from a run: its trace and the trace
// analysis. This is what the window shows on reveal and what `condlab check` compares with
// the author's marked choice, so a question can never lie.
#include "lesson/lesson.h"
#include "lesson/questions.h"
#include "lesson/runner.h"
#include "trace/trace.h"

#include <string>

namespace condlab::lesson {

struct QuestionAnswer {
    /// The anchor was found and the answer computed (else `error` says why, e.g. "c1 never
    /// executes line 14"; no notify after a `next holder` anchor is no error: it answers "nobody").
    bool ok = false;
    std::string error;
    /// Where the question is asked: the step the playhead stops at (StepId, from 0) and the
    /// anchor's event (kNoEvent for `start`, `end` and `first stuck`). Everything after the
    /// anchor is what the learner predicts.
    StepId anchor_step = 0;
    EventId anchor_event = kNoEvent;
    /// The computed answer in choice syntax: `exception IndexError`, `w1`, `w1, w2`,
    /// `nobody`, `"0.0 alice done"`, `nothing`, `3`, `2.5`, `line 14`, `yes`.
    std::string answer;
    /// The choice that matches the answer (-1 when none does).
    int choice = -1;
    /// The marked choice is the computed one.
    [[nodiscard]] bool agrees(const Question& q) const { return ok && choice == q.expected; }
};

/// Computes a question's answer from a run of the question's setting. Line anchors need a
/// run with line tracing (RunOptions::line_trace, the default); every answer but `outcome`
/// and `next output` needs a trace and its analysis.
QuestionAnswer compute_answer(const Question& question, const RunResult& result);

/// Does `choice` (written as in `# predict: choices`) match the answer? Blame choices written
/// as a quoted line text are found in `source` (the program that ran).
bool choice_matches(const AnswerSpec& answer, const std::string& choice,
                    const QuestionAnswer& computed, std::string_view source);

struct QuestionCheck {
    bool ok = false;
    std::string message; // why it failed (empty when ok)
    QuestionAnswer answer;
};

/// Runs the question's setting and checks that the marked choice is the computed answer.
QuestionCheck check_question(const Lesson& lesson, const Question& question,
                             const RunOptions& options = {}, const RunFunction& runner = {});

} // namespace condlab::lesson
