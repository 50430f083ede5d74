#pragma once
// Recorder: a runtime Observer that builds a Trace (trace.h).
//
//   Recorder rec;
//   loop.set_observer(&rec);
//   RunOutcome out = loop.run(make_backend(main()));
//   loop.set_observer(nullptr);
//   std::shared_ptr<const Trace> trace = rec.finish_shared(out);
//
// Hooks for the layer above (Python): set_source_line / line_executed / output /
// warning / object_contents / attach_snapshot. All are cheap (no allocation in the
// common case beyond the flat arrays).
#include "trace/event_scan.h"
#include "trace/trace.h"

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace condlab {

struct ErrorDescription; // runtime/error.h

struct SnapshotEntry {
    TaskId scope = kNoTask; // kNoTask = globals
    std::string name;
    std::string repr;
};
/// Variables at one step, grouped by scope. Entries of one scope keep their order.
struct Snapshot {
    std::vector<SnapshotEntry> entries;
};

enum class SnapshotMode : std::uint8_t {
    Replace, // the snapshot is complete: a scope seen before but missing now is empty
    Merge,   // scopes missing from the snapshot are unchanged
};

class Recorder final : public Observer {
  public:
    Recorder();
    ~Recorder() override;
    Recorder(const Recorder&) = delete;
    Recorder& operator=(const Recorder&) = delete;

    /// Pre-sizes the event, step and link arrays (the constructor reserves room for 1 M events).
    void reserve(std::size_t events);

    // -- Observer -----------------------------------------------------------------
    void on_iteration(std::uint64_t iteration, double now) override;
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
    /// on_primitive for an op that woke no task, if it is one of the common ones a lock /
    /// condition wait loop repeats (lock acquire / release, condition wait / reacquire on a
    /// known object by a known task, in an open step): those are recorded with few calls and
    /// saved registers. Returns false, having recorded nothing, for any other op.
    bool try_primitive(PrimitiveOp op, ObjectId object, TaskId task, std::int64_t value);
    /// A TimerArmed event in the arming step and a row in TraceData::timers (completed by
    /// on_callback when it fires, on_timer_cancelled when cancelled first).
    void on_timer_scheduled(TimerId timer, double when, TimerKind kind) override;
    void on_timer_fired(TimerId timer) override;
    void on_timer_cancelled(TimerId timer) override;
    void on_callback(TimerId handle) override;

    /// on_task_done with the error already described (`error` may be null; read only when
    /// `end` is Raised): for callers that must not touch the exception itself.
    void task_done(TaskId task, TaskEnd end, const ErrorDescription* error);

    // -- hooks for the layer above --------------------------------------------------
    /// The line `task` is at now (used as the location of its next output, exception,
    /// and of awaits reported without a location).
    void set_source_line(TaskId task, SourceLoc where);
    /// A Line event in the current step (and set_source_line for the running task).
    void line_executed(SourceLoc where);
    /// An Output event (one printed line, without its newline) in the current step.
    void output(std::string_view text);
    /// A Warning event (e.g. "coroutine 'f' was never awaited").
    void warning(WarningKind kind, std::string_view text, SourceLoc where);
    /// An exception raised (and maybe caught) by the program, as the layer above saw it.
    void exception(TaskId task, std::string_view type, std::string_view message, SourceLoc where);
    /// Queue contents (repr of each item) after the current step's operations.
    void object_contents(ObjectId object, std::span<const std::string> items);
    /// Variables in effect from step `step` on. Steps must not decrease between calls.
    /// Stored only when a scope's entries differ from that scope's previous snapshot.
    void attach_snapshot(StepId step, const Snapshot& snapshot,
                         SnapshotMode mode = SnapshotMode::Replace);

    /// The step being recorded (opens a loop step if none is open).
    StepId current_step();
    /// Events recorded so far.
    [[nodiscard]] std::size_t event_count() const noexcept;
    /// What an EventScan reads of the events recorded so far (valid until the next event).
    [[nodiscard]] EventSource event_source() const noexcept;

    /// Ends recording: closes every span at the end of the run and moves the data out.
    /// The recorder is empty afterwards.
    Trace finish(const RunOutcome& outcome);
    std::shared_ptr<const Trace> finish_shared(const RunOutcome& outcome);

  private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace condlab
