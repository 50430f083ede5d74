#pragma once
// What a program may call that would take the host down, replaced while it runs:
// - os._exit(n) raises condlab's exit exception instead (InterpreterGlobals::exit_error): the
//   run ends at once with exit status n, its output so far kept, and the process goes on;
// - sys.setrecursionlimit(n) is capped for the running thread's C stack, so that deep
//   recursion (through C: awaits, f(*args), __repr__ ...) ends in RecursionError instead of
//   overflowing the stack.
// And what the interpreter's exit would do: the program's atexit handlers.
#include <optional>

namespace condlab::python {

class RunContext;

/// Installs the replacements for one run (constructor) and restores the originals
/// (destructor). Create and destroy with the GIL held, inside RunLock.
class RunGuards {
  public:
    RunGuards();
    ~RunGuards();
    RunGuards(const RunGuards&) = delete;
    RunGuards& operator=(const RunGuards&) = delete;

    /// The status of the run's os._exit() call, if it made one.
    [[nodiscard]] static std::optional<int> exit_status() noexcept;
    /// The highest recursion limit the run may set (from the thread's stack).
    [[nodiscard]] static int recursion_cap() noexcept;
    /// The program's atexit handlers, run as the interpreter's exit would (last registered
    /// first), then forgotten: the embedded interpreter outlives the program. Not after
    /// os._exit() or a budget abort.
    static void run_atexit_handlers(RunContext& run);
};

} // namespace condlab::python
