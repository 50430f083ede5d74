// Goal / expectation evaluation (see check.h).
#include "lesson/check.h"

#include "lesson/fix_goal_check.h"
#include "lesson/question_answers.h"

#include <algorithm>
#include <cmath>

namespace condlab::lesson {

namespace {

std::string last_part(const std::string& dotted) {
    std::size_t dot = dotted.rfind('.');
    return dot == std::string::npos ? dotted : dotted.substr(dot + 1);
}

bool metric_matches(const ExpectedOutcome& expected, double got) {
    if (std::isnan(got))
        return false;
    if (expected.exact)
        return got == expected.value;
    return std::abs(got - expected.value) <=
           ExpectedOutcome::kMetricTolerance * std::max(1.0, std::abs(expected.value));
}

std::size_t count_findings(const RunResult& result, const std::string& kind) {
    return static_cast<std::size_t>(
        std::count_if(result.diagnostics.begin(), result.diagnostics.end(),
                      [&](const RunDiagnostic& d) { return d.kind == kind; }));
}

std::string format_number(double v) {
    if (std::isnan(v))
        return "nan";
    if (v == std::floor(v) && std::abs(v) < 1e15)
        return std::to_string(static_cast<long long>(v));
    return python_float_repr(v);
}

// The findings of a run, "lost_notify x2, wasted_wakeup" (or "none").
std::string findings_summary(const RunResult& result) {
    std::vector<std::pair<std::string, int>> counts;
    for (const RunDiagnostic& d : result.diagnostics) {
        auto it = std::find_if(counts.begin(), counts.end(),
                               [&](const auto& c) { return c.first == d.kind; });
        if (it == counts.end())
            counts.emplace_back(d.kind, 1);
        else
            ++it->second;
    }
    std::string out;
    for (const auto& [kind, n] : counts)
        out += (out.empty() ? "" : ", ") + kind + (n > 1 ? " x" + std::to_string(n) : "");
    return out.empty() ? "none" : out;
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
    case ExpectedOutcome::Kind::Metric:
        return result.analysis != nullptr &&
               metric_matches(expected, result.metric(expected.metric));
    case ExpectedOutcome::Kind::Finding:
        return result.analysis != nullptr && count_findings(result, expected.finding) > 0;
    case ExpectedOutcome::Kind::NoFinding:
        return result.analysis != nullptr && count_findings(result, expected.finding) == 0;
    }
    return false;
}

std::string describe_outcome(const RunResult& result) { return outcome_info(result.outcome).name; }

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
    const bool analysed = r.analysis != nullptr;
    switch (o.kind) {
    case ExpectedOutcome::Kind::Output:
        out.message = "no line \"" + o.line + "\" in output (" + got + ")";
        break;
    case ExpectedOutcome::Kind::Metric:
        if (!analysed)
            out.message = "no metrics: the run was not analysed (" + got + ")";
        else if (std::isnan(r.metric(o.metric)))
            out.message = "no metric " + o.metric + " in this run (" + got + ")";
        else
            out.message = "metric " + o.metric + " is " + format_number(r.metric(o.metric)) +
                          ", expected " + o.value_text + " (" + got + ")";
        break;
    case ExpectedOutcome::Kind::Finding:
        out.message = analysed ? "expected a " + o.finding + " finding, got " +
                                     findings_summary(r) + " (" + got + ")"
                               : "no findings: the run was not analysed (" + got + ")";
        break;
    case ExpectedOutcome::Kind::NoFinding:
        if (!analysed) {
            out.message = "no findings: the run was not analysed (" + got + ")";
        } else {
            auto first = std::find_if(r.diagnostics.begin(), r.diagnostics.end(),
                                      [&](const RunDiagnostic& d) { return d.kind == o.finding; });
            out.message = "expected no " + o.finding + " finding, got " +
                          std::to_string(count_findings(r, o.finding)) +
                          ", first: " + first->message;
        }
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
    auto report = [&](std::uint32_t line, const std::string& what, bool ok,
                      const std::string& message) {
        const std::string where = lesson.path + ":" + std::to_string(line) + ": " + what;
        ++(ok ? c.passed : c.failed);
        if (!ok)
            c.messages.push_back("FAIL " + where + ": " + message);
        else if (verbose)
            c.messages.push_back("ok   " + where + (message.empty() ? "" : ": " + message));
    };
    for (const Question& q : lesson.questions) {
        const QuestionCheck r = check_question(lesson, q, options, runner);
        report(q.line, "predict", r.ok,
               r.ok ? q.answer.describe() + " = " + r.answer.answer : r.message);
    }
    for (const FixGoal& g : lesson.fix_goals) {
        const FixGoalVerification v = verify_fix_goal(lesson, g, runner);
        report(g.line, "fix goal", v.ok, v.message);
    }
    for (const ScheduleGoal& g : lesson.schedule_goals) {
        const ScheduleGoalVerification v = verify_schedule_goal(lesson, g);
        report(g.line, "event-loop goal", v.ok, v.message);
    }
    return c;
}

} // namespace condlab::lesson
