#pragma once
// The variable views of a run (RunContext::snapshots): primitives labelled after the first
// variable found to hold them, bounded reprs of the program's variables after each task step
// and of its globals, and the contents of the queues it made.
#include "runtime/queue.h"
#include "runtime/task.h"

#include <Python.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace condlab::python {

class RunContext;

class RunSnapshots {
  public:
    explicit RunSnapshots(RunContext& run) : m_run(run) {}

    /// A primitive created now: labelled when it is first found in a variable. `key` is the
    /// wrapper's C++ object (see primitive_key()).
    void add_pending_label(ObjectId id, const void* key);
    void forget_pending_label(const void* key) noexcept;
    [[nodiscard]] bool has_pending_labels() const noexcept { return !m_pending_labels.empty(); }
    /// Looks for pending objects in `frame_locals` (may be null) and the program's globals.
    void scan_labels(PyObject* frame_locals);
    /// After a task step: locals of the task's coroutine chain + globals. `top_frame` is the
    /// task coroutine's frame object (it keeps its locals after the coroutine returned).
    void after_task_step(TaskState& task, PyObject* coro, PyObject* top_frame);
    /// Globals only (module level, callbacks).
    void snapshot_globals();
    /// A queue created now: its contents (item reprs) are recorded whenever they change.
    void track_queue(Ref<Queue> queue);
    /// Records the contents of tracked queues that changed (after a step or a *_nowait call).
    void report_queue_contents();
    /// Teardown: drops the queues and the pending labels.
    void clear() noexcept {
        m_queues.clear();
        m_pending_labels.clear();
    }

  private:
    struct PendingLabel {
        ObjectId id;
        const void* key;
        std::uint32_t scans = 0;
    };
    struct TrackedQueue {
        Ref<Queue> queue;
        std::vector<std::string> reported;
    };
    void snapshot_scope(TaskId scope, PyObject* dict, const std::string& prefix,
                        std::vector<std::pair<std::string, std::string>>& out) const;

    RunContext& m_run;
    std::vector<PendingLabel> m_pending_labels;
    std::vector<TrackedQueue> m_queues;
};

} // namespace condlab::python
