#pragma once
// A `while` loop of the program's source, as the layer that reads Python source finds it
// (lesson/predicate_loops.h) and the layer that runs the program uses it (wait_guard.h).
#include <cstdint>

namespace condlab::python {

struct WhileLoop {
    std::uint32_t first_line = 0; // the `while` line
    std::uint32_t last_line = 0;  // the body's last line (an `else:` clause is outside)
    /// A predicate loop (docs/findings.md): the test is not constant and reads no name that
    /// the body assigns, so going around again means the state the test checks is unchanged.
    bool predicate = false;
};

} // namespace condlab::python
