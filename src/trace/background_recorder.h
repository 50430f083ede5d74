#pragma once
// BackgroundRecorder: a Recorder (recorder.h) that runs on a worker thread.
//
// Building a trace costs as much as a few hundred instructions per event (task states,
// waiter lists, causal links). Here the observer callbacks only append a compact command
// to a log; a worker thread replays the log into a Recorder while the program goes on,
// the way profilers such as Tracy hand events to a worker. The trace is the same, event
// for event, as a Recorder fed directly would build.
//
//   BackgroundRecorder rec;
//   loop.set_observer(&rec);
//   RunOutcome out = loop.run(...);
//   std::shared_ptr<const Trace> trace = rec.finish_shared(out);
//
// Commands carry copies of every string and list (the worker never reads the caller's
// memory), except SourceLoc::file, which must stay valid until finish() (interned names).
// Errors are described on the caller's thread: the worker never touches an exception.
// The step the recorder is in is only known on the worker, so the hooks that need it take
// it there: attach_snapshot_now() and mark_step().
#include "trace/recorder.h"

#include <condition_variable>
#include <cstddef>
#include <cstring>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <span>
#include <string_view>
#include <thread>
#include <vector>

namespace condlab {

class BackgroundRecorder final : public Observer {
  public:
    BackgroundRecorder(); // the worker starts when the first chunk is full
    ~BackgroundRecorder() override;
    BackgroundRecorder(const BackgroundRecorder&) = delete;
    BackgroundRecorder& operator=(const BackgroundRecorder&) = delete;

    // -- Observer (see Recorder) -------------------------------------------------------
    // The hot callbacks are inline: the layer above calls them through a BackgroundRecorder*.
    void on_iteration(std::uint64_t iteration, double now) override {
        put(Command::Iteration, iteration, now);
    }
    void on_task_created(TaskId task, std::string_view name, TaskId parent,
                         SourceLoc where) override;
    void on_task_renamed(TaskId task, std::string_view name) override;
    void on_task_scheduled(TaskId task) override { put(Command::TaskScheduled, task); }
    void on_task_running(TaskId task) override { put(Command::TaskRunning, task); }
    void on_task_suspended(TaskId task, const WaitInfo& wait) override {
        put(Command::TaskSuspended, task, wait.kind, wait.object, wait.where.file, wait.where.line);
    }
    void on_task_done(TaskId task, TaskEnd end, const std::exception_ptr& error) override;
    void on_task_cancel_requested(TaskId task, TaskId by) override;
    void on_object_internal(ObjectId object, ObjectId owner) override;
    void on_object_created(ObjectId object, ObjectKind kind, SourceLoc where) override;
    void on_object_label(ObjectId object, std::string_view label) override;
    void on_object_owned(ObjectId part, ObjectId owner) override;
    void on_primitive(PrimitiveOp op, ObjectId object, TaskId task, std::span<const TaskId> woken,
                      std::int64_t value) override {
        const auto n = static_cast<std::uint32_t>(woken.size());
        put_with_tail(woken.size_bytes(), Command::Primitive, op, object, task, value, n);
        if (n != 0)
            put_bytes(woken.data(), woken.size_bytes());
    }
    void on_timer_scheduled(TimerId timer, double when, TimerKind kind) override;
    void on_timer_fired(TimerId timer) override;
    void on_timer_cancelled(TimerId timer) override;
    void on_callback(TimerId handle) override { put(Command::Callback, handle); }

    // -- hooks for the layer above (see Recorder) ----------------------------------------
    void set_source_line(TaskId task, SourceLoc where);
    void line_executed(SourceLoc where);
    void output(std::string_view text);
    void warning(WarningKind kind, std::string_view text, SourceLoc where);
    void exception(TaskId task, std::string_view type, std::string_view message, SourceLoc where);
    void object_contents(ObjectId object, std::span<const std::string> items);
    /// Recorder::attach_snapshot at the step being recorded when the worker gets to it.
    void attach_snapshot_now(Snapshot snapshot, SnapshotMode mode);
    /// Asks for the step being recorded at this point; finish() returns it as marked_steps()[k]
    /// for the k-th call (e.g. the step of each printed line).
    void mark_step();

    /// Has the worker feed `scan` the events after each chunk it replays, while the program
    /// goes on (the analysis then finishes it: analyze(trace, scan)). Call before recording;
    /// `scan` must stay valid until finish_shared() returns and be left alone until then.
    void feed_while_recording(EventScan* scan) noexcept { m_scan = scan; }

    /// Waits for the worker, ends recording (Recorder::finish). Rethrows what the worker
    /// failed with (e.g. std::bad_alloc).
    std::shared_ptr<const Trace> finish_shared(const RunOutcome& outcome);
    /// The worker thread was started (a run that filled its first chunk).
    [[nodiscard]] bool threaded() const noexcept { return m_threaded; }
    /// Steps asked for by mark_step(), in call order (complete after finish_shared()).
    [[nodiscard]] const std::vector<StepId>& marked_steps() const noexcept { return m_marks; }

  private:
    enum class Command : std::uint8_t {
        Iteration,
        TaskCreated,
        TaskRenamed,
        TaskScheduled,
        TaskRunning,
        TaskSuspended,
        TaskDone,
        TaskDoneRaised,
        CancelRequested,
        ObjectInternal,
        ObjectCreated,
        ObjectLabel,
        ObjectOwned,
        Primitive,
        TimerScheduled,
        TimerFired,
        TimerCancelled,
        Callback,
        SourceLine,
        LineExecuted,
        Output,
        Warning,
        Exception,
        Contents,
        Snapshot,
        MarkStep,
    };

    struct Chunk {
        std::unique_ptr<std::byte[]> data;
        std::size_t capacity = 0;
        std::size_t size = 0;
    };
    static constexpr std::size_t kChunkBytes = std::size_t{256} << 10;

    /// Room for `bytes` more in the open chunk (publishes it when full).
    std::byte* room(std::size_t bytes) {
        if (m_open.capacity - m_open.size < bytes) [[unlikely]]
            next_chunk(bytes);
        return m_open.data.get() + m_open.size;
    }
    /// Writes a command: its byte, then its fixed fields. `tail` bytes (its strings and
    /// lists, written next) are reserved too, so that a command never straddles two chunks.
    template <class... T> void put_with_tail(std::size_t tail, Command c, const T&... fields) {
        constexpr std::size_t kFixed = 1 + (sizeof(T) + ... + 0);
        std::byte* p = room(kFixed + tail);
        std::memcpy(p, &c, 1);
        std::size_t at = 1;
        ((std::memcpy(p + at, &fields, sizeof(T)), at += sizeof(T)), ...);
        m_open.size += kFixed;
    }
    template <class... T> void put(Command c, const T&... fields) {
        put_with_tail(0, c, fields...);
    }
    static std::size_t string_bytes(std::string_view s) { return sizeof(std::uint32_t) + s.size(); }
    void put_bytes(const void* data, std::size_t bytes);
    void put_string(std::string_view s);
    void next_chunk(std::size_t at_least);
    void publish(Chunk chunk);
    void work();
    void replay(const Chunk& chunk);
    void stop();

    // The worker's state and the program thread's open chunk sit on separate cache lines:
    // the worker reads m_rec on every command while the program thread writes m_open.size
    // on every command; sharing a line (as some heap addresses made them) would bounce it
    // between the two cores on every event.
    static constexpr std::size_t kCacheLine = 64;
    alignas(kCacheLine) Recorder m_rec; // used by the worker only, until finish
    std::vector<StepId> m_marks;
    alignas(kCacheLine) Chunk m_open;

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Chunk> m_full;                          // published, not replayed yet
    std::vector<Chunk> m_spare;                        // replayed, for reuse
    std::deque<std::unique_ptr<Snapshot>> m_snapshots; // by index; the replay frees each
    bool m_closing = false;      // (under m_mutex) no more chunks: the worker drains and ends
    bool m_finished = false;     // stop() ran: later commands are dropped
    bool m_threaded = false;     // the worker was started
    std::exception_ptr m_error;  // the worker's failure
    EventScan* m_scan = nullptr; // fed by the worker
    std::thread m_worker;
};

} // namespace condlab
