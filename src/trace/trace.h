#pragma once
// The immutable record of one run: tasks, objects, per-task state spans, instant
// events, causal links, steps and per-step snapshots. Built by `Recorder`
// (recorder.h) from the runtime's Observer callbacks, or by a loader from JSON.
// No Python, no UI.
//
// [SECTION] Ids and ticks
// [SECTION] Task states
// [SECTION] Records (plain structs: the raw data, exported / loaded as is)
// [SECTION] TraceData (all raw arrays)
// [SECTION] Trace (immutable, indexed queries in O(log n))
//
// Time model
// ----------
// A *step* is one task slice (resume -> suspension) or one plain callback; steps
// are numbered 0..N-1 in execution order. Step 0 is usually a "loop" step for what
// happens before the first callback (creating the main task). Every event belongs
// to exactly one step.
//
// State changes are placed on *ticks*, two per step:
//   tick_begin(s) = 2s      the task that runs step s becomes Running here;
//   tick_end(s)   = 2s + 1  every other change made during step s takes effect here
//                           (the runner suspends or finishes, notified tasks become
//                           Ready, locks change hands, ...).
// A span [begin, end) covers ticks begin <= t < end. The spans of a task cover
// [0, end_tick()) with no gaps, end_tick() = 2N.
//   task_state_at(task, s)    = state at tick_begin(s) ("while step s runs")
//   task_state_after(task, s) = state at tick_end(s)
//   object_state_at(obj, s)   = state at tick_end(s) (after step s's operations)
//   object_state_before(obj, s) = state at tick_begin(s)
#include "runtime/observer.h"
#include "runtime/run_outcome.h"

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace condlab {

// ---------------------------------------------------------------------------
// [SECTION] Ids and ticks
// ---------------------------------------------------------------------------

using StepId = std::uint32_t;
using EventId = std::uint32_t;
using StringId = std::uint32_t; // index into TraceData::string_offsets; 0 = ""
using LocId = std::uint32_t;    // index into TraceData::locs; 0 = no location
using Tick = std::uint32_t;

inline constexpr StepId kNoStep = std::numeric_limits<StepId>::max();
inline constexpr EventId kNoEvent = std::numeric_limits<EventId>::max();
inline constexpr LocId kNoLoc = 0;
inline constexpr StringId kEmptyString = 0;

constexpr Tick tick_begin(StepId s) noexcept { return 2 * s; }
constexpr Tick tick_end(StepId s) noexcept { return 2 * s + 1; }
constexpr StepId tick_step(Tick t) noexcept { return t / 2; }
constexpr bool tick_is_end(Tick t) noexcept { return (t & 1u) != 0; }

// ---------------------------------------------------------------------------
// [SECTION] Task states
// ---------------------------------------------------------------------------

enum class TaskStatus : std::uint8_t {
    NotStarted, // not created yet
    Ready,      // queued to run
    Running,
    Sleeping,
    BlockedOnLock,
    WaitingOnCondition,
    WaitingOnEvent,
    WaitingOnSemaphore,
    WaitingOnQueue,
    WaitingOnBarrier,
    WaitingOnTask,
    WaitingOnFuture,
    Done,
    Failed,    // finished with an exception
    Cancelled, // finished cancelled
};
inline constexpr int kTaskStatusCount = static_cast<int>(TaskStatus::Cancelled) + 1;

/// One row of the task-status table.
struct TaskStatusInfo {
    const char* id;   // stable, for exporters / JSON: "not_started", "blocked_on_lock", ...
    const char* name; // plain words: "not started", "blocked on lock", ...
};
[[nodiscard]] const TaskStatusInfo& status_info(TaskStatus status) noexcept;
/// Plain words: "not started", "ready", "running", "sleeping", "blocked on lock",
/// "waiting on condition", ..., "done", "failed", "cancelled".
[[nodiscard]] inline const char* status_name(TaskStatus status) noexcept {
    return status_info(status).name;
}
/// Short identifier: "not_started", "ready", "running", "sleeping", "blocked_on_lock",
/// "waiting_on_condition", ... (stable; used by exporters / JSON).
[[nodiscard]] inline const char* status_id(TaskStatus status) noexcept {
    return status_info(status).id;
}
/// Waiting for something other than time: lock, condition, event, semaphore, queue,
/// barrier, task, future. (Inline: the analysis asks it of every span.)
constexpr bool is_blocked(TaskStatus status) noexcept {
    switch (status) {
    case TaskStatus::BlockedOnLock:
    case TaskStatus::WaitingOnCondition:
    case TaskStatus::WaitingOnEvent:
    case TaskStatus::WaitingOnSemaphore:
    case TaskStatus::WaitingOnQueue:
    case TaskStatus::WaitingOnBarrier:
    case TaskStatus::WaitingOnTask:
    case TaskStatus::WaitingOnFuture:
        return true;
    default:
        return false;
    }
}
/// Done, Failed or Cancelled.
constexpr bool is_finished(TaskStatus status) noexcept {
    return status == TaskStatus::Done || status == TaskStatus::Failed ||
           status == TaskStatus::Cancelled;
}
/// The status a task suspended on `kind` is in (Yield -> Ready, Sleep -> Sleeping, ...).
TaskStatus status_for_wait(WaitKind kind) noexcept;

const char* object_kind_name(ObjectKind kind) noexcept; // "Lock", "Condition", ...

inline constexpr int kPrimitiveOpCount = static_cast<int>(PrimitiveOp::BarrierBroken) + 1;
/// One row of the primitive-operation table.
struct PrimitiveOpInfo {
    const char* id;   // stable, for exporters / JSON: "condition_notify", ...
    const char* name; // in a sentence: "notify", "acquire (queued)", ...
    // What a task does to the object, as a verb phrase around its name:
    // verb + object + verb_end ("takes " cond "'s lock back after its wait").
    const char* verb;
    const char* verb_end;
};
[[nodiscard]] const PrimitiveOpInfo& primitive_op_info(PrimitiveOp op) noexcept;
[[nodiscard]] inline const char* primitive_op_name(PrimitiveOp op) noexcept {
    return primitive_op_info(op).name; // "notify", "notify_all", ...
}
[[nodiscard]] inline const char* primitive_op_id(PrimitiveOp op) noexcept {
    return primitive_op_info(op).id; // "condition_notify", ...
}
const char* wait_kind_name(WaitKind kind) noexcept; // "future", "sleep", "lock", ...

// ---------------------------------------------------------------------------
// [SECTION] Records
// ---------------------------------------------------------------------------

struct LocRecord {
    StringId file = kEmptyString;
    std::uint32_t line = 0;
};

struct TaskRecord {
    TaskId id = kNoTask;
    StringId name = kEmptyString; // the task's final name
    TaskId parent = kNoTask;      // the task that created it
    LocId created_where = kNoLoc;
    StepId created_step = 0;
    std::uint32_t first_span = 0; // its spans: spans[first_span, first_span + span_count)
    std::uint32_t span_count = 0;
};

struct ObjectRecord {
    ObjectId id = kNoObject;
    ObjectKind kind = ObjectKind::Future;
    StringId label = kEmptyString; // "cond", "lock", ... ("" when none was given)
    ObjectId owner = kNoObject;    // for a condition's internal lock: the condition
    ObjectId part = kNoObject;     // for a condition: its lock
    LocId created_where = kNoLoc;
    StepId created_step = 0;
    std::uint32_t first_change = 0; // changes[first_change, first_change + change_count)
    std::uint32_t change_count = 0;
    std::uint32_t first_contents = 0; // contents[first_contents, + contents_count)
    std::uint32_t contents_count = 0;
};

enum class StepKind : std::uint8_t {
    Task,     // one task slice: resume -> suspension / end
    Callback, // a plain callback (e.g. a done-callback that is not a task wake-up)
    Timer,    // a timer's callback (the TimerFired event is its first event)
    Loop,     // the loop itself, outside callbacks (before the first iteration, cancel at end)
};
const char* step_kind_name(StepKind kind) noexcept;

struct Step {
    double time = 0.0;           // virtual time
    std::uint32_t iteration = 0; // loop iteration (0 = before the first)
    TaskId task = kNoTask;       // the task running (Task steps), else kNoTask
    EventId first_event = 0;     // its events: [first_event, next step's first_event)
    StepKind kind = StepKind::Loop;
};

/// One stored span. A span ends where the task's next span begins (the last one at
/// end_tick()); read them through Trace::spans(task) which returns full SpanViews.
struct SpanRecord {
    Tick begin = 0;
    ObjectId object = kNoObject; // the object waited on (if any)
    LocId where = kNoLoc;        // source location of the await
    TaskStatus status = TaskStatus::NotStarted;
};

enum class EventKind : std::uint8_t {
    Primitive,       // `op` on `object` by `task`; woken(e) lists the tasks it woke; `value` as
                     // reported (notify: n; semaphore: counter after; queue: size after; ...)
    TaskCreated,     // `task` created; `value` = parent task id
    TaskDone,        // `task` finished; `value` = TaskEnd
    Exception,       // `task` raised: `a` = type (StringId), `b` = message (StringId),
                     // `value` = LocId where
    CancelRequested, // `task` asked to cancel; `value` = the requesting task (0 = none)
    TimerFired,      // `value` = timer id (first event of a Timer step)
    Output,          // a printed line: `a` = text (StringId, no newline), `b` = LocId, `task`
    Line,            // `task` executed the line `a` (LocId)
    Warning,         // `a` = text (StringId), `b` = LocId, `value` = WarningKind
    ObjectCreated,   // `object` created while `task` ran; `value` = ObjectKind
    TimerArmed,      // `task` armed a timer (kNoTask: a callback did): `a` = its row in
                     // TraceData::timers, `b` = LocId of the task's line, `value` = timer id
};
const char* event_kind_name(EventKind kind) noexcept;

enum class WarningKind : std::uint8_t { NeverAwaited, Other };

/// 32 bytes. Field meaning depends on `kind` (see EventKind).
struct TraceEvent {
    EventKind kind = EventKind::Primitive;
    PrimitiveOp op = PrimitiveOp::LockAcquireFast; // Primitive only
    std::uint16_t reserved = 0;
    StepId step = 0;
    TaskId task = kNoTask;
    ObjectId object = kNoObject;
    std::uint32_t a = 0; // Primitive: woken offset in task_lists; else see EventKind
    std::uint32_t b = 0; // Primitive: woken count; else see EventKind
    std::int64_t value = 0;
};
static_assert(sizeof(TraceEvent) == 32);

enum class LinkKind : std::uint8_t {
    Notify,   // notify / notify_all -> the woken task's resume
    Lock,     // lock release -> the next owner's resume (to_event: its grant)
    TaskDone, // a task finished -> its awaiter's resume
    EventSet, // event.set() -> each waiter's resume
    Semaphore,
    Queue,
    Barrier,
    Timer,  // a timer fired -> the sleeper's resume
    Cancel, // task.cancel() -> the cancelled task's resume
    Future, // some future completed in `from_step` -> the waiter's resume
};
const char* link_kind_name(LinkKind kind) noexcept;

/// A causal link: something in `from_step` (event `from_event` when known) made
/// `task` runnable; it resumed in `to_step` (kNoStep: never resumed before the end).
struct Link {
    EventId from_event = kNoEvent;
    StepId from_step = 0;
    TaskId task = kNoTask;
    StepId to_step = kNoStep;
    EventId to_event = kNoEvent; // the woken task's first primitive operation in to_step
    LinkKind kind = LinkKind::Future;
};

/// How a timer's story ended.
enum class TimerEnd : std::uint8_t {
    Pending,   // still armed when the run ended
    Fired,     // its callback ran (end_step: the Timer step, first event TimerFired)
    Cancelled, // cancelled before its callback ran (the wait ended first, or sleep's finally)
};
const char* timer_kind_name(TimerKind kind) noexcept; // "sleep", "timeout", "wait_for", ...
const char* timer_end_name(TimerEnd end) noexcept;    // "pending", "fired", "cancelled"

/// One armed timer. Timers are a table rather than only events because a timer's end is
/// known long after it was armed: the TimerArmed event (in the arming step) points at its
/// row, and the row is completed when the timer fires or is cancelled. One row per call_at
/// (a Timeout's reschedule arms a new timer); ordered by id (= arming order).
struct TimerRecord {
    TimerId id = 0;
    double when = 0.0;         // the deadline (virtual time) it was armed for
    TaskId task = kNoTask;     // the task that armed it (kNoTask: a callback / the loop)
    LocId where = kNoLoc;      // that task's line when it armed it
    StepId armed_step = 0;     // the step that armed it (the last step before, if the
                               // loop armed it between steps)
    StepId end_step = kNoStep; // the step it fired / was cancelled in (kNoStep: pending)
    TimerKind kind = TimerKind::Internal;
    TimerEnd end = TimerEnd::Pending;
};

/// A full snapshot of one object, stored each time it changes (at most one per tick).
struct ObjectChange {
    Tick tick = 0;
    TaskId holder = kNoTask;   // Lock: the task that holds it
    std::int32_t value = 0;    // Semaphore: counter; Queue: size; Barrier: count waiting
    std::uint32_t waiters = 0; // offset in task_lists
    std::uint16_t waiter_count = 0;
    std::uint8_t flag = 0; // Lock: locked; Event: set; Barrier: broken
    std::uint8_t reserved = 0;
};

/// Contents of a queue (or any object) as strings, provided by the layer above.
struct ContentsRecord {
    Tick tick = 0;
    std::uint32_t first_item = 0; // content_items[first_item, + item_count)
    std::uint32_t item_count = 0;
};

/// One scope's variables from a certain step on (until the scope's next record).
struct SnapshotRecord {
    StepId step = 0;
    TaskId scope = kNoTask;       // kNoTask = globals
    std::uint32_t first_item = 0; // snapshot_items[first_item, + item_count)
    std::uint32_t item_count = 0;
};
struct SnapshotItem {
    StringId name = kEmptyString;
    StringId repr = kEmptyString;
};
/// Records of one scope: snapshots[first, first + count), ordered by step.
struct SnapshotScope {
    TaskId scope = kNoTask;
    std::uint32_t first = 0;
    std::uint32_t count = 0;
};

struct BlockedRecord {
    TaskId task = kNoTask;
    WaitKind kind = WaitKind::Future;
    ObjectId object = kNoObject;
    LocId where = kNoLoc;
    bool ready = false;
};

/// Run-level facts (from the runtime's RunOutcome, or set by the layer above).
struct RunSummary {
    OutcomeKind kind = OutcomeKind::Complete;
    BudgetKind budget = BudgetKind::None;
    std::uint64_t iterations = 0;
    double finish_time = 0.0;
    TaskId main_task = kNoTask;         // the task run() created (the first root task)
    StringId error_type = kEmptyString; // Exception: the main task's exception
    StringId error_message = kEmptyString;
    std::vector<BlockedRecord> blocked; // Deadlock / Budget
};

// ---------------------------------------------------------------------------
// [SECTION] TraceData
// ---------------------------------------------------------------------------

/// Every array of a trace. Records refer to each other by index / id; strings live
/// in one pool. A loader fills this and hands it to Trace(TraceData).
struct TraceData {
    std::string string_pool;                   // all strings, each followed by '\0'
    std::vector<std::uint32_t> string_offsets; // StringId -> offset in string_pool ([0] = "")
    std::vector<LocRecord> locs;               // [0] = no location
    std::vector<TaskRecord> tasks;             // ordered by id
    std::vector<ObjectRecord> objects;         // ordered by id
    std::vector<Step> steps;
    std::vector<SpanRecord> spans;        // grouped by task (TaskRecord::first_span)
    std::vector<TraceEvent> events;       // in order; grouped by step
    std::vector<TaskId> task_lists;       // woken lists and waiter lists
    std::vector<Link> links;              // ordered by to_step (kNoStep last)
    std::vector<ObjectChange> changes;    // grouped by object, ordered by tick
    std::vector<ContentsRecord> contents; // grouped by object, ordered by tick
    std::vector<StringId> content_items;
    std::vector<SnapshotRecord> snapshots;      // grouped by scope, ordered by step
    std::vector<SnapshotScope> snapshot_scopes; // globals first, then tasks by id
    std::vector<SnapshotItem> snapshot_items;
    std::vector<TimerRecord> timers; // ordered by id
    RunSummary run;
};

// ---------------------------------------------------------------------------
// [SECTION] Trace
// ---------------------------------------------------------------------------

/// One span with both ends and its task.
struct SpanView {
    TaskId task = kNoTask;
    TaskStatus status = TaskStatus::NotStarted;
    ObjectId object = kNoObject;
    LocId where = kNoLoc;
    Tick begin = 0;
    Tick end = 0;
};

/// (iteration, virtual time, step) of a tick.
struct TracePoint {
    std::uint64_t iteration = 0;
    double time = 0.0;
    StepId step = 0;     // == steps().size() for the end of the run
    bool at_end = false; // the tick is the end of `step`
};

/// An object's state at a tick.
struct ObjectState {
    ObjectId object = kNoObject;
    ObjectKind kind = ObjectKind::Future;
    bool locked = false;             // Lock
    bool set = false;                // Event: flag; Barrier: broken
    TaskId holder = kNoTask;         // Lock
    std::int64_t value = 0;          // Semaphore: counter; Queue: size; Barrier: count
    std::span<const TaskId> waiters; // in order (Lock, Condition, Event, Semaphore, Queue, Barrier)
    std::vector<std::string_view> contents; // Queue contents, if the layer above gave them
    Tick changed_at = 0;                    // tick of the change in effect (0 = initial state)
};

struct SnapshotEntryView {
    TaskId scope = kNoTask; // kNoTask = globals
    std::string_view name;
    std::string_view repr;
};

class Trace {
  public:
    Trace() = default;
    /// Takes raw arrays (from the Recorder or a loader) and builds the indexes.
    explicit Trace(TraceData data);

    [[nodiscard]] const TraceData& data() const noexcept { return m_data; }

    // -- strings and locations --------------------------------------------------
    [[nodiscard]] std::string_view str(StringId id) const noexcept;
    /// A location; `file` points into this trace's string pool (nullptr for kNoLoc).
    [[nodiscard]] SourceLoc loc(LocId id) const noexcept;
    [[nodiscard]] std::uint32_t line(LocId id) const noexcept;

    // -- tasks and objects ---------------------------------------------------------
    [[nodiscard]] std::span<const TaskRecord> tasks() const noexcept { return m_data.tasks; }
    [[nodiscard]] std::span<const ObjectRecord> objects() const noexcept { return m_data.objects; }
    /// nullptr if unknown.
    [[nodiscard]] const TaskRecord* task(TaskId id) const noexcept;
    [[nodiscard]] const ObjectRecord* object(ObjectId id) const noexcept;
    /// The task's name ("task#7" if unknown).
    [[nodiscard]] std::string task_name(TaskId id) const;
    /// The label when there is one; else, for a primitive's internal part, the owner's
    /// name + "'s " + kind ("cond's lock"); else kind#id ("Condition#3").
    [[nodiscard]] std::string object_name(ObjectId id) const;

    // -- steps and events ----------------------------------------------------------
    [[nodiscard]] std::span<const Step> steps() const noexcept { return m_data.steps; }
    [[nodiscard]] std::size_t step_count() const noexcept { return m_data.steps.size(); }
    [[nodiscard]] std::span<const TraceEvent> events() const noexcept { return m_data.events; }
    /// The events of step `s`, in order.
    [[nodiscard]] std::span<const TraceEvent> step_events(StepId s) const noexcept;
    [[nodiscard]] EventId step_first_event(StepId s) const noexcept;
    /// Tasks woken by a Primitive event (notify, release, set, ...).
    [[nodiscard]] std::span<const TaskId> woken(const TraceEvent& e) const noexcept;
    /// The first step whose time is >= t (step_count() if none): time -> step in O(log n).
    [[nodiscard]] StepId step_at_time(double t) const noexcept;
    /// The first step of iteration `it` or later (step_count() if none).
    [[nodiscard]] StepId step_at_iteration(std::uint64_t it) const noexcept;
    [[nodiscard]] TracePoint point(Tick t) const noexcept;
    /// One past the last tick: 2 * step_count().
    [[nodiscard]] Tick end_tick() const noexcept {
        return static_cast<Tick>(2 * m_data.steps.size());
    }

    // -- spans ---------------------------------------------------------------------
    [[nodiscard]] std::size_t span_count(TaskId task) const noexcept;
    [[nodiscard]] SpanView span(TaskId task, std::size_t index) const noexcept;
    /// The same for a record of tasks() (no look-up by id: for walks over every span).
    [[nodiscard]] SpanView span(const TaskRecord& task, std::size_t index) const noexcept;
    /// All spans of a task, in order, covering [0, end_tick()).
    [[nodiscard]] std::vector<SpanView> spans(TaskId task) const;
    /// The span covering tick `t` (O(log n)).
    [[nodiscard]] SpanView span_at(TaskId task, Tick t) const noexcept;
    /// State while step `s` runs (the runner is Running). O(log n).
    [[nodiscard]] TaskStatus task_state_at(TaskId task, StepId s) const noexcept;
    /// State once step `s` has run. O(log n).
    [[nodiscard]] TaskStatus task_state_after(TaskId task, StepId s) const noexcept;

    // -- objects ---------------------------------------------------------------------
    /// State at tick `t` (O(log n) + size of the waiter list).
    [[nodiscard]] ObjectState object_state_at_tick(ObjectId obj, Tick t) const;
    /// State after step `s`'s operations.
    [[nodiscard]] ObjectState object_state_at(ObjectId obj, StepId s) const {
        return object_state_at_tick(obj, tick_end(s));
    }
    /// State before step `s` runs.
    [[nodiscard]] ObjectState object_state_before(ObjectId obj, StepId s) const {
        return object_state_at_tick(obj, tick_begin(s));
    }
    /// The object's stored changes (ordered by tick).
    [[nodiscard]] std::span<const ObjectChange> changes(ObjectId obj) const noexcept;

    // -- links -----------------------------------------------------------------------
    [[nodiscard]] std::span<const Link> links() const noexcept { return m_data.links; }
    /// Links whose target is `task`, in order.
    [[nodiscard]] std::vector<Link> links_to(TaskId task) const;
    /// The link that made step `s`'s task resume, if any (nullptr otherwise). O(log n).
    [[nodiscard]] const Link* link_into(StepId s) const noexcept;

    // -- timers ----------------------------------------------------------------------
    [[nodiscard]] std::span<const TimerRecord> timers() const noexcept { return m_data.timers; }
    /// The record of timer `id` (nullptr if it was never armed in this trace). O(log n).
    [[nodiscard]] const TimerRecord* timer(TimerId id) const noexcept;

    // -- snapshots -------------------------------------------------------------------
    /// Variables in effect at step `s` (globals first, then tasks by id; each scope in
    /// the order the layer above gave). O(scopes * log n).
    [[nodiscard]] std::vector<SnapshotEntryView> snapshot_at(StepId s) const;

    // -- run ----------------------------------------------------------------------------
    [[nodiscard]] const RunSummary& run() const noexcept { return m_data.run; }
    [[nodiscard]] double finish_time() const noexcept { return m_data.run.finish_time; }
    [[nodiscard]] std::uint64_t iterations() const noexcept { return m_data.run.iterations; }

    /// Bytes held: capacity x element size of every array + the string pool.
    [[nodiscard]] std::size_t memory_bytes() const noexcept;

  private:
    TraceData m_data;
};

// Inline: analysis and the timeline call these for every span of every task.
inline TracePoint Trace::point(Tick t) const noexcept {
    TracePoint p;
    p.step = tick_step(t);
    p.at_end = tick_is_end(t);
    if (p.step < m_data.steps.size()) {
        p.iteration = m_data.steps[p.step].iteration;
        p.time = m_data.steps[p.step].time;
    } else {
        p.step = static_cast<StepId>(m_data.steps.size());
        p.at_end = false;
        p.iteration = m_data.run.iterations;
        p.time = m_data.run.finish_time;
        if (!m_data.steps.empty()) {
            p.iteration = std::max<std::uint64_t>(p.iteration, m_data.steps.back().iteration);
            p.time = std::max(p.time, m_data.steps.back().time);
        }
    }
    return p;
}

inline SpanView Trace::span(const TaskRecord& t, std::size_t index) const noexcept {
    SpanView v;
    v.task = t.id;
    if (index >= t.span_count)
        return v;
    const SpanRecord& r = m_data.spans[t.first_span + index];
    v.status = r.status;
    v.object = r.object;
    v.where = r.where;
    v.begin = r.begin;
    v.end = index + 1 < t.span_count ? m_data.spans[t.first_span + index + 1].begin : end_tick();
    return v;
}

} // namespace condlab
