#pragma once
// Runs a complete Python 3.11 program on condlab's runtime: the entry point of src/python.
//
// While the program runs, `import asyncio` yields condlab's module (src/python/asyncio_module.cpp),
// whose loop, tasks, futures and primitives are the C++ runtime's. The interpreter is started
// once per process and shared; run_program() may be called from several threads (calls are
// serialized on the GIL, one run at a time per process).
#include "python/source_variant.h"
#include "python/while_loop.h"
#include "runtime/loop.h"
#include "runtime/observer.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace condlab {
class Trace;     // src/trace
class EventScan; // src/trace
} // namespace condlab

namespace condlab::python {

/// Sources up to this size are compiled. CPython's compiler cannot be interrupted and its time
/// grows faster than the source (a 0.5 MB module takes seconds), so a bigger program would
/// run past the wall-clock budget before its first line: it is refused before compiling.
constexpr std::size_t kMaxSourceBytes = 256 * 1024;

struct ProgramOptions {
    /// Record every executed line of the program + per-step variable snapshots (off for sweeps).
    bool line_trace = true;
    /// Loop iterations, virtual seconds, wall-clock seconds.
    Budget budget{100000, 1e6, 2.0};
    /// Executed-line budget (lines of the program's own file; counted even when line_trace is
    /// off, unless count_lines is off too).
    std::uint64_t max_lines = 1000000;
    /// Count executed lines (and enforce max_lines) even without line_trace. Counting needs
    /// CPython's C-level trace function, which slows Python code down by about a third; with
    /// both line_trace and count_lines off, no trace function is installed, max_lines is not
    /// enforced (ProgramResult::lines stays 0) and a watchdog thread enforces the wall-clock
    /// budget by raising the abort exception asynchronously in the running thread.
    bool count_lines = true;
    /// Cap on stdout + stderr bytes (print floods end the run with BudgetKind::Output).
    std::size_t max_output_bytes = 1 << 20;
    /// Record a Trace (src/trace's Recorder). Off: ProgramResult::trace stays null.
    bool record_trace = true;
    /// With record_trace: a scan the recorder's worker feeds with the events while the program
    /// runs (BackgroundRecorder::feed_while_recording), for analyze(trace, scan) to finish.
    /// Owned by the caller; must outlive run_program().
    EventScan* event_scan = nullptr;
    /// Optional extra observer of the runtime (tests); called after the recorder.
    Observer* extra_observer = nullptr;
    /// Optional timer strategy installed on the run's loop (runtime/timer_strategy.h): a
    /// schedule's substituted durations. Owned by the caller; must outlive run_program().
    TimerStrategy* timer_strategy = nullptr;
    /// When `source` is a parameter variant of another text, that text and the literals that
    /// differ: its compiled code is reused (see code_cache.h). Null: `source` is compiled.
    const SourceVariant* variant = nullptr;
    /// The program file's `while` loops (lesson/predicate_loops.h): which bare wait() calls
    /// a predicate loop guards. Empty: none is (every bare wait() is unguarded).
    std::vector<WhileLoop> while_loops{};
    /// The process ends after this run (`condlab run`): a run stopped by a budget then skips
    /// its teardown and leaves its objects to the OS, which frees them at once. Freeing a
    /// million tasks one by one (and collecting their Python wrappers) took about 0.5 s past
    /// the budget the learner was promised. Program code is never run again in the process.
    bool process_ends_after = false;
};

/// One printed line (stdout or stderr), with the step and virtual time it was printed at.
struct OutputLine {
    std::string text; // without the trailing newline
    bool is_stderr = false;
    std::uint64_t step = 0; // trace step (0 when no trace is recorded)
    double time = 0;        // virtual time
};

struct ProgramResult {
    /// Complete, Exception, SyntaxError, Deadlock or Budget (runtime/run_outcome.h).
    using Status = OutcomeKind;
    Status outcome = Status::Complete;
    /// Exactly what python3 would print (stderr includes the traceback / warnings).
    std::string stdout_text, stderr_text;
    /// Printed lines with step and virtual time.
    std::vector<OutputLine> output;
    /// Exception: the status CPython's process ends with when it is not 1: SystemExit(n) ->
    /// n & 0xff, KeyboardInterrupt -> 130 (CPython dies of SIGINT: a shell shows 130),
    /// os._exit(n) -> n & 0xff (exception_type "os._exit": condlab ended the run there).
    std::optional<int> exit_code;
    /// For Exception / SyntaxError: the Python class name and str() of the exception.
    std::string exception_type, exception_message;
    /// Lesson line of the error (innermost frame in the program's file); SyntaxError: line and
    /// column (1-based offset) as CPython reports them.
    std::uint32_t error_line = 0, error_column = 0;
    /// For Budget: which budget, the task that was running (or empty) and its line.
    BudgetKind budget = BudgetKind::None;
    std::string budget_task;
    std::uint32_t budget_line = 0;
    /// Deadlock / Budget: how many tasks were left unfinished (the runtime's own count). Which
    /// tasks and what they wait on is the trace analysis's to say (trace/analysis.h).
    std::size_t unfinished_tasks = 0;
    /// Loop iterations run and final virtual time.
    std::uint64_t iterations = 0;
    double time = 0;
    /// Executed lines of the program's file.
    std::uint64_t lines = 0;
    /// The recorded trace (null when record_trace is off or src/trace is not built in).
    std::shared_ptr<const Trace> trace;
};

/// Process exit status for a result, as `condlab run` and tools/reference_harness.py use it:
/// 0 completed, 1 exception (or its exit_code), 2 syntax error, 3 deadlock, 4 budget.
int exit_status(const ProgramResult& result) noexcept;

/// Runs `source` (a complete Python program, normally ending in asyncio.run(main())) as
/// __main__ from file `path` (the name shown in tracebacks and SourceLocs). Thread-safe.
ProgramResult run_program(const std::string& path, const std::string& source,
                          const ProgramOptions& options = {});

/// Starts the embedded interpreter now (it otherwise starts with the first run). Blocking and
/// thread-safe: a window calls it on a thread of its own while it opens.
void start_interpreter();

/// Python's pre-initialisation, on the calling thread (interpreter.h): a window calls it
/// before start_interpreter() runs on a thread of its own.
void preinitialize_interpreter();

} // namespace condlab::python
