#pragma once
// Runs a lesson (or any Python program) with parameters and budgets: run() -> RunResult.
//
// The source gets its overrides applied (lesson.h), then runs on condlab's runtime through
// the embedded interpreter (python/program_runner.h). Budgets, whichever comes first:
// 1 M executed lines, 100 k loop iterations, 1e6 s of virtual time, 2 s of wall clock; a run
// that hits one ends with Outcome::Budget and "budget exceeded: task X at line L".
#include "lesson/lesson.h"
#include "python/program_runner.h"
#include "trace/analysis.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace condlab::lesson {

/// How a run ended: the one outcome vocabulary (runtime/run_outcome.h).
using Outcome = OutcomeKind;

/// outcome_info(outcome).name: "complete", "exception", "syntax error", "usage error", ...
inline const char* outcome_name(Outcome outcome) noexcept { return outcome_info(outcome).name; }
/// outcome_info(outcome).exit_status: 0 complete, 1 exception, 2 syntax / usage error,
/// 3 deadlock, 4 budget.
inline int exit_status(Outcome outcome) noexcept { return outcome_info(outcome).exit_status; }
struct RunResult;
/// The same for a run, where an exception may end the process with another status, as in
/// CPython: sys.exit(n) / SystemExit(n) -> n, KeyboardInterrupt -> 130, os._exit(n) -> n.
int exit_status(const RunResult& result) noexcept;

struct RunOptions {
    /// Record every executed line as a step + variable snapshots (off for sweeps / benches).
    bool line_trace = true;
    /// Record a Trace at all (off: RunResult::trace stays null, no diagnostics / metrics).
    bool record_trace = true;
    /// Analyse the trace (outcome explanation, diagnostics, metrics).
    bool analyze = true;
    std::uint64_t max_iterations = 100000;
    double max_virtual_time = 1e6;
    double max_wall_seconds = 2.0;
    /// Executed-line budget (lines of the program's own file). Unset: kDefaultMaxLines with
    /// line_trace, none without it (nothing then grows per executed line; the wall-clock and
    /// iteration budgets still guard, and no line counting slows the program down). Set: it
    /// applies either way.
    std::optional<std::uint64_t> max_lines;
    static constexpr std::uint64_t kDefaultMaxLines = 1000000;
    std::size_t max_output_bytes = 1 << 20;
    /// Reuse the lesson's compiled code for parameter variants (python/code_cache.h). Off:
    /// every run compiles its text (the tests compare both).
    bool reuse_compiled = true;
    /// A schedule's timer strategy (lesson/explore_schedule.h), and an extra observer of the
    /// runtime (the explorer's description run). Owned by the caller.
    TimerStrategy* timer_strategy = nullptr;
    Observer* extra_observer = nullptr;
    /// Set from another thread to end the run soon (BudgetKind::Stopped). Owned by the caller.
    const std::atomic<bool>* stop = nullptr;
    /// The process ends after this run: see python::ProgramOptions::process_ends_after.
    bool process_ends_after = false;
};

/// The executed-line budget a run with `options` has (UINT64_MAX: none); see
/// RunOptions::max_lines.
std::uint64_t line_budget(const RunOptions& options) noexcept;

using OutputLine = python::OutputLine;

/// A finding of the trace analysis (lost notify, wasted wake-up, ...), ready to print.
struct RunDiagnostic {
    std::string kind;    // diagnostic_kind_name(), e.g. "lost_notify"
    std::string title;   // diagnostic_title(), e.g. "Lost notify"
    std::string message; // one line of plain words
    std::uint32_t line = 0;
    double time = 0;
    std::string task{};   // the task it is about ("" if none)
    std::string object{}; // the object it is about ("" if none)
    bool note = false;    // worth knowing, not a problem (docs/findings.md)
};

struct RunMetric {
    std::string name;
    double value = 0;
};

/// A run: what the program layer reports (python::ProgramResult: outcome, the exact stdout
/// and stderr, every printed line with its step, the exception or budget, the trace), held
/// as it came, plus what this layer adds: the summary, the analysis, the source that ran.
/// Which tasks were left unfinished (deadlock / budget) is the analysis's to say:
/// analysis->outcome.blocked; a run without analysis knows only how many (unfinished_tasks).
struct RunResult : python::ProgramResult {
    /// One-line summary of the outcome ("deadlock: ...", "budget exceeded: ...", the
    /// exception's last traceback line, or "completed").
    std::string summary;
    /// The trace analysis's explanation in plain words (may span sentences; empty without
    /// a trace), e.g. "Deadlock: consumer waits on cond since t=1 (line 14); ...".
    std::string explanation;
    double wall_seconds = 0;
    /// The trace analysis (when a trace was recorded and RunOptions::analyze is on).
    std::shared_ptr<const Analysis> analysis;
    /// analysis->diagnostics in plain words, ordered by step.
    std::vector<RunDiagnostic> diagnostics;
    /// Every scalar, per-task and per-object metric (metric_names(metrics) order).
    std::vector<RunMetric> metrics;
    /// The program text that ran (overrides applied) and the overrides.
    std::string source;
    Overrides overrides;

    /// stdout split into lines (what an `output "..."` expectation looks for).
    [[nodiscard]] std::vector<std::string> stdout_lines() const;
    /// A metric by name (RunMetric::name); NaN when unknown.
    [[nodiscard]] double metric(std::string_view name) const;
};

/// Runs a parsed lesson with overrides. Never throws for program errors: bad overrides give
/// Outcome::UsageError with the message in stderr_text.
/// Starts the Python interpreter that runs lessons (blocking; see python::start_interpreter).
void start_interpreter();
/// Python's pre-initialisation on the calling thread (see python::preinitialize_interpreter).
void preinitialize_interpreter();

RunResult run(const Lesson& lesson, const Overrides& overrides = {},
              const RunOptions& options = {});

/// Reads `path` and runs it (any Python program, lesson or not). An unreadable file gives
/// Outcome::UsageError.
RunResult run_file(const std::string& path, const Overrides& overrides = {},
                   const RunOptions& options = {});

/// The run function used by the checks (tests substitute a fake).
using RunFunction = std::function<RunResult(const Lesson&, const Overrides&, const RunOptions&)>;

} // namespace condlab::lesson
