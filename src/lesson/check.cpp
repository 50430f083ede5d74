// Goal / expectation evaluation (see check.h).
#include "lesson/check.h"

#include <algorithm>

namespace condlab::lesson {

namespace {

std::string last_part(const std::string& dotted) {
    std::size_t dot = dotted.rfind('.');
    return dot == std::string::npos ? dotted : dotted.substr(dot + 1);
}

} // namespace

bool outcome_matches(const ExpectedOutcome& expected, const RunResult& result) {
    switch (expected.kind) {
    case ExpectedOutcome::Kind::Complete:
        return result.outcome == Outcome::Complete;
    case ExpectedOutcome::Kind::Deadlock:
        return result.outcome == Outcome::Deadlock;
    case ExpectedOutcome::Kind::Budget:
        return result.outcome == Outcome::Budget;
    case ExpectedOutcome::Kind::Exception:
        return result.outcome == Outcome::Exception &&
               last_part(result.exception_type) == last_part(expected.exception_type);
    case ExpectedOutcome::Kind::Output: {
        auto lines = result.stdout_lines();
        return std::find(lines.begin(), lines.end(), expected.line) != lines.end();
    }
    }
    return false;
}

std::string describe_outcome(const RunResult& result) {
    switch (result.outcome) {
    case Outcome::Complete:
        return "complete";
    case Outcome::Exception:
        return "exception";
    case Outcome::Deadlock:
        return "deadlock";
    case Outcome::Budget:
        return "budget";
    case Outcome::SyntaxError:
    case Outcome::UsageError:
        return "status 2";
    }
    return "status 1";
}

ExpectationResult check_expectation(const Lesson& lesson, const Expectation& expectation,
                                    const RunOptions& options, const RunFunction& runner) {
    ExpectationResult out;
    out.expectation = &expectation;
    RunResult r = runner ? runner(lesson, expectation.overrides, options)
                         : run(lesson, expectation.overrides, options);
    const ExpectedOutcome& o = expectation.outcome;
    const std::string got = describe_outcome(r);
    out.ok = outcome_matches(o, r);
    if (out.ok)
        return out;
    switch (o.kind) {
    case ExpectedOutcome::Kind::Output:
        out.message = "no line \"" + o.line + "\" in output (" + got + ")";
        break;
    case ExpectedOutcome::Kind::Exception:
        if (r.outcome != Outcome::Exception)
            out.message = "expected exception " + o.exception_type + ", got " + got;
        else
            out.message =
                "expected exception " + o.exception_type + ", got " + last_part(r.exception_type);
        break;
    default:
        out.message = "expected " + o.describe() + ", got " + got;
        if (!r.summary.empty() && r.outcome != Outcome::Complete)
            out.message += " (" + r.summary + ")";
        break;
    }
    return out;
}

LessonCheck check_lesson(const Lesson& lesson, bool verbose, const RunOptions& options,
                         const RunFunction& runner) {
    LessonCheck c;
    if (!lesson.errors.empty()) {
        c.failed = 1;
        for (const std::string& e : lesson.errors)
            c.messages.push_back("FAIL " + e);
        return c;
    }
    for (const Expectation& e : lesson.expectations) {
        ExpectationResult r = check_expectation(lesson, e, options, runner);
        std::string where = lesson.path + ":" + std::to_string(e.line) + ": " + e.selector;
        if (r.ok) {
            ++c.passed;
            if (verbose)
                c.messages.push_back("ok   " + where);
        } else {
            ++c.failed;
            c.messages.push_back("FAIL " + where + ": " + r.message);
        }
    }
    return c;
}

} // namespace condlab::lesson
