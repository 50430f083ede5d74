#pragma once
// Goals and expectations: does a RunResult show an outcome, and does every `# expect:` of a
// lesson hold? Mirrors tools/lesson_params.py check_expectation() / check_lesson().
#include "lesson/lesson.h"
#include "lesson/runner.h"

#include <string>
#include <vector>

namespace condlab::lesson {

/// True when `result` shows `expected`: complete / deadlock / budget by outcome, exception T
/// when the run raised an exception whose class name is T's last dotted part, output "L"
/// when L is one of the printed lines (whatever the outcome).
bool outcome_matches(const ExpectedOutcome& expected, const RunResult& result);

/// Has the learner reached the goal in this run?
inline bool goal_reached(const Goal& goal, const RunResult& result) {
    return outcome_matches(goal.outcome, result);
}

/// What a run ended in, in expectation words: the outcome table's name (runtime/run_outcome.h):
/// "complete", "deadlock", "budget", "exception", "syntax error", "usage error".
std::string describe_outcome(const RunResult& result);

struct ExpectationResult {
    const Expectation* expectation = nullptr;
    bool ok = false;
    std::string message; // why it failed (empty when ok)
};

/// Runs the lesson with the expectation's overrides and compares.
ExpectationResult check_expectation(const Lesson& lesson, const Expectation& expectation,
                                    const RunOptions& options = {}, const RunFunction& runner = {});

struct LessonCheck {
    int passed = 0;
    int failed = 0;
    /// "FAIL PATH:LINE: SELECTOR: message" (and "ok   PATH:LINE: SELECTOR" when verbose);
    /// a lesson with metadata errors fails once with each error as a line.
    std::vector<std::string> messages;
};

/// Checks every expectation of a lesson, then every question (its marked choice is the answer
/// the run computes: question_answers.h) and every fix goal (the program fails it, the
/// reference fix meets it: fix_goal_check.h).
LessonCheck check_lesson(const Lesson& lesson, bool verbose = false, const RunOptions& options = {},
                         const RunFunction& runner = {});

} // namespace condlab::lesson
