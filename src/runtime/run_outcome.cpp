#include "runtime/run_outcome.h"

namespace condlab {

namespace {

// In OutcomeKind order.
constexpr OutcomeInfo kOutcomes[kOutcomeKindCount] = {
    {"completed", "complete", "COMPLETED", "the program ran to its end", 0, '.'},
    {"exception", "exception", "EXCEPTION", "an exception nobody caught ended the program", 1, 'E'},
    {"syntax_error", "syntax error", "SYNTAX ERROR", "the program does not compile", 2, 'S'},
    {"deadlock", "deadlock", "DEADLOCK", "every task waits and nothing is left that could wake one",
     3, 'D'},
    {"budget_exceeded", "budget", "BUDGET EXCEEDED",
     "the run went on longer than condlab lets a program run", 4, 'B'},
    {"usage_error", "usage error", "USAGE ERROR", "the program could not be started as asked", 2,
     'U'},
};

// In BudgetKind order.
constexpr BudgetInfo kBudgets[kBudgetKindCount] = {
    {"none", "none"},
    {"iterations", "iterations"},
    {"virtual_time", "virtual time"},
    {"wall_clock", "wall clock"},
    {"lines", "executed lines"},
    {"output", "output"},
    {"stopped", "stopped by you"},
};

} // namespace

const OutcomeInfo& outcome_info(OutcomeKind kind) noexcept {
    const auto i = static_cast<std::size_t>(kind);
    return kOutcomes[i < std::size(kOutcomes) ? i : 0];
}

std::optional<OutcomeKind> outcome_named(std::string_view name) noexcept {
    for (int i = 0; i < kOutcomeKindCount; ++i)
        if (name == kOutcomes[i].name)
            return static_cast<OutcomeKind>(i);
    return std::nullopt;
}

const BudgetInfo& budget_info(BudgetKind kind) noexcept {
    const auto i = static_cast<std::size_t>(kind);
    return kBudgets[i < std::size(kBudgets) ? i : 0];
}

} // namespace condlab
