#pragma once
// WaitGuard: tells, for each bare Condition.wait() of a run, whether a predicate loop
// guards it, and whether it waits again after a wake-up without having left that loop
// (a wasted wake-up). The answer travels in ConditionWait's `value` (runtime/observer.h,
// wait_guard bits); docs/findings.md defines the terms.
//
// Exact without a full line trace: only a task woken by a notify is followed, from its
// wake-up to its next wait, and only while it runs: ProgramObserver turns CPython's trace
// function on for those steps (when no line trace has it on already) and the trace
// function reports the lines of the loop's frame. A line outside the loop means it left.
#include "python/while_loop.h"
#include "runtime/observer.h"

#include <Python.h>

#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

namespace condlab::python {

/// The task a wait is for, when an inner task runs it (WaitGuard::bare_wait).
struct WaitAwaiter {
    TaskId task = kNoTask;
    PyObject* coroutine = nullptr; // borrowed
};

class WaitGuard {
  public:
    /// `loops`: the program's `while` loops (ProgramOptions::while_loops).
    explicit WaitGuard(std::vector<WhileLoop> loops);
    ~WaitGuard();
    WaitGuard(const WaitGuard&) = delete;
    WaitGuard& operator=(const WaitGuard&) = delete;

    /// The running task begins a bare wait(): its wait_guard bits (0, kInLoop or
    /// kInLoop | kInLoopAgain). `filename`: the program's co_filename (frames of other
    /// files are not the program's).
    /// `awaiter`: when the task runs no frame of the program (the inner task of
    /// wait_for(cond.wait(), T)), the task that awaits it and its coroutine: its frames
    /// decide, and the bits include kForAwaiter.
    using Awaiter = WaitAwaiter;
    std::int64_t bare_wait(TaskId task, PyObject* filename, Awaiter awaiter = {});
    /// A notify woke these tasks: follow each from its wake-up.
    void woken(std::span<const TaskId> tasks);
    /// A step of `task` begins: true when its lines must be watched (it is followed).
    bool step_begins(TaskId task);
    void step_ends() noexcept { m_current = nullptr; }
    /// A line event (the trace function): `frame` runs `line`.
    void line(PyFrameObject* frame, int line) noexcept;
    /// Forgets a finished task.
    void task_done(TaskId task);
    /// Forgets every task (the run is being torn down: its coroutines must close now).
    void clear() noexcept;

  private:
    /// A task's last guarded wait and whether it left the loop since its wake-up.
    struct Follow {
        PyObject* coroutine = nullptr; // strong: keeps `frame` from being reused
        const void* frame = nullptr;   // the loop's interpreter frame
        std::uint32_t first_line = 0, last_line = 0;
        std::uint32_t await_line = 0; // the loop frame's line at the wait
        bool woken = false;
        bool left = false;
    };
    const WhileLoop* innermost_loop(std::uint32_t line) const noexcept;
    /// The guard of a wait by `task` whose awaiting frames are `frames`, innermost first.
    std::int64_t guard(TaskId task, std::span<void* const> frames, PyObject* filename);
    void forget(Follow& f) noexcept;

    std::vector<WhileLoop> m_loops;
    std::unordered_map<TaskId, Follow> m_tasks;
    std::unordered_map<TaskId, TaskId> m_awaiter; // inner task -> the task it waits for
    Follow* m_current = nullptr;                  // the followed task running now
};

} // namespace condlab::python
