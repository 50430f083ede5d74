#pragma once
// Analysis of a Trace: outcome (with a plain-language explanation), diagnostics
// pinned to steps, metrics. Pure functions of the trace.
#include "trace/trace.h"

#include <string>
#include <string_view>
#include <vector>

namespace condlab {

// ---------------------------------------------------------------------------
// Outcome
// ---------------------------------------------------------------------------

/// How a traced run ended (an OutcomeKind, from the outcome table) and why, in words.
struct OutcomeReport {
    /// Complete, Exception, Deadlock or Budget (a trace has no syntax or usage error).
    using Kind = OutcomeKind;
    Kind kind = Kind::Complete;
    /// One or more sentences in plain words ("Completed at t=2 after 9 iterations.",
    /// "Deadlock: consumer#1 waits on cond since t=1.5 (line 14); nothing can wake it: ...").
    std::string summary;

    // Exception
    TaskId task = kNoTask; // Exception: the failing task; Budget: the task that ran last
    std::string error_type;
    std::string error_message;
    LocId where = kNoLoc;

    // Budget
    BudgetKind budget = BudgetKind::None;

    // Deadlock / Budget: one line per blocked task.
    struct Blocked {
        TaskId task = kNoTask;
        TaskStatus status = TaskStatus::Ready;
        ObjectId object = kNoObject;
        LocId where = kNoLoc;
        StepId since = 0;              // step from which it has been waiting
        StepId related_step = kNoStep; // e.g. the last notify on the condition
        std::string explanation;
    };
    std::vector<Blocked> blocked;
};

OutcomeReport analyze_outcome(const Trace& trace);

// ---------------------------------------------------------------------------
// Diagnostics
// ---------------------------------------------------------------------------

// Each kind is defined in docs/findings.md.
enum class DiagnosticKind : std::uint8_t {
    LostNotify,            // a notify found no waiter; a later unguarded wait never ended by one
    WastedWakeup,          // woken, the state unchanged: waited again in the same predicate loop
                           // (or wait_for's predicate was false)
    WaitWithoutLock,       // RuntimeError: cannot wait on un-acquired lock
    NotifyWithoutLock,     // RuntimeError: cannot notify on un-acquired lock
    LockHeldAcrossSleep,   // a task sleeps while it holds a lock
    NeverAwaited,          // a coroutine was never awaited (warning from the layer above)
    NeverFinished,         // a task was still pending when the run ended
    LateWakeup,            // an unguarded wait missed a notify, a later one woke it
    NotifiedThenCancelled, // woken by a notify and cancelled before it resumed (3.11 drops it)
};
const char* diagnostic_kind_name(DiagnosticKind kind) noexcept; // "lost_notify", ...
const char* diagnostic_title(DiagnosticKind kind) noexcept;     // "Lost notify", ...

struct Diagnostic {
    DiagnosticKind kind = DiagnosticKind::LostNotify;
    StepId step = 0; // where it is pinned
    TaskId task = kNoTask;
    ObjectId object = kNoObject;
    LocId where = kNoLoc;
    std::string message;           // plain words
    StepId related_step = kNoStep; // e.g. the responsible notify
    EventId event = kNoEvent;      // the event it is about, if any
    bool note = false;             // worth knowing, not a problem (docs/findings.md)
};

/// All diagnostics, ordered by step (then kind).
std::vector<Diagnostic> analyze_diagnostics(const Trace& trace);

// ---------------------------------------------------------------------------
// Metrics
// ---------------------------------------------------------------------------

struct TaskMetrics {
    TaskId task = kNoTask;
    std::string name;
    double total_blocked_time = 0.0; // virtual time in blocked states (not sleeping, not ready)
    double max_blocked_time = 0.0;
    std::uint64_t wakeups = 0; // condition notifications received
    std::uint64_t wasted_wakeups = 0;
};

struct ObjectMetrics {
    ObjectId object = kNoObject;
    std::string name;
    ObjectKind kind = ObjectKind::Future;
    double total_blocked_time = 0.0; // summed over the tasks waiting on it
    double max_blocked_time = 0.0;   // longest single wait
    std::uint64_t max_waiters = 0;
};

struct Metrics {
    double finish_time = 0.0;
    std::uint64_t iterations = 0;
    std::uint64_t steps = 0;
    std::uint64_t events = 0;
    std::uint64_t tasks = 0;
    std::uint64_t wakeups = 0; // condition notifications delivered
    std::uint64_t wasted_wakeups = 0;
    std::uint64_t rewaits = 0;          // wake-ups a bare wait() outside a predicate loop followed
    std::uint64_t lost_notifies = 0;    // lost notifications (docs/findings.md)
    std::uint64_t late_wakeups = 0;     // unguarded waits woken late after a missed notify
    std::uint64_t unheard_notifies = 0; // notifies that found no waiter, lost for nobody
    std::uint64_t lock_acquisitions = 0;
    std::uint64_t lock_acquisitions_contended = 0;
    std::uint64_t lock_acquisitions_uncontended = 0;
    double total_blocked_time = 0.0;
    double max_blocked_time = 0.0;
    std::uint64_t max_condition_waiters = 0;
    std::uint64_t diagnostics = 0;
    std::vector<TaskMetrics> per_task;
    std::vector<ObjectMetrics> per_object;
};

Metrics analyze_metrics(const Trace& trace);

/// Names of the scalar metrics, in a stable order ("finish_time", "iterations", ...).
std::vector<std::string> metric_names();
/// The scalar names plus per-task / per-object ones of this run:
/// "task_blocked_time:<task name>", "task_max_blocked_time:<task name>",
/// "object_blocked_time:<object name>", "object_max_waiters:<object name>".
std::vector<std::string> metric_names(const Metrics& metrics);
struct NamedMetric {
    std::string name;
    double value = 0.0;
};
/// Every metric of this run with its value, in metric_names(metrics) order. Linear: one
/// metric_value() per name would scan the tasks for each task (quadratic in tasks).
std::vector<NamedMetric> named_metrics(const Metrics& metrics);
/// A metric by name; NaN if unknown.
double metric_value(const Metrics& metrics, std::string_view name);

// ---------------------------------------------------------------------------
// Everything at once
// ---------------------------------------------------------------------------

struct Analysis {
    OutcomeReport outcome;
    std::vector<Diagnostic> diagnostics;
    Metrics metrics;
};
class EventScan; // event_scan.h
/// `fed`: a scan fed while the trace was recorded (BackgroundRecorder), finished here;
/// null: the whole scan is done here.
Analysis analyze(const Trace& trace, EventScan* fed = nullptr);

/// "t=1.5" style number: shortest form, no trailing zeros.
std::string format_time(double t);

} // namespace condlab
