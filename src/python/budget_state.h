#pragma once
// What a run has used of its budgets and how it was stopped (RunContext::budget_state): the
// wall clock's start, executed lines, the budget that ended it and where, a deadlock.
#include "runtime/run_outcome.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace condlab::python {

struct BudgetState {
    std::chrono::steady_clock::time_point started{};
    std::uint64_t lines = 0;
    std::uint32_t last_line = 0;
    /// The budget that ended the run (first one wins), the task running then and its line.
    BudgetKind abort_kind = BudgetKind::None;
    std::string abort_task{};
    std::uint32_t abort_line = 0;
    bool deadlock = false;
    /// Deadlock / budget: the runtime's unfinished tasks (for their count and the budget's task).
    std::vector<BlockedTask> blocked{};
    /// Set by the watchdog thread when it raised the abort exception (no trace function).
    std::atomic<bool> watchdog_fired{false};

    [[nodiscard]] double wall_elapsed() const;
};

} // namespace condlab::python
