// Trace: name tables and O(log n) queries over the raw arrays.
//
// [SECTION] Names
// [SECTION] Trace: construction, strings, tasks, objects
// [SECTION] Trace: steps, spans
// [SECTION] Trace: objects' states, links, snapshots, memory
#include "trace/trace.h"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace condlab {

// ---------------------------------------------------------------------------
// [SECTION] Names
// ---------------------------------------------------------------------------

namespace {

// In TaskStatus order.
constexpr TaskStatusInfo kStatuses[] = {
    {"not_started", "not started"},
    {"ready", "ready"},
    {"running", "running"},
    {"sleeping", "sleeping"},
    {"blocked_on_lock", "blocked on lock"},
    {"waiting_on_condition", "waiting on condition"},
    {"waiting_on_event", "waiting on event"},
    {"waiting_on_semaphore", "waiting on semaphore"},
    {"waiting_on_queue", "waiting on queue"},
    {"waiting_on_barrier", "waiting on barrier"},
    {"waiting_on_task", "waiting on task"},
    {"waiting_on_future", "waiting on future"},
    {"done", "done"},
    {"failed", "failed"},
    {"cancelled", "cancelled"},
};
static_assert(std::size(kStatuses) == kTaskStatusCount);

// In PrimitiveOp order.
constexpr PrimitiveOpInfo kPrimitiveOps[] = {
    {"lock_acquire_fast", "acquire", "acquires ", ""},
    {"lock_acquire_queued", "acquire (queued)", "waits for ", ""},
    {"lock_granted", "acquired", "is handed ", ""},
    {"lock_release", "release", "releases ", ""},
    {"condition_wait", "wait", "waits on ", ""},
    {"condition_notify", "notify", "notifies ", ""},
    {"condition_notify_all", "notify_all", "notifies every waiter of ", ""},
    {"condition_reacquire", "reacquire", "takes ", "'s lock back after its wait"},
    {"event_set", "set", "sets ", ""},
    {"event_clear", "clear", "clears ", ""},
    {"event_wait", "wait", "waits on ", ""},
    {"semaphore_acquire", "acquire", "acquires ", ""},
    {"semaphore_acquire_queued", "acquire (queued)", "waits for ", ""},
    {"semaphore_release", "release", "releases ", ""},
    {"queue_put", "put", "puts an item in ", ""},
    {"queue_get", "get", "takes an item from ", ""},
    {"queue_put_blocked", "put (blocked)", "waits for room in ", ""},
    {"queue_get_blocked", "get (blocked)", "waits for an item in ", ""},
    {"queue_task_done", "task_done", "marks an item of ", " done"},
    {"barrier_wait", "wait", "waits at ", ""},
    {"barrier_broken", "broken", "breaks ", ""},
};
static_assert(std::size(kPrimitiveOps) == kPrimitiveOpCount);

constexpr TaskStatusInfo kUnknownStatus = {"?", "?"};
constexpr PrimitiveOpInfo kUnknownOp = {"?", "?", "? ", ""};

} // namespace

const TaskStatusInfo& status_info(TaskStatus status) noexcept {
    const auto i = static_cast<std::size_t>(status);
    return i < std::size(kStatuses) ? kStatuses[i] : kUnknownStatus;
}

const PrimitiveOpInfo& primitive_op_info(PrimitiveOp op) noexcept {
    const auto i = static_cast<std::size_t>(op);
    return i < std::size(kPrimitiveOps) ? kPrimitiveOps[i] : kUnknownOp;
}

TaskStatus status_for_wait(WaitKind kind) noexcept {
    switch (kind) {
    case WaitKind::Future:
        return TaskStatus::WaitingOnFuture;
    case WaitKind::Yield:
        return TaskStatus::Ready;
    case WaitKind::Sleep:
        return TaskStatus::Sleeping;
    case WaitKind::Lock:
        return TaskStatus::BlockedOnLock;
    case WaitKind::Condition:
        return TaskStatus::WaitingOnCondition;
    case WaitKind::Event:
        return TaskStatus::WaitingOnEvent;
    case WaitKind::Semaphore:
        return TaskStatus::WaitingOnSemaphore;
    case WaitKind::Queue:
        return TaskStatus::WaitingOnQueue;
    case WaitKind::Barrier:
        return TaskStatus::WaitingOnBarrier;
    case WaitKind::Task:
        return TaskStatus::WaitingOnTask;
    }
    return TaskStatus::WaitingOnFuture;
}

const char* object_kind_name(ObjectKind kind) noexcept {
    switch (kind) {
    case ObjectKind::Lock:
        return "Lock";
    case ObjectKind::Condition:
        return "Condition";
    case ObjectKind::Event:
        return "Event";
    case ObjectKind::Semaphore:
        return "Semaphore";
    case ObjectKind::BoundedSemaphore:
        return "BoundedSemaphore";
    case ObjectKind::Queue:
        return "Queue";
    case ObjectKind::LifoQueue:
        return "LifoQueue";
    case ObjectKind::PriorityQueue:
        return "PriorityQueue";
    case ObjectKind::Barrier:
        return "Barrier";
    case ObjectKind::Future:
        return "Future";
    }
    return "?";
}

const char* wait_kind_name(WaitKind kind) noexcept {
    switch (kind) {
    case WaitKind::Future:
        return "future";
    case WaitKind::Yield:
        return "yield";
    case WaitKind::Sleep:
        return "sleep";
    case WaitKind::Lock:
        return "lock";
    case WaitKind::Condition:
        return "condition";
    case WaitKind::Event:
        return "event";
    case WaitKind::Semaphore:
        return "semaphore";
    case WaitKind::Queue:
        return "queue";
    case WaitKind::Barrier:
        return "barrier";
    case WaitKind::Task:
        return "task";
    }
    return "?";
}

const char* step_kind_name(StepKind kind) noexcept {
    switch (kind) {
    case StepKind::Task:
        return "task";
    case StepKind::Callback:
        return "callback";
    case StepKind::Timer:
        return "timer";
    case StepKind::Loop:
        return "loop";
    }
    return "?";
}

const char* event_kind_name(EventKind kind) noexcept {
    switch (kind) {
    case EventKind::Primitive:
        return "primitive";
    case EventKind::TaskCreated:
        return "task_created";
    case EventKind::TaskDone:
        return "task_done";
    case EventKind::Exception:
        return "exception";
    case EventKind::CancelRequested:
        return "cancel_requested";
    case EventKind::TimerFired:
        return "timer_fired";
    case EventKind::Output:
        return "output";
    case EventKind::Line:
        return "line";
    case EventKind::Warning:
        return "warning";
    case EventKind::ObjectCreated:
        return "object_created";
    case EventKind::TimerArmed:
        return "timer_armed";
    }
    return "?";
}

const char* timer_kind_name(TimerKind kind) noexcept {
    switch (kind) {
    case TimerKind::Sleep:
        return "sleep";
    case TimerKind::Timeout:
        return "timeout";
    case TimerKind::WaitFor:
        return "wait_for";
    case TimerKind::Callback:
        return "callback";
    case TimerKind::Internal:
        return "internal";
    }
    return "?";
}

const char* timer_end_name(TimerEnd end) noexcept {
    switch (end) {
    case TimerEnd::Pending:
        return "pending";
    case TimerEnd::Fired:
        return "fired";
    case TimerEnd::Cancelled:
        return "cancelled";
    }
    return "?";
}

const TimerRecord* Trace::timer(TimerId id) const noexcept {
    const auto it = std::lower_bound(m_data.timers.begin(), m_data.timers.end(), id,
                                     [](const TimerRecord& r, TimerId v) { return r.id < v; });
    return it != m_data.timers.end() && it->id == id ? &*it : nullptr;
}

const char* link_kind_name(LinkKind kind) noexcept {
    switch (kind) {
    case LinkKind::Notify:
        return "notify";
    case LinkKind::Lock:
        return "lock";
    case LinkKind::TaskDone:
        return "task_done";
    case LinkKind::EventSet:
        return "event_set";
    case LinkKind::Semaphore:
        return "semaphore";
    case LinkKind::Queue:
        return "queue";
    case LinkKind::Barrier:
        return "barrier";
    case LinkKind::Timer:
        return "timer";
    case LinkKind::Cancel:
        return "cancel";
    case LinkKind::Future:
        return "future";
    }
    return "?";
}

// ---------------------------------------------------------------------------
// [SECTION] Trace: construction, strings, tasks, objects
// ---------------------------------------------------------------------------

Trace::Trace(TraceData data) : m_data(std::move(data)) {
    if (m_data.string_offsets.empty()) { // hand-built data without strings: str(0) = ""
        m_data.string_pool.assign(1, '\0');
        m_data.string_offsets.assign(1, 0);
    }
    if (m_data.locs.empty())
        m_data.locs.push_back({});
}

std::string_view Trace::str(StringId id) const noexcept {
    const std::vector<std::uint32_t>& off = m_data.string_offsets;
    if (id >= off.size())
        return {};
    const std::size_t begin = off[id];
    const std::size_t next = id + 1 < off.size() ? off[id + 1] : m_data.string_pool.size();
    if (next == 0 || begin > next - 1 || next > m_data.string_pool.size())
        return {};
    return std::string_view(m_data.string_pool.data() + begin, next - 1 - begin); // drop '\0'
}

SourceLoc Trace::loc(LocId id) const noexcept {
    if (id == kNoLoc || id >= m_data.locs.size())
        return {};
    const LocRecord& r = m_data.locs[id];
    const std::uint32_t off =
        r.file < m_data.string_offsets.size() ? m_data.string_offsets[r.file] : 0;
    return SourceLoc{m_data.string_pool.empty() ? nullptr : m_data.string_pool.data() + off,
                     r.line};
}

std::uint32_t Trace::line(LocId id) const noexcept {
    if (id == kNoLoc || id >= m_data.locs.size())
        return 0;
    return m_data.locs[id].line;
}

namespace {
template <class Rec, class Id> const Rec* find_by_id(const std::vector<Rec>& v, Id id) noexcept {
    if (v.empty())
        return nullptr;
    // Ids are usually contiguous: try the direct slot first.
    const Id first = v.front().id;
    if (id >= first && static_cast<std::size_t>(id - first) < v.size() && v[id - first].id == id)
        return &v[id - first];
    auto it = std::lower_bound(v.begin(), v.end(), id, [](const Rec& r, Id x) { return r.id < x; });
    return it != v.end() && it->id == id ? &*it : nullptr;
}
} // namespace

const TaskRecord* Trace::task(TaskId id) const noexcept { return find_by_id(m_data.tasks, id); }
const ObjectRecord* Trace::object(ObjectId id) const noexcept {
    return find_by_id(m_data.objects, id);
}

std::string Trace::task_name(TaskId id) const {
    if (const TaskRecord* t = task(id); t && t->name != kEmptyString)
        return std::string(str(t->name));
    return "task#" + std::to_string(id);
}

std::string Trace::object_name(ObjectId id) const {
    const ObjectRecord* o = object(id);
    if (!o)
        return "object#" + std::to_string(id);
    if (o->label != kEmptyString)
        return std::string(str(o->label));
    if (o->owner != kNoObject && o->owner != id) {
        // A primitive's internal part: "cond's lock", "q's event", "barrier's condition".
        std::string out = object_name(o->owner);
        out += "'s ";
        for (const char* c = object_kind_name(o->kind); *c; ++c)
            out += static_cast<char>(*c >= 'A' && *c <= 'Z' ? *c - 'A' + 'a' : *c);
        return out;
    }
    std::string out = object_kind_name(o->kind);
    out += '#';
    out += std::to_string(id);
    return out;
}

// ---------------------------------------------------------------------------
// [SECTION] Trace: steps, spans
// ---------------------------------------------------------------------------

EventId Trace::step_first_event(StepId s) const noexcept {
    if (s >= m_data.steps.size())
        return static_cast<EventId>(m_data.events.size());
    return m_data.steps[s].first_event;
}

std::span<const TraceEvent> Trace::step_events(StepId s) const noexcept {
    if (s >= m_data.steps.size())
        return {};
    const EventId b = step_first_event(s);
    const EventId e = step_first_event(s + 1);
    if (b > e || e > m_data.events.size())
        return {};
    return std::span<const TraceEvent>(m_data.events.data() + b, e - b);
}

std::span<const TaskId> Trace::woken(const TraceEvent& e) const noexcept {
    if (e.kind != EventKind::Primitive || e.b == 0)
        return {};
    if (static_cast<std::size_t>(e.a) + e.b > m_data.task_lists.size())
        return {};
    return std::span<const TaskId>(m_data.task_lists.data() + e.a, e.b);
}

StepId Trace::step_at_time(double t) const noexcept {
    auto it = std::lower_bound(m_data.steps.begin(), m_data.steps.end(), t,
                               [](const Step& s, double x) { return s.time < x; });
    return static_cast<StepId>(it - m_data.steps.begin());
}

StepId Trace::step_at_iteration(std::uint64_t iteration) const noexcept {
    auto it = std::lower_bound(m_data.steps.begin(), m_data.steps.end(), iteration,
                               [](const Step& s, std::uint64_t x) { return s.iteration < x; });
    return static_cast<StepId>(it - m_data.steps.begin());
}

std::size_t Trace::span_count(TaskId id) const noexcept {
    const TaskRecord* t = task(id);
    return t ? t->span_count : 0;
}

SpanView Trace::span(TaskId id, std::size_t index) const noexcept {
    if (const TaskRecord* t = task(id))
        return span(*t, index);
    SpanView v;
    v.task = id;
    return v;
}

std::vector<SpanView> Trace::spans(TaskId id) const {
    std::vector<SpanView> out;
    const std::size_t n = span_count(id);
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i)
        out.push_back(span(id, i));
    return out;
}

SpanView Trace::span_at(TaskId id, Tick t) const noexcept {
    const TaskRecord* rec = task(id);
    if (!rec || rec->span_count == 0) {
        SpanView v;
        v.task = id;
        v.end = end_tick();
        return v;
    }
    const SpanRecord* first = m_data.spans.data() + rec->first_span;
    const SpanRecord* last = first + rec->span_count;
    // The last span whose begin <= t.
    const SpanRecord* it =
        std::upper_bound(first, last, t, [](Tick x, const SpanRecord& r) { return x < r.begin; });
    const std::size_t index = it == first ? 0 : static_cast<std::size_t>(it - first - 1);
    return span(id, index);
}

TaskStatus Trace::task_state_at(TaskId id, StepId s) const noexcept {
    return span_at(id, tick_begin(s)).status;
}

TaskStatus Trace::task_state_after(TaskId id, StepId s) const noexcept {
    return span_at(id, tick_end(s)).status;
}

// ---------------------------------------------------------------------------
// [SECTION] Trace: objects' states, links, snapshots, memory
// ---------------------------------------------------------------------------

std::span<const ObjectChange> Trace::changes(ObjectId id) const noexcept {
    const ObjectRecord* o = object(id);
    if (!o || o->change_count == 0)
        return {};
    return std::span<const ObjectChange>(m_data.changes.data() + o->first_change, o->change_count);
}

ObjectState Trace::object_state_at_tick(ObjectId id, Tick t) const {
    ObjectState st;
    st.object = id;
    const ObjectRecord* o = object(id);
    if (!o)
        return st;
    st.kind = o->kind;
    std::span<const ObjectChange> ch = changes(id);
    auto it = std::upper_bound(ch.begin(), ch.end(), t,
                               [](Tick x, const ObjectChange& c) { return x < c.tick; });
    if (it != ch.begin()) {
        const ObjectChange& c = *(it - 1);
        st.changed_at = c.tick;
        st.holder = c.holder;
        st.value = c.value;
        st.locked = o->kind == ObjectKind::Lock && c.flag != 0;
        st.set = o->kind != ObjectKind::Lock && c.flag != 0;
        if (c.waiter_count != 0 &&
            static_cast<std::size_t>(c.waiters) + c.waiter_count <= m_data.task_lists.size())
            st.waiters =
                std::span<const TaskId>(m_data.task_lists.data() + c.waiters, c.waiter_count);
    }
    if (o->contents_count != 0) {
        const ContentsRecord* first = m_data.contents.data() + o->first_contents;
        const ContentsRecord* last = first + o->contents_count;
        const ContentsRecord* c = std::upper_bound(
            first, last, t, [](Tick x, const ContentsRecord& r) { return x < r.tick; });
        if (c != first) {
            --c;
            for (std::uint32_t i = 0; i < c->item_count; ++i)
                st.contents.push_back(str(m_data.content_items[c->first_item + i]));
        }
    }
    return st;
}

std::vector<Link> Trace::links_to(TaskId id) const {
    std::vector<Link> out;
    for (const Link& l : m_data.links)
        if (l.task == id)
            out.push_back(l);
    return out;
}

const Link* Trace::link_into(StepId s) const noexcept {
    auto it = std::lower_bound(m_data.links.begin(), m_data.links.end(), s,
                               [](const Link& l, StepId x) { return l.to_step < x; });
    if (it == m_data.links.end() || it->to_step != s)
        return nullptr;
    return &*it;
}

std::vector<SnapshotEntryView> Trace::snapshot_at(StepId s) const {
    std::vector<SnapshotEntryView> out;
    for (const SnapshotScope& scope : m_data.snapshot_scopes) {
        const SnapshotRecord* first = m_data.snapshots.data() + scope.first;
        const SnapshotRecord* last = first + scope.count;
        const SnapshotRecord* r = std::upper_bound(
            first, last, s, [](StepId x, const SnapshotRecord& rec) { return x < rec.step; });
        if (r == first)
            continue;
        --r;
        for (std::uint32_t i = 0; i < r->item_count; ++i) {
            const SnapshotItem& item = m_data.snapshot_items[r->first_item + i];
            out.push_back({scope.scope, str(item.name), str(item.repr)});
        }
    }
    return out;
}

std::size_t Trace::memory_bytes() const noexcept {
    auto bytes = [](const auto& v) { return v.capacity() * sizeof(v[0]); };
    const TraceData& d = m_data;
    return d.string_pool.capacity() + bytes(d.string_offsets) + bytes(d.locs) + bytes(d.tasks) +
           bytes(d.objects) + bytes(d.steps) + bytes(d.spans) + bytes(d.events) +
           bytes(d.task_lists) + bytes(d.links) + bytes(d.changes) + bytes(d.contents) +
           bytes(d.content_items) + bytes(d.snapshots) + bytes(d.snapshot_scopes) +
           bytes(d.snapshot_items) + bytes(d.timers) + bytes(d.run.blocked) + sizeof(Trace);
}

} // namespace condlab
