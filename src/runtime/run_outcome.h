#pragma once
// How a run ended, in one vocabulary for every layer above the loop: the program's result
// (python/), the lesson's run (lesson/), the trace's analysis (trace/), the CLI's exit
// status and the window's words all name an OutcomeKind and read its one table row. The
// budgets that end a run have their own table. The loop's RunOutcome is what
// Loop::run_until_complete returns: Complete, Exception (the main task raised), Deadlock or
// Budget.
#include "runtime/observer.h"

#include <any>
#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace condlab {

/// How a run ended (the order is that of the sweeps' and the outcome map's counts).
enum class OutcomeKind : std::uint8_t {
    Complete,    // the program ran to its end
    Exception,   // an uncaught exception (or sys.exit / os._exit: see exit_code)
    SyntaxError, // the program does not compile
    Deadlock,    // nothing ready and no timer pending
    Budget,      // a budget was exceeded
    UsageError,  // bad parameters (--set) or an unreadable file
};
inline constexpr int kOutcomeKindCount = static_cast<int>(OutcomeKind::UsageError) + 1;

/// One row of the outcome table.
struct OutcomeInfo {
    const char* id;    // in JSON and machine-read text: "completed", "budget_exceeded"
    const char* name;  // in a sentence or a list: "complete", "budget"
    const char* title; // a heading or a marker on a timeline: "COMPLETED"
    const char* words; // for learners: "the program ran to its end"
    int exit_status;   // of `condlab run` and tools/reference_harness.py
    char glyph;        // one character in a sweep's grid
};
[[nodiscard]] const OutcomeInfo& outcome_info(OutcomeKind kind) noexcept;
/// The outcome whose table name is `name` ("deadlock", "budget", ...; nullopt: none).
[[nodiscard]] std::optional<OutcomeKind> outcome_named(std::string_view name) noexcept;

/// The budget that ended a run (None: none did). Stopped: not a budget but the learner's
/// Stop (Budget::stop), which ends a run at the same checks.
enum class BudgetKind : std::uint8_t {
    None,
    Iterations,
    VirtualTime,
    WallClock,
    Lines,
    Output,
    Stopped
};
inline constexpr int kBudgetKindCount = static_cast<int>(BudgetKind::Stopped) + 1;

/// One row of the budget table.
struct BudgetInfo {
    const char* id;   // in JSON: "virtual_time"
    const char* name; // in a sentence: "virtual time"
};
[[nodiscard]] const BudgetInfo& budget_info(BudgetKind kind) noexcept;
/// budget_info(kind).name: "iterations", "virtual time", "wall clock", "executed lines", ...
[[nodiscard]] inline const char* budget_name(BudgetKind kind) noexcept {
    return budget_info(kind).name;
}

/// A task that could not go on when the run ended.
struct BlockedTask {
    TaskId task = kNoTask;
    std::string name;
    WaitInfo wait;
    bool ready = false; // queued to run (only for budget outcomes)
};

/// What Loop::run_until_complete returns.
struct RunOutcome {
    OutcomeKind kind = OutcomeKind::Complete; // never SyntaxError or UsageError
    std::any result;                          // Complete: the main coroutine's return value
    std::exception_ptr error;                 // Exception: what the main task raised
    BudgetKind budget = BudgetKind::None;
    std::vector<BlockedTask> blocked; // Deadlock / Budget: unfinished tasks
    std::uint64_t iterations = 0;
    double time = 0.0;
};

} // namespace condlab
