// Recorder: Observer callbacks -> TraceData.
//
// [SECTION] Live state (tasks, objects, interning)
// [SECTION] Steps
// [SECTION] Spans and wake-ups
// [SECTION] Object states
// [SECTION] Internal parts
// [SECTION] Observer callbacks
// [SECTION] Hooks for the layer above
// [SECTION] finish()
//
// Steps are opened lazily: on_callback() only notes that a callback began; the step
// is created by on_task_running() (a task step) or by the callback's first event (a
// callback step). Callbacks that report nothing leave no step. A fired timer's
// callback always gets a step whose first event is TimerFired.
#include "trace/recorder.h"

#include "runtime/error.h"
#include "trace/huge_pages.h"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <stdexcept>
#include <unordered_map>
#include <utility>

namespace condlab {

// ---------------------------------------------------------------------------
// [SECTION] Live state (tasks, objects, interning)
// ---------------------------------------------------------------------------

namespace {

constexpr std::uint32_t kNone = 0xFFFFFFFFu;

struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
        return std::hash<std::string_view>{}(s);
    }
};

struct LocKey {
    const char* file;
    std::uint32_t line;
    bool operator==(const LocKey&) const = default;
};
struct LocKeyHash {
    std::size_t operator()(const LocKey& k) const noexcept {
        return std::hash<const void*>{}(k.file) * 31u + k.line;
    }
};

struct TaskLive {
    TaskRecord rec;
    // Closed spans go to Impl::span_log (see LoggedSpan); the open one stays here.
    SpanRecord open{0, kNoObject, kNoLoc, TaskStatus::NotStarted};
    std::uint32_t last_closed = kNone; // its latest live entry in the span log
    std::uint32_t closed_count = 0;    // its live entries in the span log
    TaskStatus status = TaskStatus::NotStarted;
    WaitKind wait_kind = WaitKind::Future;
    ObjectId wait_object = kNoObject;
    std::uint32_t queued = 0; // how many waiter lists hold it (most often 0 or 1)
    LocId line = kNoLoc;      // current source line (set_source_line / line_executed)
    // The wake-up that will make it run next (a Link without to_step yet).
    bool has_pending = false;
    bool pending_specific = false; // set by a primitive op / cancel, not just "scheduled"
    Link pending;
    std::uint32_t open_link = kNone; // link created at the last resume, awaiting to_event
    ObjectId barrier = kNoObject;    // the barrier it arrived at (until it leaves)
};

/// A closed span in the log of all tasks' closed spans, in the order they closed. One
/// sequential array stays in cache where a vector per task (a thousand cold ends) did
/// not; finish() groups the entries by task.
struct LoggedSpan {
    SpanRecord rec;
    TaskId task = kNoTask;      // kNoTask: merged back into its task's open span
    std::uint32_t prev = kNone; // the same task's previous live entry
};

/// A FIFO of task ids in one vector: pop_front only moves `head`, and the dead prefix is
/// dropped once it is as long as the rest (a std::deque cost several times as much per
/// operation and per iteration step here).
class WaiterQueue {
  public:
    [[nodiscard]] bool empty() const { return m_head == m_items.size(); }
    [[nodiscard]] std::size_t size() const { return m_items.size() - m_head; }
    [[nodiscard]] TaskId front() const { return m_items[m_head]; }
    [[nodiscard]] const TaskId* begin() const { return m_items.data() + m_head; }
    [[nodiscard]] const TaskId* end() const { return m_items.data() + m_items.size(); }
    void push_back(TaskId t) { m_items.push_back(t); }
    void pop_front() {
        if (++m_head == m_items.size()) {
            m_items.clear();
            m_head = 0;
        } else if (m_head >= 32 && 2 * m_head >= m_items.size()) {
            m_items.erase(m_items.begin(), m_items.begin() + static_cast<std::ptrdiff_t>(m_head));
            m_head = 0;
        }
    }
    void erase(const TaskId* at) { m_items.erase(m_items.begin() + (at - m_items.data())); }

  private:
    std::vector<TaskId> m_items;
    std::size_t m_head = 0; // m_items[0, m_head) are popped
};

struct ObjectLive {
    ObjectRecord rec;
    std::vector<ObjectChange> changes;
    std::vector<ContentsRecord> contents;
    bool flag = false;
    TaskId holder = kNoTask;
    std::int64_t value = 0;
    WaiterQueue waiters;
    bool waiters_dirty = true; // waiter list changed since the last stored change
    // Waiter queues are FIFO: between two stored changes a list usually loses some heads and
    // gains some tails. Then the new list shares the old one's entries in task_lists and only
    // the new tail is appended, so a queue of n waiters costs O(1) per change, not O(n).
    std::uint32_t popped = 0; // heads removed since the last stored change
    std::uint32_t pushed = 0; // tails added since the last stored change
    bool reshaped = false;    // some other removal happened since the last stored change
    std::size_t appended_from = SIZE_MAX; // task_lists range the last change appended
    std::size_t appended_to = SIZE_MAX;
    bool changed = false; // in Impl::changed_objects: its change is stored when the step ends
    // An internal part (Observer::on_object_internal): the user's object it belongs to. Such
    // an object is not in the trace: its operations record no event, and waits on it are
    // waits on this object.
    ObjectId visible = kNoObject;
};

LinkKind link_kind_for(PrimitiveOp op) {
    switch (op) {
    case PrimitiveOp::ConditionNotify:
    case PrimitiveOp::ConditionNotifyAll:
        return LinkKind::Notify;
    case PrimitiveOp::LockRelease:
    case PrimitiveOp::LockAcquireFast:
    case PrimitiveOp::LockAcquireQueued:
    case PrimitiveOp::LockGranted:
        return LinkKind::Lock;
    case PrimitiveOp::EventSet:
    case PrimitiveOp::EventClear:
    case PrimitiveOp::EventWait:
        return LinkKind::EventSet;
    case PrimitiveOp::SemaphoreAcquire:
    case PrimitiveOp::SemaphoreAcquireQueued:
    case PrimitiveOp::SemaphoreRelease:
        return LinkKind::Semaphore;
    case PrimitiveOp::QueuePut:
    case PrimitiveOp::QueueGet:
    case PrimitiveOp::QueuePutBlocked:
    case PrimitiveOp::QueueGetBlocked:
    case PrimitiveOp::QueueTaskDone:
        return LinkKind::Queue;
    case PrimitiveOp::BarrierWait:
    case PrimitiveOp::BarrierBroken:
        return LinkKind::Barrier;
    case PrimitiveOp::ConditionWait:
    case PrimitiveOp::ConditionReacquire:
        return LinkKind::Notify;
    }
    return LinkKind::Future;
}

} // namespace

struct Recorder::Impl {
    TraceData d;

    // Interning.
    std::unordered_map<std::string, StringId, StringHash, std::equal_to<>> strings;
    std::unordered_map<const char*, StringId> file_ptrs;
    std::unordered_map<LocKey, LocId, LocKeyHash> locs;
    LocKey last_loc_key{nullptr, 0};
    LocId last_loc = kNoLoc;

    // Tasks and objects by id (index + 1; 0 = unknown).
    std::vector<std::uint32_t> task_index;
    std::vector<TaskLive> tasks;
    std::vector<std::uint32_t> object_index;
    std::vector<ObjectLive> objects;
    std::vector<LoggedSpan> span_log;
    // Objects changed in the open step (indices in `objects`). A step changes a lock several
    // times (acquire, release, acquire, ...) but stores one change, its state at the step's
    // end: so the change is written once, when the step ends (store_changes).
    std::vector<std::uint32_t> changed_objects;
    bool any_internal = false; // some object is an internal part (ObjectLive::visible)

    // Loop position.
    std::uint64_t iteration = 0;
    double now = 0.0;
    StepId cur = kNoStep;          // the open step
    TaskId runner = kNoTask;       // the task of the open task step
    bool runner_left = false;      // the runner suspended / finished already
    bool callback_pending = false; // on_callback() seen, no step opened yet
    TimerId pending_handle = 0;    // its handle (0: an internal callback, e.g. a done-callback)
    // Timers fired in this iteration, callbacks not run yet. Callbacks come in firing order:
    // a deque takes the first off in O(1) (200 k equal deadlines: no quadratic erase).
    std::deque<TimerId> fired;
    EventId step_timer_event = kNoEvent;
    std::vector<TaskId> step_generic_wakes; // tasks scheduled (generic) in the open step

    // Snapshots.
    struct ScopeLast {
        std::uint32_t record = kNone;
    };
    std::unordered_map<TaskId, ScopeLast> snap_last;
    std::vector<TaskId> snap_scopes_seen;
    StepId snap_last_step = 0;
    std::vector<SnapshotItem> snap_scratch;

    Impl() {
        d.string_pool.assign(1, '\0');
        d.string_offsets.assign(1, 0);
        strings.emplace(std::string(), kEmptyString);
        d.locs.push_back({});
    }

    StringId intern(std::string_view s) {
        if (s.empty())
            return kEmptyString;
        auto it = strings.find(s);
        if (it != strings.end())
            return it->second;
        const auto id = static_cast<StringId>(d.string_offsets.size());
        d.string_offsets.push_back(static_cast<std::uint32_t>(d.string_pool.size()));
        d.string_pool.append(s);
        d.string_pool.push_back('\0');
        strings.emplace(std::string(s), id);
        return id;
    }

    LocId intern_loc(SourceLoc where) {
        // The place interned last (a wait loop suspends at one line): inline, no hashing.
        if (where.file == last_loc_key.file && where.line == last_loc_key.line &&
            last_loc != kNoLoc)
            return last_loc;
        return intern_other_loc(where);
    }
    [[gnu::noinline]] LocId intern_other_loc(SourceLoc where) {
        if (!where.file && where.line == 0)
            return kNoLoc;
        const LocKey key{where.file, where.line};
        if (key == last_loc_key && last_loc != kNoLoc)
            return last_loc;
        auto it = locs.find(key);
        LocId id;
        if (it != locs.end()) {
            id = it->second;
        } else {
            StringId file = kEmptyString;
            if (where.file) {
                auto f = file_ptrs.find(where.file);
                if (f != file_ptrs.end()) {
                    file = f->second;
                } else {
                    file = intern(where.file);
                    file_ptrs.emplace(where.file, file);
                }
            }
            // Same file name + line through another pointer: reuse the record.
            id = kNoLoc;
            for (LocId i = static_cast<LocId>(d.locs.size()); i-- > 1 && d.locs.size() - i < 8;)
                if (d.locs[i].file == file && d.locs[i].line == where.line)
                    id = i;
            if (id == kNoLoc) {
                id = static_cast<LocId>(d.locs.size());
                d.locs.push_back({file, where.line});
            }
            locs.emplace(key, id);
        }
        last_loc_key = key;
        last_loc = id;
        return id;
    }

    /// A registered task, or null (never registers one: callers may hold TaskLive references).
    TaskLive* known_task(TaskId id) {
        return id < task_index.size() && task_index[id] != 0 ? &tasks[task_index[id] - 1] : nullptr;
    }

    TaskLive& task(TaskId id) {
        if (id < task_index.size() && task_index[id] != 0) [[likely]]
            return tasks[task_index[id] - 1];
        return add_task(id);
    }

    /// Registers a task not seen before (e.g. created before the recorder was attached).
    [[gnu::noinline]] TaskLive& add_task(TaskId id) {
        if (id >= task_index.size())
            task_index.resize(std::max<std::size_t>(id + 1, task_index.size() * 2), 0);
        tasks.emplace_back();
        task_index[id] = static_cast<std::uint32_t>(tasks.size());
        TaskLive& t = tasks.back();
        t.rec.id = id;
        return t;
    }

    const ObjectLive* object(ObjectId id) const {
        if (id == kNoObject)
            return nullptr;
        if (id < object_index.size() && object_index[id] != 0)
            return &objects[object_index[id] - 1];
        return nullptr;
    }
    ObjectLive* object(ObjectId id) {
        return const_cast<ObjectLive*>(std::as_const(*this).object(id));
    }

    ObjectLive& object_or_create(ObjectId id, ObjectKind kind) {
        if (ObjectLive* o = object(id)) [[likely]]
            return *o;
        return add_object(id, kind);
    }

    [[gnu::noinline]] ObjectLive& add_object(ObjectId id, ObjectKind kind) {
        if (id >= object_index.size())
            object_index.resize(std::max<std::size_t>(id + 1, object_index.size() * 2), 0);
        objects.emplace_back();
        object_index[id] = static_cast<std::uint32_t>(objects.size());
        ObjectLive& o = objects.back();
        o.rec.id = id;
        o.rec.kind = kind;
        return o;
    }

    // -----------------------------------------------------------------------
    // [SECTION] Steps
    // -----------------------------------------------------------------------

    [[gnu::noinline]] StepId open_step(StepKind kind, TaskId task) {
        store_changes();
        Step s;
        s.time = now;
        s.iteration = static_cast<std::uint32_t>(iteration);
        s.task = task;
        s.first_event = static_cast<EventId>(d.events.size());
        s.kind = kind;
        d.steps.push_back(s);
        cur = static_cast<StepId>(d.steps.size() - 1);
        runner = task;
        runner_left = false;
        callback_pending = false;
        step_timer_event = kNoEvent;
        step_generic_wakes.clear();
        return cur;
    }

    void close_step() {
        store_changes();
        cur = kNoStep;
        runner = kNoTask;
        callback_pending = false;
    }

    /// The step an event outside a task slice belongs to.
    [[gnu::always_inline]] StepId ensure_step() {
        if (callback_pending)
            return open_step(StepKind::Callback, kNoTask);
        if (cur == kNoStep)
            return open_step(StepKind::Loop, kNoTask);
        return cur;
    }

    [[gnu::always_inline]] TraceEvent& push_event(EventKind kind, TaskId task, ObjectId object) {
        const StepId s = ensure_step();
        TraceEvent& e = d.events.emplace_back();
        e.kind = kind;
        e.step = s;
        e.task = task;
        e.object = object;
        return e;
    }

    EventId last_event_id() const { return static_cast<EventId>(d.events.size() - 1); }

    /// The step an end of a timer belongs to without opening one: the open step, else the
    /// last one (a callback that recorded nothing else, or the loop between steps).
    StepId step_or_last() const {
        if (cur != kNoStep)
            return cur;
        return d.steps.empty() ? 0 : static_cast<StepId>(d.steps.size() - 1);
    }

    /// The row of timer `id` in d.timers (ids grow with arming order: binary search).
    TimerRecord* timer_row(TimerId id) {
        const auto it = std::lower_bound(d.timers.begin(), d.timers.end(), id,
                                         [](const TimerRecord& r, TimerId v) { return r.id < v; });
        return it != d.timers.end() && it->id == id ? &*it : nullptr;
    }

    // -----------------------------------------------------------------------
    // [SECTION] Spans and wake-ups
    // -----------------------------------------------------------------------

    static bool same_span(const SpanRecord& a, const SpanRecord& b) {
        return a.status == b.status && a.object == b.object && a.where == b.where;
    }

    void set_status(TaskLive& t, Tick tick, TaskStatus status, ObjectId object, LocId where) {
        t.status = status;
        SpanRecord& last = t.open;
        if (last.begin >= tick) { // a second change at the same tick replaces the first
            last.status = status;
            last.object = object;
            last.where = where;
            if (t.last_closed != kNone && same_span(span_log[t.last_closed].rec, last)) {
                LoggedSpan& before = span_log[t.last_closed]; // merged into it: keeps its begin
                last = before.rec;
                before.task = kNoTask;
                t.last_closed = before.prev;
                --t.closed_count;
            }
            return;
        }
        if (last.status == status && last.object == object && last.where == where)
            return;
        LoggedSpan& closed = span_log.emplace_back();
        closed.rec = last;
        closed.task = t.rec.id;
        closed.prev = t.last_closed;
        t.last_closed = static_cast<std::uint32_t>(span_log.size() - 1);
        ++t.closed_count;
        last.begin = tick; // field by field: see commit()
        last.object = object;
        last.where = where;
        last.status = status;
    }

    void set_pending(TaskLive& t, LinkKind kind, EventId from_event, bool specific) {
        if (t.has_pending && t.pending_specific && !specific)
            return;
        t.has_pending = true;
        t.pending_specific = specific;
        t.pending = Link{};
        t.pending.from_event = from_event;
        t.pending.from_step = cur;
        t.pending.task = t.rec.id;
        t.pending.kind = kind;
    }

    // -----------------------------------------------------------------------
    // [SECTION] Object states
    // -----------------------------------------------------------------------

    /// Appends [first, last) of a waiter queue. A plain loop: vector::insert costs more for
    /// the usual single waiter.
    static void append(std::vector<TaskId>& to, const TaskId* first, const TaskId* last) {
        for (; first != last; ++first)
            to.push_back(*first);
    }

    /// Notes that the object changed in the open step (see changed_objects).
    void changed(ObjectLive& o) {
        ensure_step();
        if (!o.changed)
            add_changed(o);
    }
    /// Out of line: on_primitive's common path then makes no call but this tail call.
    [[gnu::noinline]] void add_changed(ObjectLive& o) {
        o.changed = true;
        changed_objects.push_back(static_cast<std::uint32_t>(&o - objects.data()));
    }

    /// Stores the changed objects' states at the end of the open step.
    void store_changes() {
        if (changed_objects.empty()) [[likely]]
            return;
        const Tick tick = tick_end(cur);
        for (std::uint32_t i : changed_objects) {
            objects[i].changed = false;
            commit(objects[i], tick);
        }
        changed_objects.clear();
    }

    /// Stores the object's live state as its change at `tick`.
    void commit(ObjectLive& o, Tick tick) {
        ObjectChange* last = o.changes.empty() ? nullptr : &o.changes.back();
        const bool replacing = last && last->tick == tick;
        std::vector<TaskId>& lists = d.task_lists;
        // This tick's change is replaced: the entries it appended (and only those) can go.
        const std::size_t rewrite_from =
            replacing && o.appended_to == lists.size() ? o.appended_from : SIZE_MAX;
        o.appended_from = o.appended_to = SIZE_MAX;
        std::uint32_t waiters = 0;
        std::uint16_t waiter_count = 0;
        if (!o.waiters_dirty && last) {
            waiters = last->waiters;
            waiter_count = last->waiter_count;
        } else if (!o.waiters.empty()) {
            if (rewrite_from != SIZE_MAX)
                lists.resize(rewrite_from);
            const std::size_t count = std::min<std::size_t>(o.waiters.size(), 0xFFFF);
            // Only the tail is new when the previous list ends task_lists (see ObjectLive).
            const bool share = !replacing && last && !o.reshaped && count == o.waiters.size() &&
                               last->waiter_count != 0 && o.popped <= last->waiter_count &&
                               last->waiter_count - o.popped + o.pushed == count &&
                               last->waiters + last->waiter_count == lists.size();
            o.appended_from = lists.size();
            if (share) {
                waiters = last->waiters + o.popped;
                append(lists, o.waiters.end() - o.pushed, o.waiters.end());
            } else {
                waiters = static_cast<std::uint32_t>(lists.size());
                append(lists, o.waiters.begin(), o.waiters.begin() + count);
            }
            o.appended_to = lists.size();
            waiter_count = static_cast<std::uint16_t>(count);
        }
        o.waiters_dirty = false;
        o.popped = o.pushed = 0;
        o.reshaped = false;
        // Written field by field in place: a record assembled on the stack and copied is
        // read back wider than it was written, which stalls store forwarding (hot here).
        ObjectChange& c = replacing ? *last : o.changes.emplace_back();
        c.tick = tick;
        c.holder = o.holder;
        c.value =
            static_cast<std::int32_t>(std::clamp<std::int64_t>(o.value, INT32_MIN, INT32_MAX));
        c.waiters = waiters;
        c.waiter_count = waiter_count;
        c.flag = o.flag ? 1 : 0;
        c.reserved = 0;
    }

    bool remove_waiter(ObjectLive& o, TaskId t) {
        if (!o.waiters.empty() && o.waiters.front() == t) { // the FIFO's usual case
            o.waiters.pop_front();
            ++o.popped;
        } else {
            auto it = std::find(o.waiters.begin(), o.waiters.end(), t);
            if (it == o.waiters.end())
                return false;
            o.waiters.erase(it);
            o.reshaped = true;
        }
        o.waiters_dirty = true;
        if (TaskLive* w = known_task(t))
            --w->queued;
        return true;
    }

    void add_waiter(ObjectLive& o, TaskId t) {
        o.waiters.push_back(t);
        ++o.pushed;
        o.waiters_dirty = true;
        if (TaskLive* w = known_task(t))
            ++w->queued;
    }

    /// Impl::apply's ConditionWait for a known task, in an open step, for try_primitive.
    [[gnu::noinline]] bool add_condition_waiter(ObjectLive& o, TaskLive& t) {
        o.waiters.push_back(t.rec.id);
        ++o.pushed;
        o.waiters_dirty = true;
        ++t.queued;
        if (!o.changed)
            add_changed(o);
        return true;
    }

    void leave_barrier(TaskLive& t) {
        if (t.barrier == kNoObject)
            return;
        if (ObjectLive* b = object(t.barrier); b && remove_waiter(*b, t.rec.id)) {
            b->value = static_cast<std::int64_t>(b->waiters.size());
            changed(*b);
        }
        t.barrier = kNoObject;
    }

    void apply(PrimitiveOp op, ObjectLive& o, TaskId task, std::span<const TaskId> woken,
               std::int64_t value) {
        switch (op) {
        case PrimitiveOp::LockAcquireFast:
            o.flag = true;
            o.holder = task;
            break;
        case PrimitiveOp::LockAcquireQueued:
            add_waiter(o, task);
            break;
        case PrimitiveOp::LockGranted:
            remove_waiter(o, task);
            o.flag = true;
            o.holder = task;
            break;
        case PrimitiveOp::LockRelease: // the woken head stays queued until it runs
            o.flag = false;
            o.holder = kNoTask;
            break;
        case PrimitiveOp::ConditionWait:
            add_waiter(o, task);
            break;
        case PrimitiveOp::ConditionNotify:
        case PrimitiveOp::ConditionNotifyAll:
            for (TaskId w : woken)
                remove_waiter(o, w);
            break;
        case PrimitiveOp::ConditionReacquire:
            return; // no change
        case PrimitiveOp::EventSet:
            o.flag = true;
            for (TaskId w : woken)
                remove_waiter(o, w);
            break;
        case PrimitiveOp::EventClear:
            o.flag = false;
            break;
        case PrimitiveOp::EventWait:
            add_waiter(o, task);
            break;
        case PrimitiveOp::SemaphoreAcquire:
        case PrimitiveOp::SemaphoreRelease:
            o.value = value;
            break;
        case PrimitiveOp::SemaphoreAcquireQueued:
            o.value = value;
            add_waiter(o, task);
            break;
        case PrimitiveOp::QueuePut:
        case PrimitiveOp::QueueGet:
            o.value = value;
            break;
        case PrimitiveOp::QueuePutBlocked:
        case PrimitiveOp::QueueGetBlocked:
            add_waiter(o, task);
            break;
        case PrimitiveOp::QueueTaskDone:
            return;
        case PrimitiveOp::BarrierWait:
            if (task != kNoTask) {
                add_waiter(o, task);
                this->task(task).barrier = o.rec.id;
            }
            o.value = static_cast<std::int64_t>(o.waiters.size());
            break;
        case PrimitiveOp::BarrierBroken:
            o.flag = true;
            break;
        }
        changed(o);
    }

    /// on_primitive in general (Recorder::on_primitive takes the common cases itself).
    [[gnu::noinline]] void primitive(PrimitiveOp op, ObjectId object, TaskId task,
                                     std::span<const TaskId> woken, std::int64_t value) {
        if (ObjectLive* o = this->object(object); o && o->visible != kNoObject) [[unlikely]] {
            internal_primitive(op, *o, task, woken);
            return;
        }
        TraceEvent& e = push_event(EventKind::Primitive, task, object);
        e.op = op;
        e.value = value;
        if (!woken.empty()) {
            e.a = static_cast<std::uint32_t>(d.task_lists.size());
            e.b = static_cast<std::uint32_t>(woken.size());
            d.task_lists.insert(d.task_lists.end(), woken.begin(), woken.end());
        }
        const EventId id = last_event_id();
        if (task != kNoTask) {
            TaskLive& t = this->task(task);
            if (t.open_link != kNone) { // its first operation after the wake-up
                if (task == runner)
                    d.links[t.open_link].to_event = id;
                t.open_link = kNone;
            }
        }
        if (!woken.empty()) {
            const LinkKind kind = link_kind_for(op);
            for (TaskId w : woken)
                set_pending(this->task(w), kind, id, true);
        }
        ObjectKind kind = ObjectKind::Future;
        switch (op) {
        case PrimitiveOp::LockAcquireFast:
        case PrimitiveOp::LockAcquireQueued:
        case PrimitiveOp::LockGranted:
        case PrimitiveOp::LockRelease:
            kind = ObjectKind::Lock;
            break;
        case PrimitiveOp::ConditionWait:
        case PrimitiveOp::ConditionNotify:
        case PrimitiveOp::ConditionNotifyAll:
        case PrimitiveOp::ConditionReacquire:
            kind = ObjectKind::Condition;
            break;
        case PrimitiveOp::EventSet:
        case PrimitiveOp::EventClear:
        case PrimitiveOp::EventWait:
            kind = ObjectKind::Event;
            break;
        case PrimitiveOp::SemaphoreAcquire:
        case PrimitiveOp::SemaphoreAcquireQueued:
        case PrimitiveOp::SemaphoreRelease:
            kind = ObjectKind::Semaphore;
            break;
        case PrimitiveOp::BarrierWait:
        case PrimitiveOp::BarrierBroken:
            kind = ObjectKind::Barrier;
            break;
        default:
            kind = ObjectKind::Queue;
            break;
        }
        apply(op, object_or_create(object, kind), task, woken, value);
    }

    // -----------------------------------------------------------------------
    // [SECTION] Internal parts
    // -----------------------------------------------------------------------
    // A Barrier's condition and lock, a Queue's event (Observer::on_object_internal) are
    // not the user's objects: they get no record, no events and no findings. What they do
    // shows on the user's object: a task waiting on one waits on the owner (a barrier or a
    // queue), the tasks one wakes are woken by the owner, and a queue's join() waiters are
    // among the queue's waiters.

    static bool is_queue(ObjectKind kind) {
        return kind == ObjectKind::Queue || kind == ObjectKind::LifoQueue ||
               kind == ObjectKind::PriorityQueue;
    }

    /// An operation on an internal part: recorded as its effect on the user's object.
    void internal_primitive(PrimitiveOp op, ObjectLive& part, TaskId task,
                            std::span<const TaskId> woken) {
        const StepId s = ensure_step(); // the step it happens in exists as before
        ObjectLive* v = object(part.visible);
        if (!v)
            return;
        const ObjectId owner = v->rec.id;
        const ObjectKind owner_kind = v->rec.kind;
        if (!woken.empty()) {
            // Woken by the owner's operation in this step (the barrier's last arrival,
            // Queue.task_done()), when there is one.
            EventId from = kNoEvent;
            for (EventId i = static_cast<EventId>(d.events.size()); i-- > d.steps[s].first_event;)
                if (d.events[i].kind == EventKind::Primitive && d.events[i].object == owner) {
                    from = i;
                    break;
                }
            const LinkKind kind = owner_kind == ObjectKind::Barrier ? LinkKind::Barrier
                                  : is_queue(owner_kind)            ? LinkKind::Queue
                                                                    : link_kind_for(op);
            for (TaskId w : woken)
                set_pending(this->task(w), kind, from, true);
        }
        // A barrier's own reports (BarrierWait, leave_barrier) keep its waiters.
        if (!is_queue(owner_kind))
            return;
        if (op == PrimitiveOp::EventWait && task != kNoTask) {
            add_waiter(*v, task);
            changed(*v);
        } else if (op == PrimitiveOp::EventSet) {
            bool any = false;
            for (TaskId w : woken)
                any = remove_waiter(*v, w) || any;
            if (any)
                changed(*v);
        }
    }

    /// A task resumes from a wait on an internal part: it leaves the owner.
    void resume_from_internal(TaskLive& t, const ObjectLive& part) {
        ObjectLive* v = object(part.visible);
        if (!v)
            return;
        if (v->rec.kind == ObjectKind::Barrier) {
            if (t.barrier == v->rec.id)
                leave_barrier(t);
        } else if (t.queued != 0 && remove_waiter(*v, t.rec.id)) {
            changed(*v);
        }
    }

    /// A wait on an internal part is a wait on its owner: (status, object) as the owner's.
    [[gnu::noinline]] void wait_on_visible(TaskStatus& status, ObjectId& object) const {
        const ObjectLive* o = this->object(object);
        if (!o || o->visible == kNoObject || !is_blocked(status))
            return;
        const ObjectLive* v = this->object(o->visible);
        if (!v)
            return;
        object = v->rec.id;
        if (v->rec.kind == ObjectKind::Barrier)
            status = TaskStatus::WaitingOnBarrier;
        else if (is_queue(v->rec.kind))
            status = TaskStatus::WaitingOnQueue;
    }
};

// ---------------------------------------------------------------------------
// [SECTION] Observer callbacks
// ---------------------------------------------------------------------------

Recorder::Recorder() : m_impl(std::make_unique<Impl>()) {
    // Address space, not memory: pages are only touched as events arrive. A long run then
    // never copies its event array while it grows (each copy also faults in fresh pages).
    reserve(std::size_t{1} << 20);
}
Recorder::~Recorder() = default;

void Recorder::reserve(std::size_t events) {
    TraceData& d = m_impl->d;
    d.events.reserve(events);
    d.steps.reserve(events / 3);
    d.links.reserve(events / 4);
    d.task_lists.reserve(events / 4);
    m_impl->span_log.reserve(events / 2);
    advise_huge_pages(m_impl->span_log);
    advise_huge_pages(d.events);
    advise_huge_pages(d.steps);
    advise_huge_pages(d.links);
    advise_huge_pages(d.task_lists);
}

std::size_t Recorder::event_count() const noexcept { return m_impl->d.events.size(); }

EventSource Recorder::event_source() const noexcept {
    EventSource s;
    s.events = m_impl->d.events;
    s.task_lists = m_impl->d.task_lists;
    s.owner = m_impl.get();
    s.lock_of = [](const void* owner, ObjectId cond) {
        const ObjectLive* o = static_cast<const Impl*>(owner)->object(cond);
        return o ? o->rec.part : kNoObject;
    };
    return s;
}

void Recorder::on_iteration(std::uint64_t iteration, double now) {
    m_impl->close_step();
    m_impl->iteration = iteration;
    m_impl->now = now;
    m_impl->fired.clear();
}

void Recorder::on_task_created(TaskId id, std::string_view name, TaskId parent, SourceLoc where) {
    TraceEvent& e = m_impl->push_event(EventKind::TaskCreated, id, kNoObject);
    e.value = parent;
    TaskLive& t = m_impl->task(id);
    t.rec.name = m_impl->intern(name);
    t.rec.parent = parent;
    t.rec.created_where = m_impl->intern_loc(where);
    t.rec.created_step = m_impl->cur;
}

void Recorder::on_task_renamed(TaskId id, std::string_view name) {
    m_impl->task(id).rec.name = m_impl->intern(name);
}

void Recorder::on_task_scheduled(TaskId id) {
    const StepId s = m_impl->ensure_step();
    TaskLive& t = m_impl->task(id);
    const TaskStatus before = t.status;
    if (before != TaskStatus::NotStarted && before != TaskStatus::Ready &&
        before != TaskStatus::Running && !is_finished(before) &&
        !(id == m_impl->runner && !m_impl->runner_left)) {
        // A waiting task became runnable because of something in this step.
        const bool timer = m_impl->d.steps[s].kind == StepKind::Timer;
        m_impl->set_pending(t, timer ? LinkKind::Timer : LinkKind::Future,
                            timer ? m_impl->step_timer_event : kNoEvent, false);
        if (!t.pending_specific)
            m_impl->step_generic_wakes.push_back(id);
    }
    m_impl->set_status(t, tick_end(s), TaskStatus::Ready, kNoObject, kNoLoc);
}

void Recorder::on_task_running(TaskId id) {
    const StepId s = m_impl->open_step(StepKind::Task, id);
    TaskLive& t = m_impl->task(id);
    // It left whatever it waited on (woken, or cancelled out of the queue).
    if (ObjectLive* o = m_impl->object(t.wait_object)) {
        if (o->visible != kNoObject) [[unlikely]] {
            m_impl->resume_from_internal(t, *o);
        } else if (t.queued != 0 && m_impl->remove_waiter(*o, id)) {
            // (a notified waiter has already left the list: no search then)
            if (o->rec.kind == ObjectKind::Barrier)
                o->value = static_cast<std::int64_t>(o->waiters.size());
            m_impl->changed(*o);
        }
    }
    t.wait_object = kNoObject;
    t.open_link = kNone;
    if (t.has_pending) {
        Link l = t.pending;
        l.to_step = s;
        t.open_link = static_cast<std::uint32_t>(m_impl->d.links.size());
        m_impl->d.links.push_back(l);
        t.has_pending = false;
        t.pending_specific = false;
    }
    m_impl->set_status(t, tick_begin(s), TaskStatus::Running, kNoObject, kNoLoc);
}

void Recorder::on_task_suspended(TaskId id, const WaitInfo& wait) {
    const StepId s = m_impl->ensure_step();
    TaskLive& t = m_impl->task(id);
    if (id == m_impl->runner)
        m_impl->runner_left = true;
    LocId where = m_impl->intern_loc(wait.where);
    if (where == kNoLoc)
        where = t.line;
    t.wait_kind = wait.kind;
    t.wait_object = wait.object;
    t.open_link = kNone;
    if (t.barrier != kNoObject) {
        const ObjectLive* o = m_impl->object(wait.object);
        if (!o || o->visible != t.barrier)
            m_impl->leave_barrier(t);
    }
    TaskStatus status = status_for_wait(wait.kind);
    ObjectId object = wait.object;
    if (m_impl->any_internal) [[unlikely]]
        m_impl->wait_on_visible(status, object);
    m_impl->set_status(t, tick_end(s), status, status == TaskStatus::Ready ? kNoObject : object,
                       where);
}

void Recorder::on_task_done(TaskId id, TaskEnd end, const std::exception_ptr& error) {
    if (end == TaskEnd::Raised && error) {
        const ErrorDescription desc = describe_error(error);
        task_done(id, end, &desc);
    } else {
        task_done(id, end, nullptr);
    }
}

void Recorder::task_done(TaskId id, TaskEnd end, const ErrorDescription* error) {
    TraceEvent& e = m_impl->push_event(EventKind::TaskDone, id, kNoObject);
    e.value = static_cast<std::int64_t>(end);
    const EventId done_event = m_impl->last_event_id();
    const StepId s = m_impl->cur;
    TaskLive& t = m_impl->task(id);
    if (id == m_impl->runner)
        m_impl->runner_left = true;
    t.open_link = kNone;
    m_impl->leave_barrier(t);
    if (end == TaskEnd::Raised && error) {
        TraceEvent& x = m_impl->push_event(EventKind::Exception, id, kNoObject);
        x.a = m_impl->intern(error->type);
        x.b = m_impl->intern(error->message);
        x.value = t.line;
    }
    // Awaiters scheduled in this step (before on_task_done) were woken by this end.
    for (TaskId w : m_impl->step_generic_wakes) {
        TaskLive& a = m_impl->task(w);
        if (a.has_pending && !a.pending_specific && a.wait_kind == WaitKind::Task &&
            a.pending.from_step == s) {
            a.pending.kind = LinkKind::TaskDone;
            a.pending.from_event = done_event;
        }
    }
    const TaskStatus status = end == TaskEnd::Returned ? TaskStatus::Done
                              : end == TaskEnd::Raised ? TaskStatus::Failed
                                                       : TaskStatus::Cancelled;
    m_impl->set_status(t, tick_end(s), status, kNoObject, t.line);
}

void Recorder::on_task_cancel_requested(TaskId id, TaskId by) {
    // Outside any task (asyncio.run cancelling what is left): a loop step of its own.
    // Outside any task or user callback (asyncio.run cancelling what is left after the
    // main task ended, right after run_until_complete's internal stop callback): a loop
    // step of its own.
    if (by == kNoTask && ((m_impl->cur != kNoStep && m_impl->runner != kNoTask) ||
                          (m_impl->callback_pending && m_impl->pending_handle == 0)))
        m_impl->open_step(StepKind::Loop, kNoTask);
    TraceEvent& e = m_impl->push_event(EventKind::CancelRequested, id, kNoObject);
    e.value = by;
    TaskLive& t = m_impl->task(id);
    if (t.status == TaskStatus::Sleeping || is_blocked(t.status))
        m_impl->set_pending(t, LinkKind::Cancel, m_impl->last_event_id(), true);
}

void Recorder::on_object_internal(ObjectId id, ObjectId owner) {
    ObjectId visible = owner;
    if (const ObjectLive* o = m_impl->object(owner); o && o->visible != kNoObject)
        visible = o->visible;
    m_impl->object_or_create(id, ObjectKind::Future).visible = visible;
    m_impl->any_internal = true;
}

void Recorder::on_object_created(ObjectId id, ObjectKind kind, SourceLoc where) {
    if (ObjectLive* o = m_impl->object(id); o && o->visible != kNoObject) {
        o->rec.kind = kind; // an internal part: no event, no record
        return;
    }
    TraceEvent& e = m_impl->push_event(EventKind::ObjectCreated, m_impl->runner, id);
    e.value = static_cast<std::int64_t>(kind);
    ObjectLive& o = m_impl->object_or_create(id, kind);
    o.rec.kind = kind;
    o.rec.created_where = m_impl->intern_loc(where);
    o.rec.created_step = m_impl->cur;
}

void Recorder::on_object_label(ObjectId id, std::string_view label) {
    m_impl->object_or_create(id, ObjectKind::Future).rec.label = m_impl->intern(label);
}

void Recorder::on_object_owned(ObjectId part, ObjectId owner) {
    if (const ObjectLive* p = m_impl->object(part); p && p->visible != kNoObject)
        return; // internal parts are nobody's visible part
    m_impl->object_or_create(part, ObjectKind::Future).rec.owner = owner;
    ObjectLive& o = m_impl->object_or_create(owner, ObjectKind::Future);
    if (o.rec.part == kNoObject)
        o.rec.part = part;
}

void Recorder::on_primitive(PrimitiveOp op, ObjectId object, TaskId task,
                            std::span<const TaskId> woken, std::int64_t value) {
    if (!woken.empty() || !try_primitive(op, object, task, value))
        m_impl->primitive(op, object, task, woken, value);
}

bool Recorder::try_primitive(PrimitiveOp op, ObjectId object, TaskId task, std::int64_t value) {
    Impl& r = *m_impl;
    const bool common = op == PrimitiveOp::LockAcquireFast || op == PrimitiveOp::LockRelease ||
                        op == PrimitiveOp::ConditionWait || op == PrimitiveOp::ConditionReacquire;
    if (!common || r.callback_pending || r.cur == kNoStep ||
        r.d.events.size() == r.d.events.capacity()) [[unlikely]]
        return false;
    ObjectLive* o = r.object(object);
    TaskLive* t = r.known_task(task);
    if (!o || !t || o->visible != kNoObject) [[unlikely]]
        return false;
    TraceEvent& e = r.d.events.emplace_back();
    e.kind = EventKind::Primitive;
    e.op = op;
    e.step = r.cur;
    e.task = task;
    e.object = object;
    e.value = value;
    if (t->open_link != kNone) { // its first operation after the wake-up
        if (task == r.runner)
            r.d.links[t->open_link].to_event = r.last_event_id();
        t->open_link = kNone;
    }
    if (op == PrimitiveOp::ConditionReacquire)
        return true; // no change
    if (op == PrimitiveOp::ConditionWait)
        return r.add_condition_waiter(*o, *t); // (a tail call: no saved registers here)
    o->flag = op == PrimitiveOp::LockAcquireFast;
    o->holder = op == PrimitiveOp::LockAcquireFast ? task : kNoTask;
    if (!o->changed) // (the step is open: no ensure_step as in Impl::changed)
        r.add_changed(*o);
    return true;
}

void Recorder::on_timer_scheduled(TimerId timer, double when, TimerKind kind) {
    Impl& r = *m_impl;
    TimerRecord t;
    t.id = timer;
    t.when = when;
    t.kind = kind;
    const auto row = static_cast<std::uint32_t>(r.d.timers.size());
    if (kind != TimerKind::Internal && (r.cur != kNoStep || r.callback_pending)) {
        // Armed by a task or a callback: a TimerArmed event in its step.
        const StepId s = r.ensure_step();
        t.task = r.d.steps[s].task;
        t.where = t.task != kNoTask ? r.task(t.task).line : kNoLoc;
        t.armed_step = s;
        TraceEvent& e = r.push_event(EventKind::TimerArmed, t.task, kNoObject);
        e.a = row;
        e.b = t.where;
        e.value = static_cast<std::int64_t>(timer);
    } else {
        // The loop's own timers (a schedule explorer's cancel forks) are armed between steps,
        // while the last step may still be open: no event (it would land in that step, or
        // opening one would renumber the steps), no task.
        t.armed_step = r.step_or_last();
    }
    r.d.timers.push_back(t);
}

void Recorder::on_timer_fired(TimerId timer) { m_impl->fired.push_back(timer); }

void Recorder::on_timer_cancelled(TimerId timer) {
    // (sleep() and wait_for cancel their timer after it fired too: the first end stays.)
    if (TimerRecord* t = m_impl->timer_row(timer); t && t->end == TimerEnd::Pending) {
        t->end = TimerEnd::Cancelled;
        t->end_step = m_impl->step_or_last();
    }
}

void Recorder::on_callback(TimerId handle) {
    m_impl->close_step();
    if (handle != 0) {
        auto it = std::find(m_impl->fired.begin(), m_impl->fired.end(), handle);
        if (it != m_impl->fired.end()) {
            m_impl->fired.erase(it);
            m_impl->open_step(StepKind::Timer, kNoTask);
            TraceEvent& e = m_impl->push_event(EventKind::TimerFired, kNoTask, kNoObject);
            e.value = static_cast<std::int64_t>(handle);
            m_impl->step_timer_event = m_impl->last_event_id();
            if (TimerRecord* t = m_impl->timer_row(handle); t && t->end == TimerEnd::Pending) {
                t->end = TimerEnd::Fired;
                t->end_step = m_impl->cur;
            }
            return;
        }
    }
    m_impl->callback_pending = true;
    m_impl->pending_handle = handle;
}

// ---------------------------------------------------------------------------
// [SECTION] Hooks for the layer above
// ---------------------------------------------------------------------------

void Recorder::set_source_line(TaskId task, SourceLoc where) {
    m_impl->task(task).line = m_impl->intern_loc(where);
}

void Recorder::line_executed(SourceLoc where) {
    const LocId loc = m_impl->intern_loc(where);
    const StepId s = m_impl->ensure_step();
    const TaskId task = m_impl->d.steps[s].task;
    TraceEvent& e = m_impl->push_event(EventKind::Line, task, kNoObject);
    e.a = loc;
    if (task != kNoTask)
        m_impl->task(task).line = loc;
}

void Recorder::output(std::string_view text) {
    const StringId id = m_impl->intern(text);
    const StepId s = m_impl->ensure_step();
    const TaskId task = m_impl->d.steps[s].task;
    TraceEvent& e = m_impl->push_event(EventKind::Output, task, kNoObject);
    e.a = id;
    e.b = task != kNoTask ? m_impl->task(task).line : kNoLoc;
}

void Recorder::warning(WarningKind kind, std::string_view text, SourceLoc where) {
    const StringId id = m_impl->intern(text);
    const LocId loc = m_impl->intern_loc(where);
    const StepId s = m_impl->ensure_step();
    TraceEvent& e = m_impl->push_event(EventKind::Warning, m_impl->d.steps[s].task, kNoObject);
    e.a = id;
    e.b = loc;
    e.value = static_cast<std::int64_t>(kind);
}

void Recorder::exception(TaskId task, std::string_view type, std::string_view message,
                         SourceLoc where) {
    const StringId t = m_impl->intern(type);
    const StringId msg = m_impl->intern(message);
    LocId loc = m_impl->intern_loc(where);
    if (loc == kNoLoc && task != kNoTask)
        loc = m_impl->task(task).line;
    TraceEvent& e = m_impl->push_event(EventKind::Exception, task, kNoObject);
    e.a = t;
    e.b = msg;
    e.value = loc;
}

void Recorder::object_contents(ObjectId object, std::span<const std::string> items) {
    ObjectLive* o = m_impl->object(object);
    if (!o)
        return;
    const Tick tick = tick_end(m_impl->ensure_step());
    ContentsRecord r;
    r.tick = tick;
    r.first_item = static_cast<std::uint32_t>(m_impl->d.content_items.size());
    r.item_count = static_cast<std::uint32_t>(items.size());
    for (const std::string& s : items)
        m_impl->d.content_items.push_back(m_impl->intern(s));
    if (!o->contents.empty() && o->contents.back().tick == tick)
        o->contents.back() = r;
    else
        o->contents.push_back(r);
}

void Recorder::attach_snapshot(StepId step, const Snapshot& snapshot, SnapshotMode mode) {
    if (step < m_impl->snap_last_step)
        throw std::invalid_argument("attach_snapshot: steps must not decrease");
    m_impl->snap_last_step = step;
    TraceData& d = m_impl->d;
    // Scopes in order of first appearance; each scope's entries keep their order.
    std::vector<TaskId> scopes;
    for (const SnapshotEntry& e : snapshot.entries)
        if (std::find(scopes.begin(), scopes.end(), e.scope) == scopes.end())
            scopes.push_back(e.scope);
    auto store = [&](TaskId scope, const std::vector<SnapshotItem>& items) {
        Impl::ScopeLast& last = m_impl->snap_last[scope];
        if (last.record != kNone) {
            const SnapshotRecord& prev = d.snapshots[last.record];
            const bool same =
                prev.item_count == items.size() &&
                std::equal(items.begin(), items.end(), d.snapshot_items.begin() + prev.first_item,
                           [](const SnapshotItem& a, const SnapshotItem& b) {
                               return a.name == b.name && a.repr == b.repr;
                           });
            if (same)
                return;
        } else if (items.empty()) {
            return;
        } else {
            m_impl->snap_scopes_seen.push_back(scope);
        }
        SnapshotRecord r;
        r.step = step;
        r.scope = scope;
        r.first_item = static_cast<std::uint32_t>(d.snapshot_items.size());
        r.item_count = static_cast<std::uint32_t>(items.size());
        d.snapshot_items.insert(d.snapshot_items.end(), items.begin(), items.end());
        if (last.record != kNone && d.snapshots[last.record].step == step)
            d.snapshots[last.record] = r; // a second snapshot for the same step replaces it
        else {
            last.record = static_cast<std::uint32_t>(d.snapshots.size());
            d.snapshots.push_back(r);
        }
    };
    std::vector<SnapshotItem>& items = m_impl->snap_scratch;
    for (TaskId scope : scopes) {
        items.clear();
        for (const SnapshotEntry& e : snapshot.entries)
            if (e.scope == scope)
                items.push_back({m_impl->intern(e.name), m_impl->intern(e.repr)});
        store(scope, items);
    }
    if (mode == SnapshotMode::Replace) {
        items.clear();
        const std::vector<TaskId> seen = m_impl->snap_scopes_seen;
        for (TaskId scope : seen)
            if (std::find(scopes.begin(), scopes.end(), scope) == scopes.end())
                store(scope, items);
    }
}

StepId Recorder::current_step() { return m_impl->ensure_step(); }

// ---------------------------------------------------------------------------
// [SECTION] finish()
// ---------------------------------------------------------------------------

namespace {
/// Compacts a small array. A large one keeps its slack rather than being copied whole: the
/// untouched pages of its reservation (see the constructor) cost address space, not memory.
template <class T> void shrink(std::vector<T>& v) {
    if (v.capacity() > 2 * v.size() && v.size() * sizeof(T) <= (std::size_t{1} << 20))
        v.shrink_to_fit();
}
} // namespace

Trace Recorder::finish(const RunOutcome& outcome) {
    Impl& r = *m_impl;
    TraceData& d = r.d;
    r.store_changes();
    if (d.steps.empty())
        r.open_step(StepKind::Loop, kNoTask); // a trace has at least one step

    // Wake-ups that never led to a resume.
    for (TaskLive& t : r.tasks)
        if (t.has_pending)
            d.links.push_back(t.pending);

    // Run summary.
    RunSummary& run = d.run;
    run.kind = outcome.kind;
    run.budget = outcome.budget;
    run.iterations = std::max<std::uint64_t>(outcome.iterations, r.iteration);
    run.finish_time = std::max(outcome.time, r.now);
    for (const TaskLive& t : r.tasks)
        if (t.rec.parent == kNoTask && t.rec.name != kEmptyString) {
            run.main_task = t.rec.id;
            break;
        }
    if (outcome.error) {
        ErrorDescription desc = describe_error(outcome.error);
        run.error_type = r.intern(desc.type);
        run.error_message = r.intern(desc.message);
    }
    for (const BlockedTask& b : outcome.blocked) {
        BlockedRecord rec{b.task, b.wait.kind, b.wait.object, r.intern_loc(b.wait.where), b.ready};
        if (const ObjectLive* o = r.object(b.wait.object); o && o->visible != kNoObject) {
            rec.object = o->visible; // waits on an internal part are waits on its owner
            if (const ObjectLive* v = r.object(o->visible))
                rec.kind = v->rec.kind == ObjectKind::Barrier ? WaitKind::Barrier
                           : Impl::is_queue(v->rec.kind)      ? WaitKind::Queue
                                                              : rec.kind;
        }
        run.blocked.push_back(rec);
    }

    // Tasks (by id) with their spans, contiguous.
    std::sort(r.tasks.begin(), r.tasks.end(),
              [](const TaskLive& a, const TaskLive& b) { return a.rec.id < b.rec.id; });
    // Each task's closed spans from the log, in order, then its open span.
    std::size_t nspans = 0;
    std::vector<std::uint32_t> next_slot(r.tasks.empty() ? 0 : r.tasks.back().rec.id + 1, 0);
    d.tasks.reserve(r.tasks.size());
    for (TaskLive& t : r.tasks) {
        t.rec.first_span = static_cast<std::uint32_t>(nspans);
        t.rec.span_count = t.closed_count + 1;
        next_slot[t.rec.id] = t.rec.first_span;
        nspans += t.rec.span_count;
    }
    d.spans.reserve(nspans);
    advise_huge_pages(d.spans); // before resize() touches the pages
    d.spans.resize(nspans);
    for (const LoggedSpan& l : r.span_log)
        if (l.task != kNoTask)
            d.spans[next_slot[l.task]++] = l.rec;
    for (TaskLive& t : r.tasks) {
        d.spans[t.rec.first_span + t.closed_count] = t.open;
        d.tasks.push_back(t.rec);
    }

    // Objects (by id) with their changes and contents, contiguous.
    std::sort(r.objects.begin(), r.objects.end(),
              [](const ObjectLive& a, const ObjectLive& b) { return a.rec.id < b.rec.id; });
    std::size_t nchanges = 0, ncontents = 0;
    for (const ObjectLive& o : r.objects) {
        nchanges += o.changes.size();
        ncontents += o.contents.size();
    }
    d.changes.reserve(nchanges);
    advise_huge_pages(d.changes);
    d.contents.reserve(ncontents);
    d.objects.reserve(r.objects.size());
    for (ObjectLive& o : r.objects) {
        if (o.visible != kNoObject)
            continue; // an internal part (see Impl's "Internal parts")
        o.rec.first_change = static_cast<std::uint32_t>(d.changes.size());
        o.rec.change_count = static_cast<std::uint32_t>(o.changes.size());
        d.changes.insert(d.changes.end(), o.changes.begin(), o.changes.end());
        o.rec.first_contents = static_cast<std::uint32_t>(d.contents.size());
        o.rec.contents_count = static_cast<std::uint32_t>(o.contents.size());
        d.contents.insert(d.contents.end(), o.contents.begin(), o.contents.end());
        d.objects.push_back(o.rec);
    }

    // Snapshots grouped by scope: globals first, then tasks by id.
    std::stable_sort(
        d.snapshots.begin(), d.snapshots.end(),
        [](const SnapshotRecord& a, const SnapshotRecord& b) { return a.scope < b.scope; });
    for (std::uint32_t i = 0; i < d.snapshots.size(); ++i) {
        if (d.snapshot_scopes.empty() || d.snapshot_scopes.back().scope != d.snapshots[i].scope)
            d.snapshot_scopes.push_back({d.snapshots[i].scope, i, 0});
        ++d.snapshot_scopes.back().count;
    }

    shrink(d.string_offsets);
    d.string_pool.shrink_to_fit();
    shrink(d.locs);
    shrink(d.steps);
    shrink(d.events);
    shrink(d.task_lists);
    shrink(d.links);
    shrink(d.content_items);
    shrink(d.snapshots);
    shrink(d.snapshot_items);
    shrink(d.snapshot_scopes);
    shrink(d.timers);

    Trace trace(std::move(d));
    m_impl = std::make_unique<Impl>();
    return trace;
}

std::shared_ptr<const Trace> Recorder::finish_shared(const RunOutcome& outcome) {
    return std::make_shared<const Trace>(finish(outcome));
}

} // namespace condlab
