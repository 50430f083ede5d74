#pragma once
// condlab trace JSON: a complete, versioned, lossless text form of a Trace.
// The schema is documented in docs/trace-json.md.
//
//   std::string text = write_trace_json(trace);     // {"format":"condlab-trace","version":2,...}
//   Trace again = load_trace_json(text);             // throws TraceJsonError
//   assert(write_trace_json(again) == text);         // exact round trip
//
// The file mirrors TraceData table by table (strings and source locations are
// interned tables, records refer to them by index), so a loaded trace has the same
// raw arrays as the one written and answers every query the same way. Enums are
// written as stable identifiers. An optional "analysis" section (outcome,
// diagnostics, metrics) is derived data: the loader ignores it and recomputes it.
#include "trace/trace.h"

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace condlab {

/// 2: the "timers" table and "timer_armed" events (1 had neither; still read).
inline constexpr int kTraceJsonVersion = 2;
inline constexpr int kTraceJsonOldestVersion = 1;
inline constexpr std::string_view kTraceJsonFormat = "condlab-trace";

struct TraceJsonOptions {
    /// Add the "analysis" section (analyze(trace): outcome, diagnostics, metrics).
    bool analysis = true;
};

/// The trace as condlab trace JSON (one record per line, deterministic bytes).
std::string write_trace_json(const Trace& trace, const TraceJsonOptions& options = {});

/// A malformed or unsupported document. what() reads
/// "condlab trace JSON: <where>: <problem>", where <where> is a JSON pointer
/// ("/events/12/op") or "line L, column C" for syntax errors.
class TraceJsonError : public std::runtime_error {
  public:
    TraceJsonError(std::string where, std::string problem);
    /// JSON pointer (or "line L, column C") of the offending value.
    [[nodiscard]] const std::string& where() const noexcept { return m_where; }
    /// The problem alone, without the location.
    [[nodiscard]] const std::string& problem() const noexcept { return m_problem; }

  private:
    std::string m_where;
    std::string m_problem;
};

/// Reads a document written by write_trace_json (version 1 or 2). Validates every index
/// so that no query on the result can read out of bounds. Throws TraceJsonError.
Trace load_trace_json(std::string_view json);

/// Same, without exceptions: nullopt and the message in `*error` (if given).
std::optional<Trace> try_load_trace_json(std::string_view json, std::string* error = nullptr);

// Stable identifiers used by the schema (and usable by other exporters).
// primitive_op_id(op) and status_id(status): trace.h's tables.
const char* run_outcome_id(OutcomeKind kind) noexcept; // outcome_info(kind).id: "exception"
const char* budget_id(BudgetKind kind) noexcept;       // "none", "virtual_time", ...

} // namespace condlab
