#pragma once
// The `while` loops of a program and which of them are predicate loops (docs/findings.md):
// the static half of telling a guarded Condition.wait() from an unguarded one. Read from
// python_syntax.h's tokens: a loop's body is the logical lines indented deeper than its
// `while` (or the rest of the `while` line).
#include "lesson/python_syntax.h"
#include "python/while_loop.h"

#include <vector>

namespace condlab::lesson {

/// Every `while` loop of `tokens` (tokenize() of the whole source), in source order.
std::vector<python::WhileLoop> while_loops(const std::vector<Token>& tokens);

} // namespace condlab::lesson
