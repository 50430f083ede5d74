// run(): overrides, budgets, the embedded interpreter, and the result summary.
#include "lesson/runner.h"

#include "trace/event_scan.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

namespace condlab::lesson {

std::uint64_t line_budget(const RunOptions& o) noexcept {
    if (o.max_lines)
        return *o.max_lines;
    return o.line_trace ? RunOptions::kDefaultMaxLines : std::numeric_limits<std::uint64_t>::max();
}

int exit_status(const RunResult& result) noexcept {
    if (result.outcome == Outcome::Exception && result.exit_code)
        return *result.exit_code;
    return exit_status(result.outcome);
}

std::vector<std::string> RunResult::stdout_lines() const {
    // str.splitlines() on what print() writes (\n only; \r is normalised by our own reading)
    std::vector<std::string> lines;
    std::size_t start = 0;
    const std::string& s = stdout_text;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\n' || s[i] == '\r') {
            lines.push_back(s.substr(start, i - start));
            if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n')
                ++i;
            start = i + 1;
        }
    }
    if (start < s.size())
        lines.push_back(s.substr(start));
    return lines;
}

double RunResult::metric(std::string_view name) const {
    for (const RunMetric& m : metrics)
        if (m.name == name)
            return m.value;
    return std::nan("");
}

namespace {

std::string format_number(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

std::string budget_description(BudgetKind kind, const RunOptions& o) {
    switch (kind) {
    case BudgetKind::Iterations:
        return std::to_string(o.max_iterations) + " loop iterations";
    case BudgetKind::VirtualTime:
        return format_number(o.max_virtual_time) + " s of virtual time";
    case BudgetKind::WallClock:
        return format_number(o.max_wall_seconds) + " s of wall-clock time";
    case BudgetKind::Lines:
        return std::to_string(line_budget(o)) + " executed lines";
    case BudgetKind::Output:
        return std::to_string(o.max_output_bytes) + " bytes of output";
    case BudgetKind::Stopped:
        return "the Stop button";
    case BudgetKind::None:
        break;
    }
    return "a limit";
}

std::string last_nonempty_line(const std::string& text) {
    std::istringstream ss(text);
    std::string line, last;
    while (std::getline(ss, line))
        if (!line.empty())
            last = line;
    return last;
}

void summarize(RunResult& r, const RunOptions& options) {
    switch (r.outcome) {
    case Outcome::Complete:
        r.summary = "completed";
        break;
    case Outcome::Exception:
    case Outcome::SyntaxError:
        if (r.exception_type == "os._exit") {
            r.summary = "os._exit(" + r.exception_message + ") ended the program (exit status " +
                        std::to_string(exit_status(r)) + ")";
            break;
        }
        r.summary = last_nonempty_line(r.stderr_text);
        if (r.summary.empty() || r.exception_type == "SystemExit")
            r.summary =
                r.exception_type + (r.exception_message.empty() ? "" : ": ") + r.exception_message;
        if (r.exit_code)
            r.summary += " (exit status " + std::to_string(*r.exit_code) + ")";
        break;
    case Outcome::UsageError:
        r.summary = last_nonempty_line(r.stderr_text);
        break;
    case Outcome::Deadlock: {
        std::string s =
            "deadlock: nothing ready and no timer pending at t=" + format_number(r.time);
        std::vector<std::string> names;
        if (r.analysis && r.trace)
            for (const auto& b : r.analysis->outcome.blocked)
                names.push_back(r.trace->task_name(b.task));
        if (!names.empty()) {
            s += " (";
            for (std::size_t i = 0; i < names.size(); ++i)
                s += (i ? ", " : "") + names[i];
            s += names.size() == 1 ? " waits forever)" : " wait forever)";
        } else if (r.unfinished_tasks) { // no analysis: how many, not which
            s += " (" + std::to_string(r.unfinished_tasks) +
                 (r.unfinished_tasks == 1 ? " task waits forever)" : " tasks wait forever)");
        }
        r.summary = s;
        break;
    }
    case Outcome::Budget: {
        if (r.budget == BudgetKind::Stopped) { // not a limit: the learner's Stop
            r.summary = budget_name(r.budget);
            if (!r.budget_task.empty())
                r.summary += ": task " + r.budget_task +
                             (r.budget_line ? " at line " + std::to_string(r.budget_line) : "");
            break;
        }
        std::string s = "budget exceeded: ";
        if (!r.budget_task.empty()) {
            s += "task " + r.budget_task;
            if (r.budget_line)
                s += " at line " + std::to_string(r.budget_line);
            s += " (limit: " + budget_description(r.budget, options) + ")";
        } else {
            s += budget_description(r.budget, options) + " (no task running)";
        }
        r.summary = s;
        break;
    }
    }
}

/// The overrides as literals of the lesson's own text (false if one is not a known parameter).
bool make_variant(const Lesson& lesson, const Overrides& overrides, python::SourceVariant& out) {
    out.base_source = lesson.source;
    for (const auto& [name, value] : overrides) {
        // Captured by name: clang 14 (tools/lint.sh) cannot capture a structured binding.
        auto p = std::find_if(lesson.params.begin(), lesson.params.end(),
                              [&name = name](const Param& q) { return q.name == name; });
        if (p == lesson.params.end())
            return false;
        out.literals.push_back({name, p->line, value});
    }
    return true;
}

/// A run that used up the wall-clock budget has no time left: the analysis of a flood of
/// tasks (1 M create_task calls) would take about as long again, so such a run keeps its
/// trace and summary without one (its unfinished tasks: unfinished_tasks).
constexpr std::size_t kMaxTasksAnalysedAfterWallBudget = 10000;

bool worth_analysing(const RunResult& r) {
    return r.budget != BudgetKind::WallClock ||
           r.trace->tasks().size() <= kMaxTasksAnalysedAfterWallBudget;
}

void analyze_trace(RunResult& r, EventScan& scan) {
    const Trace& trace = *r.trace;
    auto analysis = std::make_shared<Analysis>(analyze(trace, &scan));
    r.explanation = analysis->outcome.summary;
    const auto steps = trace.steps();
    for (const Diagnostic& d : analysis->diagnostics) {
        RunDiagnostic rd;
        rd.kind = diagnostic_kind_name(d.kind);
        rd.title = diagnostic_title(d.kind);
        rd.message = d.message;
        rd.note = d.note;
        rd.line = trace.line(d.where);
        rd.time = d.step < steps.size() ? steps[d.step].time : r.time;
        if (d.task != kNoTask)
            rd.task = trace.task_name(d.task);
        if (d.object != kNoObject)
            rd.object = trace.object_name(d.object);
        r.diagnostics.push_back(std::move(rd));
    }
    for (NamedMetric& m : named_metrics(analysis->metrics))
        r.metrics.push_back(RunMetric{std::move(m.name), m.value});
    r.analysis = std::move(analysis);
}

} // namespace

void start_interpreter() { python::start_interpreter(); }
void preinitialize_interpreter() { python::preinitialize_interpreter(); }

RunResult run(const Lesson& lesson, const Overrides& overrides, const RunOptions& options) {
    const auto t0 = std::chrono::steady_clock::now();
    RunResult r;
    r.overrides = overrides;
    try {
        r.source = apply_overrides(lesson.source, overrides);
    } catch (const ParameterError& e) {
        r.outcome = Outcome::UsageError;
        if (e.kind() == ParameterError::Kind::UnknownName)
            r.stderr_text = lesson.path + ": --set " + e.name() + ": unknown parameter " +
                            py_repr(e.name()) + " (no top-level '" + e.name() + " = <literal>')\n";
        else
            r.stderr_text = lesson.path + ": --set: " + e.what() + "\n";
        summarize(r, options);
        return r;
    }

    python::ProgramOptions po;
    po.line_trace = options.line_trace;
    po.record_trace = options.record_trace;
    po.budget = Budget{options.max_iterations, options.max_virtual_time, options.max_wall_seconds,
                       options.stop};
    po.max_lines = line_budget(options);
    // Without line steps and without a line budget nothing needs CPython's trace function
    // (it slows Python code down by about a third); the wall budget then has a watchdog.
    po.count_lines =
        options.line_trace || po.max_lines != std::numeric_limits<std::uint64_t>::max();
    po.max_output_bytes = options.max_output_bytes;
    po.while_loops = lesson.while_loops;
    po.timer_strategy = options.timer_strategy;
    po.extra_observer = options.extra_observer;
    po.process_ends_after = options.process_ends_after;
    // Fed with the events while the program runs: at the end little is left to analyze.
    EventScan scan;
    if (options.analyze)
        po.event_scan = &scan;
    python::SourceVariant variant;
    if (options.reuse_compiled && make_variant(lesson, overrides, variant))
        po.variant = &variant;
    static_cast<python::ProgramResult&>(r) = python::run_program(lesson.path, r.source, po);
    if (r.trace && options.analyze && worth_analysing(r))
        analyze_trace(r, scan);
    summarize(r, options);
    r.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return r;
}

RunResult run_file(const std::string& path, const Overrides& overrides, const RunOptions& options) {
    Lesson lesson;
    try {
        lesson = load_lesson(path);
    } catch (const std::exception& e) {
        RunResult r;
        r.outcome = Outcome::UsageError;
        r.overrides = overrides;
        r.stderr_text = std::string(e.what()) + "\n";
        r.summary = e.what();
        return r;
    }
    return run(lesson, overrides, options);
}

} // namespace condlab::lesson
