#pragma once
// A/B comparison of two runs of the same lesson: a side-by-side metrics table with a
// "differs" flag per row, and the first point where the two traces diverge.
//
// The two runs come from `# compare:` presets or from two override sets. Runs are
// deterministic (DESIGN.md principle 3), so the comparison is exact.
#include "lesson/lesson.h"
#include "lesson/runner.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace condlab::lesson {

/// The metrics of the compare table, in order (after the outcome row): "finish_time",
/// "iterations", "wakeups", "wasted_wakeups", "lost_notifies", "lock_wait_time",
/// "max_waiters".
const std::vector<std::string>& summary_metric_names();
/// Plain words for a summary metric ("finish time", "wasted wake-ups", ...); the name itself
/// for other metrics.
std::string metric_title(std::string_view name);
/// A summary metric (or any RunResult::metric name) of a run. "lock_wait_time" is the
/// virtual time tasks spent blocked on locks (a condition's internal lock included);
/// "max_waiters" the largest number of tasks waiting on one condition. NaN when the run has
/// no analysis.
double summary_metric(const RunResult& r, std::string_view name);
/// A metric value as text: integers without a decimal point, times in shortest form,
/// "-" for NaN.
std::string format_metric(double v);

struct CompareRow {
    std::string name;                // "outcome" or a summary metric name
    std::string title;               // plain words
    std::string a, b;                // formatted values
    double a_value = 0, b_value = 0; // NaN for the outcome row
    bool differs = false;
};

/// One step of a trace reduced to what the divergence search compares.
struct DivergenceKey {
    std::string task;   // task name ("" for loop / callback steps)
    std::string what;   // event kind or primitive op ("notify", "task_done", "line", ...)
    std::string object; // object label ("cond", "cond's lock", ""); an exception's type
    std::uint32_t line = 0;
    EventKind kind = EventKind::Line;              // what `what` names, for describe()
    PrimitiveOp op = PrimitiveOp::LockAcquireFast; // (Primitive only)
    bool operator==(const DivergenceKey&) const = default;
    /// The event in a learner's words, the one wording of the window and `condlab compare`:
    /// "producer notifies cond (line 62)", "b arms a timer", "task c0 is created".
    [[nodiscard]] std::string describe() const;
};

struct Divergence {
    bool found = false;          // false: the two event sequences are identical
    std::uint32_t step_a = 0;    // first differing step in A (step_count() if A ended)
    std::uint32_t step_b = 0;    // same in B
    std::size_t event_index = 0; // index in the compared event sequence
    std::string a_what, b_what;  // DivergenceKey::describe() or "(end of run)"
    double time_a = 0, time_b = 0;
    [[nodiscard]] std::string describe() const; // one line for the CLI / UI
};

/// The compared event sequence of a trace: one key per event (lines included when recorded),
/// with the step of each.
std::vector<std::pair<DivergenceKey, std::uint32_t>> divergence_sequence(const Trace& trace);
/// The first step where the (task, event kind / op, object label, line) sequences differ.
Divergence find_divergence(const Trace& a, const Trace& b);

struct CompareResult {
    std::string a_name = "A", b_name = "B"; // preset names, or "A" / "B"
    RunResult a, b;
    std::vector<CompareRow> rows; // outcome + summary_metric_names()
    Divergence divergence;        // found == false also when a trace is missing
    [[nodiscard]] bool any_difference() const;
};

/// The table rows for two runs (outcome first).
std::vector<CompareRow> compare_rows(const RunResult& a, const RunResult& b);

/// Runs A and B (in that order) and compares them. Runs record a trace (options.record_trace
/// is forced on).
CompareResult compare_runs(const Lesson& lesson, const Overrides& a, const Overrides& b,
                           const RunOptions& options = {});
/// Compares two existing runs (e.g. the player's current run pinned as A).
CompareResult compare_results(RunResult a, RunResult b);

/// A preset's overrides; throws ParameterError(UnknownName, name, "unknown preset 'X'
/// (known: a, b)").
const Overrides& preset_overrides(const Lesson& lesson, std::string_view name);

/// The table as text (one row per line, `*` marks differing rows) plus the divergence line.
std::string format_compare_table(const CompareResult& c);

} // namespace condlab::lesson
