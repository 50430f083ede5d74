// What a run has used of its budgets (budget_state.h).
#include "python/budget_state.h"

namespace condlab::python {

double BudgetState::wall_elapsed() const {
    std::chrono::duration<double> d = std::chrono::steady_clock::now() - started;
    return d.count();
}

} // namespace condlab::python
