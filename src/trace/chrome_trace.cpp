// Chrome Trace Event JSON export (see chrome_trace.h for the layout and time mapping).
//
// [SECTION] Time map
// [SECTION] Names and helpers
// [SECTION] Tracks: state slices, step slices, operation marks, instants
// [SECTION] Flows, lock holds, counters, outcome
// [SECTION] Document
#include "trace/chrome_trace.h"

#include "trace/analysis.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <string_view>

namespace condlab {

using ojson = nlohmann::ordered_json;

// ---------------------------------------------------------------------------
// [SECTION] Time map
// ---------------------------------------------------------------------------

bool ChromeTimeMap::is_marked(EventKind kind) noexcept {
    // TimerArmed: drawn as the timer's own async span (Writer::timers), not as a slot.
    return kind != EventKind::Line && kind != EventKind::ObjectCreated &&
           kind != EventKind::TimerArmed;
}

namespace {
std::int64_t micros(double seconds) noexcept {
    if (!std::isfinite(seconds))
        return 0;
    return static_cast<std::int64_t>(std::llround(seconds * 1e6));
}
} // namespace

ChromeTimeMap::ChromeTimeMap(const Trace& trace) {
    const std::span<const Step> steps = trace.steps();
    const std::span<const TraceEvent> events = trace.events();
    m_slot.assign(events.size(), -1);
    m_event_step.assign(events.size(), kNoStep);
    m_width.assign(steps.size(), 2);
    m_begin.assign(steps.size() + 1, 0);
    for (StepId s = 0; s < steps.size(); ++s) {
        int k = 0;
        const EventId first = trace.step_first_event(s);
        const std::span<const TraceEvent> in_step = trace.step_events(s);
        for (std::size_t i = 0; i < in_step.size(); ++i) {
            m_event_step[first + i] = s;
            if (is_marked(in_step[i].kind))
                m_slot[first + i] = k++;
        }
        m_width[s] = 2 + 3 * static_cast<std::int64_t>(k);
    }
    std::int64_t offset = 0;
    for (StepId s = 0; s < steps.size(); ++s) {
        m_begin[s] = micros(steps[s].time) + offset;
        offset += m_width[s] + 1;
    }
    double end_time = trace.finish_time();
    if (!steps.empty() && !(end_time >= steps.back().time))
        end_time = steps.back().time;
    m_begin[steps.size()] = micros(end_time) + offset;
    // Keep the map monotonic even if times were recorded out of order.
    for (std::size_t s = 1; s < m_begin.size(); ++s)
        if (m_begin[s] < m_begin[s - 1] + m_width[s - 1] + 1)
            m_begin[s] = m_begin[s - 1] + m_width[s - 1] + 1;
}

std::int64_t ChromeTimeMap::step_begin(StepId s) const noexcept {
    return s < m_begin.size() ? m_begin[s] : m_begin.back();
}

std::int64_t ChromeTimeMap::step_end(StepId s) const noexcept {
    return s < m_width.size() ? m_begin[s] + m_width[s] : m_begin.back();
}

std::int64_t ChromeTimeMap::tick(Tick t) const noexcept {
    const StepId s = tick_step(t);
    if (s >= m_width.size())
        return m_begin.back();
    return tick_is_end(t) ? step_end(s) : step_begin(s);
}

std::int64_t ChromeTimeMap::tail_end() const noexcept {
    return end() + std::max<std::int64_t>(1000, (end() - m_begin.front()) / 10);
}

int ChromeTimeMap::slot(EventId e) const noexcept { return e < m_slot.size() ? m_slot[e] : -1; }

StepId ChromeTimeMap::event_step(EventId e) const noexcept {
    return e < m_event_step.size() ? m_event_step[e] : kNoStep;
}

std::int64_t ChromeTimeMap::event_begin(EventId e) const noexcept {
    if (e >= m_slot.size())
        return m_begin.back();
    const StepId s = m_event_step[e];
    const int k = m_slot[e];
    return k < 0 ? step_begin(s) + 1 : step_begin(s) + 2 + 3 * static_cast<std::int64_t>(k);
}

std::int64_t ChromeTimeMap::event_mid(EventId e) const noexcept {
    return e < m_slot.size() && m_slot[e] >= 0 ? event_begin(e) + 1 : event_begin(e);
}

// ---------------------------------------------------------------------------
// [SECTION] Names and helpers
// ---------------------------------------------------------------------------

namespace {

class Writer {
  public:
    Writer(const Trace& trace) : m_trace(trace), m_map(trace) {
        // Display names of objects, made unique ("cond", "cond#4") for counter names.
        std::map<std::string, int> count;
        for (const ObjectRecord& o : m_trace.objects())
            ++count[m_trace.object_name(o.id)];
        for (const ObjectRecord& o : m_trace.objects()) {
            std::string n = m_trace.object_name(o.id);
            if (count[n] > 1)
                n += "#" + std::to_string(o.id);
            m_unique_names[o.id] = n;
        }
    }

    std::string run();

  private:
    const Trace& m_trace;
    ChromeTimeMap m_map;
    std::map<ObjectId, std::string> m_unique_names;
    std::string m_out;
    bool m_first = true;

    void emit(const ojson& e) {
        m_out += m_first ? "\n" : ",\n";
        m_first = false;
        m_out += e.dump(-1, ' ', false, ojson::error_handler_t::replace);
    }

    static ojson base(std::string_view name, const char* cat, const char* ph, std::int64_t ts,
                      std::int64_t tid) {
        ojson e = ojson::object();
        e["name"] = name;
        if (cat)
            e["cat"] = cat;
        e["ph"] = ph;
        e["ts"] = ts;
        e["pid"] = kChromePid;
        e["tid"] = tid;
        return e;
    }

    std::int64_t step_tid(StepId s) const {
        if (s >= m_trace.step_count())
            return kChromeLoopTid;
        const Step& st = m_trace.steps()[s];
        return st.kind == StepKind::Task && st.task != kNoTask ? std::int64_t{st.task}
                                                               : kChromeLoopTid;
    }

    std::string where_text(LocId where) const {
        const SourceLoc l = m_trace.loc(where);
        if (!l.file && l.line == 0)
            return {};
        return std::string(l.file ? l.file : "") + ":" + std::to_string(l.line);
    }

    ojson point_json(Tick tick) const {
        const TracePoint p = m_trace.point(tick);
        ojson o = ojson::object();
        o["iteration"] = p.iteration;
        o["time"] = std::isfinite(p.time) ? ojson(p.time) : ojson(nullptr);
        o["step"] = p.step;
        return o;
    }

    std::string slice_name(const SpanView& s) const {
        if (s.object != kNoObject) {
            if (s.status == TaskStatus::BlockedOnLock)
                return "blocked on " + m_trace.object_name(s.object);
            if (is_blocked(s.status))
                return "waiting on " + m_trace.object_name(s.object);
        }
        return status_name(s.status);
    }

    std::string names(std::span<const TaskId> tasks) const {
        std::string s;
        for (TaskId id : tasks) {
            if (!s.empty())
                s += ", ";
            s += m_trace.task_name(id);
        }
        return s;
    }

    /// Name and args of the operation slice of a marked event.
    std::pair<std::string, ojson> mark(const TraceEvent& e) const {
        ojson args = ojson::object();
        args["event"] = event_kind_name(e.kind);
        std::string name;
        switch (e.kind) {
        case EventKind::Primitive: {
            name = m_trace.object_name(e.object) + "." + primitive_op_name(e.op);
            args["object"] = m_trace.object_name(e.object);
            args["op"] = primitive_op_name(e.op);
            args["value"] = e.value;
            const std::span<const TaskId> w = m_trace.woken(e);
            if (!w.empty())
                args["woken"] = names(w);
            else if (e.op == PrimitiveOp::ConditionNotify ||
                     e.op == PrimitiveOp::ConditionNotifyAll)
                args["woken"] = "nobody (lost notify)";
            break;
        }
        case EventKind::TaskCreated:
            name = "create_task " + m_trace.task_name(e.task);
            break;
        case EventKind::TaskDone:
            name = e.value == static_cast<std::int64_t>(TaskEnd::Raised)      ? "raised"
                   : e.value == static_cast<std::int64_t>(TaskEnd::Cancelled) ? "cancelled"
                                                                              : "returned";
            args["task"] = m_trace.task_name(e.task);
            break;
        case EventKind::CancelRequested:
            name = "cancel " + m_trace.task_name(e.task);
            break;
        case EventKind::TimerFired:
            name = "timer fired";
            args["timer"] = e.value;
            break;
        case EventKind::Output:
            name = std::string(m_trace.str(e.a));
            if (m_trace.line(e.b) != 0)
                args["line"] = m_trace.line(e.b);
            break;
        case EventKind::Exception:
            name = std::string(m_trace.str(e.a));
            if (!m_trace.str(e.b).empty())
                name += ": " + std::string(m_trace.str(e.b));
            if (e.value > 0 && e.value <= std::numeric_limits<LocId>::max() &&
                m_trace.line(static_cast<LocId>(e.value)) != 0)
                args["line"] = m_trace.line(static_cast<LocId>(e.value));
            break;
        case EventKind::Warning:
            name = "warning: " + std::string(m_trace.str(e.a));
            if (m_trace.line(e.b) != 0)
                args["line"] = m_trace.line(e.b);
            break;
        case EventKind::Line:
        case EventKind::ObjectCreated:
        case EventKind::TimerArmed:
            name = event_kind_name(e.kind);
            break;
        }
        if (e.task != kNoTask)
            args["task"] = m_trace.task_name(e.task);
        return {name, args};
    }

    void metadata();
    void task_tracks();
    void loop_track();
    void marks();
    void flows();
    void lock_holds();
    void timers();
    void counters();
    void outcome();
};

// ---------------------------------------------------------------------------
// [SECTION] Tracks: state slices, step slices, operation marks, instants
// ---------------------------------------------------------------------------

void Writer::metadata() {
    ojson p = base("process_name", nullptr, "M", 0, kChromeLoopTid);
    p.erase("ts");
    p["args"] = {{"name", "condlab"}};
    emit(p);
    auto thread = [&](std::int64_t tid, const std::string& name, std::int64_t sort) {
        ojson n = base("thread_name", nullptr, "M", 0, tid);
        n.erase("ts");
        n["args"] = {{"name", name}};
        emit(n);
        ojson o = base("thread_sort_index", nullptr, "M", 0, tid);
        o.erase("ts");
        o["args"] = {{"sort_index", sort}};
        emit(o);
    };
    thread(kChromeLoopTid, "event loop", 0);
    for (const TaskRecord& task : m_trace.tasks())
        thread(task.id, m_trace.task_name(task.id), task.id);
}

void Writer::task_tracks() {
    for (const TaskRecord& task : m_trace.tasks()) {
        for (const SpanView& s : m_trace.spans(task.id)) {
            if (s.status == TaskStatus::NotStarted || s.end <= s.begin)
                continue;
            const std::int64_t ts = m_map.tick(s.begin);
            ojson e = base(slice_name(s), "state", "X", ts, task.id);
            e["dur"] = (s.end >= m_trace.end_tick() ? m_map.tail_end() : m_map.tick(s.end)) - ts;
            ojson args = ojson::object();
            args["state"] = status_id(s.status);
            if (s.object != kNoObject)
                args["object"] = m_trace.object_name(s.object);
            if (const std::string w = where_text(s.where); !w.empty()) {
                args["where"] = w;
                args["line"] = m_trace.line(s.where);
            }
            args["from"] = point_json(s.begin);
            args["to"] = point_json(s.end);
            e["args"] = std::move(args);
            emit(e);
        }
    }
}

void Writer::loop_track() {
    const std::span<const Step> steps = m_trace.steps();
    for (StepId s = 0; s < steps.size(); ++s) {
        if (step_tid(s) != kChromeLoopTid)
            continue;
        const std::int64_t ts = m_map.step_begin(s);
        ojson e = base(step_kind_name(steps[s].kind), "step", "X", ts, kChromeLoopTid);
        e["dur"] = m_map.step_end(s) - ts;
        e["args"] = {{"step", s}, {"iteration", steps[s].iteration}, {"time", steps[s].time}};
        emit(e);
    }
}

void Writer::marks() {
    const std::span<const TraceEvent> events = m_trace.events();
    for (EventId i = 0; i < events.size(); ++i) {
        const TraceEvent& e = events[i];
        if (m_map.slot(i) < 0)
            continue;
        const std::int64_t tid = step_tid(m_map.event_step(i));
        auto [name, args] = mark(e);
        const bool instant = e.kind == EventKind::Output || e.kind == EventKind::Exception ||
                             e.kind == EventKind::Warning;
        if (instant) {
            const char* cat = e.kind == EventKind::Output      ? "output"
                              : e.kind == EventKind::Exception ? "exception"
                                                               : "warning";
            ojson x = base(name, cat, "i", m_map.event_mid(i), tid);
            x["s"] = "t";
            args["step"] = e.step;
            x["args"] = std::move(args);
            emit(x);
            continue;
        }
        ojson x = base(name, "op", "X", m_map.event_begin(i), tid);
        x["dur"] = 2;
        args["step"] = e.step;
        x["args"] = std::move(args);
        emit(x);
    }
}

// ---------------------------------------------------------------------------
// [SECTION] Flows, lock holds, counters, outcome
// ---------------------------------------------------------------------------

void Writer::flows() {
    const std::span<const Link> links = m_trace.links();
    const std::size_t n_steps = m_trace.step_count();
    for (std::size_t i = 0; i < links.size(); ++i) {
        const Link& l = links[i];
        if (l.to_step == kNoStep || l.to_step >= n_steps || l.from_step >= n_steps)
            continue;
        const char* name = link_kind_name(l.kind);
        const std::int64_t id = static_cast<std::int64_t>(i) + 1;
        std::int64_t from_ts = m_map.step_begin(l.from_step) + 1;
        std::int64_t from_tid = step_tid(l.from_step);
        if (l.from_event != kNoEvent && l.from_event < m_trace.events().size() &&
            m_map.slot(l.from_event) >= 0) {
            from_ts = m_map.event_mid(l.from_event);
            from_tid = step_tid(m_map.event_step(l.from_event));
        }
        ojson s = base(name, "wake", "s", from_ts, from_tid);
        s["id"] = id;
        emit(s);
        ojson f = base(name, "wake", "f", m_map.step_begin(l.to_step) + 1, step_tid(l.to_step));
        f["bp"] = "e";
        f["id"] = id;
        f["args"] = {{"task", m_trace.task_name(l.task)}};
        emit(f);
    }
}

void Writer::lock_holds() {
    // From the operations themselves (not the per-tick object states), so that a lock
    // taken and released within one step still shows: the hold runs from the start of
    // the acquire's slice to the end of the release's slice.
    struct Hold {
        bool open = false;
        std::int64_t since = 0;
    };
    std::map<ObjectId, Hold> holds;
    const std::span<const TraceEvent> events = m_trace.events();
    auto close = [&](ObjectId lock, std::int64_t ts) {
        ojson e = base(m_unique_names[lock], "lock", "e", ts, kChromeLoopTid);
        e["id"] = lock;
        emit(e);
        holds[lock].open = false;
    };
    for (EventId i = 0; i < events.size(); ++i) {
        const TraceEvent& e = events[i];
        const ObjectRecord* o = m_trace.object(e.object);
        if (e.kind != EventKind::Primitive || !o || o->kind != ObjectKind::Lock)
            continue;
        if (e.op == PrimitiveOp::LockAcquireFast || e.op == PrimitiveOp::LockGranted) {
            const std::int64_t ts = m_map.event_begin(i);
            if (holds[e.object].open)
                close(e.object, ts);
            ojson b = base(m_unique_names[e.object], "lock", "b", ts, kChromeLoopTid);
            b["id"] = e.object;
            b["args"] = {{"holder", e.task != kNoTask ? m_trace.task_name(e.task) : std::string()},
                         {"step", m_map.event_step(i)}};
            emit(b);
            holds[e.object] = {true, ts};
        } else if (e.op == PrimitiveOp::LockRelease && holds[e.object].open) {
            close(e.object, m_map.event_begin(i) + 2);
        }
    }
    for (const auto& [lock, h] : holds)
        if (h.open)
            close(lock, m_map.tail_end());
}

void Writer::timers() {
    // Each armed timer as an async span (cat "timer") on the track of the task that armed
    // it: from its arming step to the step it fired or was cancelled in (pending ones run on
    // to the tail), named by kind and deadline.
    const std::size_t n_steps = m_trace.step_count();
    for (const TimerRecord& r : m_trace.timers()) {
        if (r.armed_step >= n_steps)
            continue;
        const std::int64_t tid = r.task != kNoTask ? std::int64_t{r.task} : kChromeLoopTid;
        char when[48];
        std::snprintf(when, sizeof when, "%g", r.when);
        const std::string name = std::string(timer_kind_name(r.kind)) + " deadline t=" + when;
        ojson b = base(name, "timer", "b", m_map.step_begin(r.armed_step) + 1, tid);
        b["id"] = r.id;
        ojson args = ojson::object();
        args["timer"] = r.id;
        args["kind"] = timer_kind_name(r.kind);
        args["when"] = std::isfinite(r.when) ? ojson(r.when) : ojson(nullptr);
        args["end"] = timer_end_name(r.end);
        if (r.task != kNoTask)
            args["task"] = m_trace.task_name(r.task);
        if (const std::string w = where_text(r.where); !w.empty()) {
            args["where"] = w;
            args["line"] = m_trace.line(r.where);
        }
        args["step"] = r.armed_step;
        b["args"] = std::move(args);
        emit(b);
        const std::int64_t end =
            r.end_step < n_steps ? m_map.step_begin(r.end_step) + 1 : m_map.tail_end();
        ojson e = base(name, "timer", "e", std::max(end, m_map.step_begin(r.armed_step) + 1), tid);
        e["id"] = r.id;
        emit(e);
    }
}

void Writer::counters() {
    for (const ObjectRecord& o : m_trace.objects()) {
        const char* what = nullptr;
        switch (o.kind) {
        case ObjectKind::Condition:
        case ObjectKind::Lock:
            what = "waiters";
            break;
        case ObjectKind::Semaphore:
        case ObjectKind::BoundedSemaphore:
            what = "value";
            break;
        case ObjectKind::Queue:
        case ObjectKind::LifoQueue:
        case ObjectKind::PriorityQueue:
            what = "size";
            break;
        default:
            continue;
        }
        const bool waiters = std::string_view(what) == "waiters";
        const std::span<const ObjectChange> changes = m_trace.changes(o.id);
        if (o.kind == ObjectKind::Lock) { // only locks that someone waited on
            bool any = false;
            for (const ObjectChange& c : changes)
                any = any || c.waiter_count != 0;
            if (!any)
                continue;
        }
        const std::string name = m_unique_names[o.id] + " " + what;
        std::int64_t last = 0;
        bool started = false;
        auto put = [&](Tick tick, std::int64_t v) {
            if (started && v == last)
                return;
            ojson e = base(name, "counter", "C", m_map.tick(tick), kChromeLoopTid);
            e["args"] = {{what, v}};
            emit(e);
            started = true;
            last = v;
        };
        const Tick created = tick_end(o.created_step);
        if (changes.empty() || changes.front().tick > created)
            put(created, 0);
        for (const ObjectChange& c : changes)
            put(c.tick, waiters ? std::int64_t{c.waiter_count} : std::int64_t{c.value});
    }
}

void Writer::outcome() {
    const OutcomeReport out = analyze_outcome(m_trace);
    const char* name = outcome_info(out.kind).title;
    ojson e = base(name, "outcome", "i", m_map.end(), kChromeLoopTid);
    e["s"] = "g";
    ojson args = ojson::object();
    args["outcome"] = outcome_info(out.kind).id;
    args["summary"] = out.summary;
    if (!out.blocked.empty()) {
        ojson blocked = ojson::array();
        for (const OutcomeReport::Blocked& b : out.blocked)
            blocked.push_back(b.explanation.empty()
                                  ? m_trace.task_name(b.task) + ": " + status_name(b.status)
                                  : b.explanation);
        args["blocked"] = std::move(blocked);
    }
    e["args"] = std::move(args);
    emit(e);
}

// ---------------------------------------------------------------------------
// [SECTION] Document
// ---------------------------------------------------------------------------

std::string Writer::run() {
    m_out = "{\"traceEvents\":[";
    metadata();
    task_tracks();
    loop_track();
    marks();
    flows();
    lock_holds();
    timers();
    counters();
    outcome();
    m_out += "\n],\n\"displayTimeUnit\":\"ms\",\n";
    ojson other = ojson::object();
    other["generator"] = "condlab";
    other["time_mapping"] =
        "ts_us(step s) = round(virtual_time_s * 1e6) + sum over earlier steps k of (W(k) + 1); "
        "W(s) = 2 + 3 * (events of s other than line / object_created / timer_armed); "
        "the step's running slice is [ts, ts + W(s)); see docs/trace-json.md";
    other["steps"] = m_trace.step_count();
    other["iterations"] = m_trace.iterations();
    other["finish_time"] =
        std::isfinite(m_trace.finish_time()) ? ojson(m_trace.finish_time()) : ojson(nullptr);
    m_out +=
        "\"otherData\":" + other.dump(-1, ' ', false, ojson::error_handler_t::replace) + "\n}\n";
    return std::move(m_out);
}

} // namespace

std::string write_chrome_trace(const Trace& trace) { return Writer(trace).run(); }

} // namespace condlab
