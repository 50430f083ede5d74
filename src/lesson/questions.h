#pragma once
// Predict-then-reveal questions of a lesson (lessons/README.md, "Questions"): the model and
// its parser. A question is a block of `# predict:` comment lines:
//
//   # predict: [in SELECTOR] at ANCHOR ask ANSWER | QUESTION
//   # predict: choices CHOICE | *CHOICE | CHOICE      (* marks the expected choice)
//   # predict: reveal EXPLANATION                      (one or more lines, one paragraph)
//
// The answer is never the author's word alone: question_answers.h computes it from the run
// and `condlab check` fails when the marked choice disagrees.
#include "lesson/python_syntax.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace condlab::lesson {

struct Lesson;

/// Where in the run a question is asked. Never a step number (steps move when the program or
/// a default changes): the start, the end, the first time a task executes a line, or the
/// first event of a kind.
struct QuestionAnchor {
    enum class Kind : std::uint8_t {
        Start, // before the run (step 1)
        End,   // the end of the run (the last step)
        Line,  // the first time a task (any, or `by TASK`) executes a line
        Event, // the first event of a kind (`first notify [on OBJECT] [by TASK]`)
    };
    Kind kind = Kind::Start;
    std::uint32_t line = 0; // Line: the line (resolved from the text when written as text)
    std::string line_text;  // Line: the text that names the line, when written `line "..."`
    std::string event;      // Event: one of question_event_names()
    std::string object;     // Event: `on OBJECT` (a trace object name, "" = any)
    std::string task;       // Line / Event: `by TASK` ("" = any task)
    /// As written: `start`, `line 14 by c1`, `first notify on cond`.
    [[nodiscard]] std::string describe() const;
};

/// What a question asks; question_answers.h computes it from a run.
struct AnswerSpec {
    enum class Kind : std::uint8_t {
        Outcome,    // `outcome`: complete / deadlock / budget / exception TYPE
        NextTask,   // `next task`: the task of the next task step after the anchor
        NextHolder, // `next holder LOCK`: the task that takes the lock next (a Condition: its lock)
        Woken,      // `woken`: the tasks the first notify at or after the anchor wakes
        NextOutput, // `next output`: the next printed line
        Metric,     // `metric NAME`: a metric of the whole run (condlab run --trace-json names)
        Time,  // `time [first] EVENT [on OBJECT] [by TASK]`: virtual time of the next such event
        Blame, // `blame exception` | `blame finding KIND` | `blame stuck TASK`: a line
    };
    /// A yes/no question: the answer above compared with `value` (`ANSWER is VALUE`) or, for
    /// Woken, whether it names a task (`woken includes TASK`).
    enum class Test : std::uint8_t { None, Is, Includes };

    Kind kind = Kind::Outcome;
    std::string object;       // NextHolder: the lock (or condition)
    std::string metric;       // Metric
    QuestionAnchor event;     // Time: the event looked for (kind Event)
    std::string blame;        // Blame: "exception", "finding" or "stuck"
    std::string blame_target; // Blame: the finding kind or the task
    Test test = Test::None;
    std::string test_value; // Is / Includes: the value as written (a choice's syntax)
    /// As written: `woken includes w2`, `metric wasted_wakeups`, `blame stuck c1`.
    [[nodiscard]] std::string describe() const;
    [[nodiscard]] bool yes_no() const noexcept { return test != Test::None; }
};

struct Question {
    std::string selector{"default"}; // `in SELECTOR`: "default", a preset, or NAME=VALUE ...
    std::vector<std::pair<std::string, std::string>> overrides{}; // the selector resolved
    QuestionAnchor anchor;
    AnswerSpec answer;
    std::string text;                 // the question shown to the learner
    std::vector<std::string> choices; // as written, without the * mark
    int expected = -1;                // index of the marked choice
    std::string explanation;          // the reveal paragraph (lines joined with spaces)
    std::uint32_t line = 0;           // its first `# predict:` line
};

/// The event words an anchor or a `time` answer may name: notify, notify_all, wait, acquire,
/// release, set, put, get, cancel, exception, print, done, stuck.
const std::vector<std::string>& question_event_names();

/// Splits `text` at whitespace; a double-quoted part (with \" and \\ escapes) belongs to
/// its word and keeps its quotes: `line "a b" by c1` -> line, "a b", by, c1.
std::vector<std::string> question_words(std::string_view text);

/// `"a \"b\""` -> `a "b"` (a quoted choice or line text). Throws std::invalid_argument for a
/// word that is not one double-quoted text.
std::string unquote(std::string_view word);
/// The inverse: `a "b"` -> `"a \"b\""`.
std::string quote(std::string_view text);

/// Parses the text after `# predict:` of a question's first line
/// (`[in SELECTOR] at ANCHOR ask ANSWER | QUESTION`). Throws std::invalid_argument.
Question parse_question_line(std::string_view text);

/// Checks that `choice` is written as the answer's kind expects (an outcome, a task name or
/// `nobody`, task names joined with `,`, a quoted line or `nothing`, a number, `line N` or a
/// quoted line text, `yes` / `no`). Throws std::invalid_argument.
void validate_choice(const AnswerSpec& answer, std::string_view choice);

/// The line of `source` whose text contains `text` (1-based). Throws std::invalid_argument
/// when no line or more than one line contains it.
std::uint32_t find_source_line(std::string_view source, std::string_view text);

/// Reads every `# predict:` block of a lesson into lesson.questions, resolving selectors and
/// line texts; malformed lines go to lesson.errors as "PATH:LINE: message".
void parse_questions(Lesson& lesson, const std::vector<Comment>& comments);

} // namespace condlab::lesson
