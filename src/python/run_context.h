#pragma once
// The state of one program run (one run_program() call): the runtime loop, the recorder,
// the Python wrappers created during the run, and its parts: budget_state (budget_state.h),
// the captured output (output_capture.h), the task names (task_names.h) and the labels and
// variable snapshots (run_snapshots.h). Exactly one run is active at a time (RunLock);
// current_run() is it.
//
// [SECTION] Wrappers bound to a run (Bound, RawObject)
// [SECTION] ProgramObserver (display names of tasks)
// [SECTION] RunContext
#include "python/budget_state.h"
#include "python/output_capture.h"
#include "python/program_runner.h"
#include "python/run_snapshots.h"
#include "python/task_names.h"
#include "python/wait_guard.h"
#include "runtime/loop.h"
#include "runtime/task.h"

#include <pybind11/pybind11.h>

#include <array>
#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace condlab {
class BackgroundRecorder; // trace/background_recorder.h (included by the .cpp files that record)
class Queue;
} // namespace condlab

namespace condlab::python {

namespace py = pybind11;
class RunContext;

/// The active run, or nullptr between runs.
RunContext* current_run() noexcept;
void set_current_run(RunContext* run) noexcept;

/// The file name as a `const char*` that lives as long as the process (for SourceLoc).
const char* intern_file_name(const std::string& name);

// ---------------------------------------------------------------------------
// [SECTION] Wrappers bound to a run
// ---------------------------------------------------------------------------

/// Base of every pybind11 wrapper of a runtime object. Registered with the run that created
/// it; at the end of that run detach() drops its runtime references (while the loop still
/// exists), so a wrapper that outlives its run is inert: using it raises RuntimeError.
class Bound {
  public:
    Bound();
    virtual ~Bound();
    Bound(const Bound&) = delete;
    Bound& operator=(const Bound&) = delete;

    /// The run this object belongs to; RuntimeError if that run is over, the abort
    /// exception while the run is being torn down.
    RunContext& run() const;
    [[nodiscard]] bool attached() const noexcept { return m_run != nullptr; }
    /// Drops the runtime references. Called once, at the end of the run.
    virtual void detach() noexcept = 0;

  protected:
    [[nodiscard]] RunContext* run_ptr() const noexcept { return m_run; }

  private:
    friend class RunContext;
    RunContext* m_run;
};

/// Header of condlab's raw (C-API) Python objects that hold runtime state.
struct RawObject {
    PyObject_HEAD RawObject* raw_prev;
    RawObject* raw_next;
    RunContext* run;
    void (*detach)(RawObject*) noexcept;
};
/// Links a freshly allocated raw object into the current run (run = nullptr if none).
void link_raw(RawObject* obj, void (*detach)(RawObject*) noexcept);
void unlink_raw(RawObject* obj) noexcept;

// ---------------------------------------------------------------------------
// [SECTION] ProgramObserver
// ---------------------------------------------------------------------------

/// The loop's observer during a run: forwards to the recorder and the extra observer,
/// replacing the runtime's task names (Task-N, what Python sees) by display names.
class ProgramObserver final : public Observer {
  public:
    explicit ProgramObserver(RunContext& run) : m_run(run) {}
    BackgroundRecorder* recorder = nullptr; // the concrete type: its hot callbacks inline
    Observer* extra = nullptr;

    void on_iteration(std::uint64_t it, double now) override;
    void on_task_created(TaskId task, std::string_view name, TaskId parent,
                         SourceLoc where) override;
    void on_task_renamed(TaskId task, std::string_view name) override;
    void on_task_scheduled(TaskId task) override;
    void on_task_running(TaskId task) override;
    void on_task_suspended(TaskId task, const WaitInfo& wait) override;
    void on_task_done(TaskId task, TaskEnd end, const std::exception_ptr& error) override;
    void on_task_cancel_requested(TaskId task, TaskId by) override;
    void on_object_internal(ObjectId object, ObjectId owner) override;
    void on_object_created(ObjectId object, ObjectKind kind, SourceLoc where) override;
    void on_object_label(ObjectId object, std::string_view label) override;
    void on_object_owned(ObjectId part, ObjectId owner) override;
    void on_primitive(PrimitiveOp op, ObjectId object, TaskId task, std::span<const TaskId> woken,
                      std::int64_t value) override;
    void on_timer_scheduled(TimerId timer, double when, TimerKind kind) override;
    void on_timer_fired(TimerId timer) override;
    void on_timer_cancelled(TimerId timer) override;
    void on_callback(TimerId handle) override;

    /// Sends a display-name change to the recorder and the extra observer.
    void rename(TaskId task, const std::string& name);

  private:
    /// A step of `task` begins or (kNoTask) ends: the trace function follows a woken task.
    void follow_step(TaskId task);

    RunContext& m_run;
};

// ---------------------------------------------------------------------------
// [SECTION] RunContext
// ---------------------------------------------------------------------------

class RunContext {
  public:
    enum class Phase : std::uint8_t { Running, Teardown };

    RunContext(const std::string& path, const ProgramOptions& options);
    ~RunContext();
    RunContext(const RunContext&) = delete;
    RunContext& operator=(const RunContext&) = delete;

    // -- identity ----------------------------------------------------------------------
    const std::string path;
    const char* const file; // interned path (SourceLoc::file)
    py::object filename;    // the str compiled into every code object of the program
    const ProgramOptions options;
    Phase phase = Phase::Running;

    // -- runtime -----------------------------------------------------------------------
    [[nodiscard]] Loop& loop() const noexcept { return *m_loop; }
    [[nodiscard]] bool has_loop() const noexcept { return m_loop != nullptr; }
    /// A recorder or an extra observer listens: labels, snapshots and lines are worth computing.
    [[nodiscard]] bool recording() const noexcept {
        return m_loop && (observer.recorder || observer.extra);
    }
    [[nodiscard]] BackgroundRecorder* recorder() const noexcept { return m_recorder.get(); }
    ProgramObserver observer{*this};
    /// Guarded waits and wasted wake-ups of bare wait() calls (wait_guard.h).
    WaitGuard wait_guard;
    /// The trace function is on only to follow a woken task's step (no line trace).
    bool tracing_to_follow = false;
    std::optional<RunOutcome> last_outcome; // of the last asyncio.run()
    bool in_asyncio_run = false;
    std::uint64_t running_loop_id = 0; // the running loop object's serial, 0 when none runs
    py::object loop_object;      // the loop running now (get_running_loop()), else the last one run
    py::object event_loop;       // set_event_loop()'s loop (get_event_loop() when none runs)
    bool event_loop_set = false; // set_event_loop() was called: get_event_loop() makes none

    // -- budgets -------------------------------------------------------------------------
    BudgetState budget_state;
    /// The abort exception surfaced (a task's result, a callback, the program's end) without
    /// the trace function having recorded why: the watchdog fired. Records the wall-clock
    /// budget (with the innermost program line of `tb` if known) and stops the loop.
    void note_abort_exception(PyObject* tb);
    /// Records a budget overrun (first one wins), asks the loop to stop, and sets the
    /// Python abort exception. Returns -1 (for the trace function).
    int abort(BudgetKind kind);
    /// Sets the abort exception without recording anything (teardown).
    static void raise_abort_exception(const char* what);
    /// What the teardown after a stop will take (freeing each wrapper, the recorder's work
    /// per task): counted against the wall-clock budget, so that a run of a million tasks
    /// still ends within it.
    [[nodiscard]] double teardown_reserve() const noexcept;
    /// The wall-clock budget is spent, the teardown reserve included.
    [[nodiscard]] bool wall_spent() const {
        return budget_state.wall_elapsed() + teardown_reserve() > options.budget.max_wall_seconds;
    }

    // -- output ----------------------------------------------------------------------------
    OutputCapture output{*this};

    // -- wrappers --------------------------------------------------------------------------
    std::unordered_set<Bound*> bound;
    RawObject raw_head{}; // circular list of raw objects
    /// Python wrappers of tasks (strong: a task keeps its identity for the whole run).
    std::unordered_map<const TaskState*, py::object> task_objects;
    /// The C++ side of each live Future / Task wrapper (a wrapper removes itself when it dies;
    /// py::cast(ptr, reference) finds its Python object).
    std::unordered_map<const FutureState*, void*> future_objects;

    // -- task names --------------------------------------------------------------------------
    TaskNames names{*this};

    // -- source locations, labels, snapshots ---------------------------------------------------
    /// The program line being executed now (innermost frame of the program's file).
    [[nodiscard]] SourceLoc current_loc() const;
    /// Innermost program frame of a traceback object.
    [[nodiscard]] std::uint32_t traceback_line(PyObject* tb) const;
    /// Where a suspended coroutine chain waits: the innermost program frame's line.
    [[nodiscard]] SourceLoc await_loc(PyObject* coro) const;
    /// Is this code object part of the program?
    [[nodiscard]] bool is_program_code(PyCodeObject* code) const noexcept;

    py::dict main_globals;
    /// Labels, variable snapshots and queue contents for the trace.
    RunSnapshots snapshots{*this};
    /// A never-awaited / other warning, for the trace.
    void record_warning(bool never_awaited, const std::string& text, std::uint32_t line);

    /// Tear-down: discards unfinished tasks, detaches wrappers, destroys the loop.
    void teardown();

  private:
    friend class Bound;
    std::unique_ptr<Loop> m_loop;
    std::unique_ptr<BackgroundRecorder> m_recorder;
    struct LineCacheEntry {
        std::uintptr_t code = 0;
        int lasti = -1;
        std::uint32_t line = 0;
    };
    mutable std::array<LineCacheEntry, 256> m_line_cache{};
};

/// The C++ object of a condlab primitive wrapper (Lock, Condition, ...), else null
/// (asyncio_module.cpp).
const void* primitive_key(PyObject* value);
/// True for condlab's own objects (wrappers, native coroutines) (asyncio_module.cpp).
bool is_condlab_object(PyObject* value);

/// Bounded repr (~80 chars) for snapshots; never raises.
std::string bounded_repr(PyObject* value);
/// True for values snapshots leave out (modules, functions, classes, condlab objects).
bool snapshot_skips(PyObject* value);

} // namespace condlab::python
