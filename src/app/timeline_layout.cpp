// Pure timeline layout (see timeline_layout.h for the axis modes and coordinate model).
//
// [SECTION] Axis
// [SECTION] View
// [SECTION] Lanes
// [SECTION] Arrows
// [SECTION] Hit testing
#include "app/timeline_layout.h"

#include "trace/analysis.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unordered_map>

namespace condlab::app {

// ---------------------------------------------------------------------------
// [SECTION] Axis
// ---------------------------------------------------------------------------

const char* axis_mode_name(AxisMode mode) noexcept {
    switch (mode) {
    case AxisMode::Iteration:
        return "iteration";
    case AxisMode::Time:
        return "time";
    case AxisMode::Hybrid:
        return "hybrid";
    }
    return "?";
}

TimelineAxis::TimelineAxis(const Trace& trace, AxisMode mode, const AxisParams& params)
    : m_mode(mode) {
    const std::span<const Step> steps = trace.steps();
    const std::size_t n = steps.size();
    m_tick_units.assign(2 * n + 1, 0.0);
    if (n == 0)
        return;
    double body = 1.0;
    if (mode == AxisMode::Time) {
        const double run = std::max(std::max(trace.finish_time(), steps.back().time), 1e-3);
        body = params.time_fan_fraction * run;
    }
    const auto gap = [&](double dt) -> double {
        dt = std::max(dt, 0.0);
        switch (mode) {
        case AxisMode::Iteration:
            return 0.0;
        case AxisMode::Time:
            return dt;
        case AxisMode::Hybrid:
            return params.hybrid_k * std::log2(1.0 + dt / params.hybrid_t0);
        }
        return 0.0;
    };
    double u = 0.0;
    std::size_t s = 0;
    while (s < n) {
        std::size_t e = s + 1;
        while (e < n && steps[e].iteration == steps[s].iteration)
            ++e;
        const double w = body / static_cast<double>(e - s);
        for (std::size_t k = s; k < e; ++k) {
            const double b = u + static_cast<double>(k - s) * w;
            m_tick_units[2 * k] = b;
            m_tick_units[2 * k + 1] = b + 0.5 * w;
        }
        u += body;
        if (e < n)
            u += gap(steps[e].time - steps[e - 1].time);
        s = e;
    }
    m_tick_units[2 * n] = u;
}

double TimelineAxis::tick_to_unit(double tick) const noexcept {
    if (m_tick_units.empty())
        return 0.0;
    const double end = static_cast<double>(m_tick_units.size() - 1);
    if (!(tick > 0.0))
        return m_tick_units.front();
    if (tick >= end)
        return m_tick_units.back();
    const double fl = std::floor(tick);
    const auto i = static_cast<std::size_t>(fl);
    return m_tick_units[i] + (tick - fl) * (m_tick_units[i + 1] - m_tick_units[i]);
}

double TimelineAxis::unit_to_tick(double unit) const noexcept {
    if (m_tick_units.size() < 2)
        return 0.0;
    if (!(unit > m_tick_units.front()))
        return 0.0;
    if (unit >= m_tick_units.back())
        return static_cast<double>(m_tick_units.size() - 1);
    const auto it = std::upper_bound(m_tick_units.begin(), m_tick_units.end(), unit);
    const auto i = static_cast<std::size_t>(it - m_tick_units.begin()) - 1;
    const double seg = m_tick_units[i + 1] - m_tick_units[i];
    if (seg <= 0.0)
        return static_cast<double>(i);
    return static_cast<double>(i) + (unit - m_tick_units[i]) / seg;
}

StepId TimelineAxis::step_at_unit(double unit) const noexcept {
    if (m_tick_units.size() < 2)
        return 0;
    const auto steps = static_cast<StepId>((m_tick_units.size() - 1) / 2);
    const auto s = static_cast<StepId>(unit_to_tick(unit) / 2.0);
    return std::min(s, steps - 1);
}

// ---------------------------------------------------------------------------
// [SECTION] View
// ---------------------------------------------------------------------------

void TimelineView::zoom_at(double x, double factor) noexcept {
    const double u = to_unit(x);
    scale = std::clamp(scale * factor, kMinScale, kMaxScale);
    offset = u - x / scale;
}

void TimelineView::fit(double total_units, double width, double margin) noexcept {
    const double usable = std::max(width - 2.0 * margin, 1.0);
    scale = total_units > 0.0 ? std::clamp(usable / total_units, kMinScale, kMaxScale) : 1.0;
    offset = -margin / scale;
}

// ---------------------------------------------------------------------------
// [SECTION] Lanes
// ---------------------------------------------------------------------------

const char* segment_state_name(SegmentState s) noexcept {
    switch (s) {
    case SegmentState::Idle:
        return "idle";
    case SegmentState::Held:
        return "held";
    case SegmentState::HeldWithWaiters:
        return "held with waiters";
    case SegmentState::Waiters:
        return "waiters";
    case SegmentState::Set:
        return "set";
    }
    return "?";
}

const char* marker_kind_name(EventMarkerKind k) noexcept {
    switch (k) {
    case EventMarkerKind::Notify:
        return "notify";
    case EventMarkerKind::NotifyAll:
        return "notify_all";
    case EventMarkerKind::EventSet:
        return "set";
    case EventMarkerKind::Output:
        return "print";
    case EventMarkerKind::CancelRequested:
        return "cancel requested";
    case EventMarkerKind::Deadline:
        return "deadline";
    case EventMarkerKind::Exception:
        return "exception";
    }
    return "?";
}

int TimelineLayout::lane_of_task(TaskId t) const noexcept {
    for (std::size_t i = 0; i < lanes.size(); ++i)
        if (lanes[i].kind == LaneKind::Task && lanes[i].task == t)
            return static_cast<int>(i);
    return -1;
}

int TimelineLayout::lane_of_object(ObjectId o) const noexcept {
    for (std::size_t i = 0; i < lanes.size(); ++i)
        if (lanes[i].kind != LaneKind::Task && lanes[i].object == o)
            return static_cast<int>(i);
    return -1;
}

int TimelineLayout::lane_at(float y) const noexcept {
    // Lanes are ordered by y: binary search.
    const auto it = std::upper_bound(lanes.begin(), lanes.end(), y,
                                     [](float v, const Lane& l) { return v < l.y; });
    if (it == lanes.begin())
        return -1;
    const Lane& l = *(it - 1);
    if (y >= l.y + l.h)
        return -1;
    return static_cast<int>(it - lanes.begin()) - 1;
}

std::string format_seconds(double s) {
    char buf[48];
    const double a = std::fabs(s);
    if (a == 0.0)
        std::snprintf(buf, sizeof buf, "0 s");
    else if (a < 1e-3)
        std::snprintf(buf, sizeof buf, "%.3g µs", s * 1e6);
    else if (a < 1.0)
        std::snprintf(buf, sizeof buf, "%.3g ms", s * 1e3);
    else
        std::snprintf(buf, sizeof buf, "%.4g s", s);
    return buf;
}

double blocked_time(const Trace& trace, TaskId task) {
    double total = 0.0;
    const std::size_t n = trace.span_count(task);
    for (std::size_t i = 0; i < n; ++i) {
        const SpanView v = trace.span(task, i);
        if (is_blocked(v.status))
            total += trace.point(v.end).time - trace.point(v.begin).time;
    }
    return total;
}

namespace {

bool has_lane(ObjectKind k) { return k != ObjectKind::Future; }

ObjectSegment segment_for(ObjectKind kind, const ObjectChange& c) {
    ObjectSegment s;
    s.begin = c.tick;
    s.value = c.waiter_count;
    switch (kind) {
    case ObjectKind::Lock:
        s.holder = c.holder;
        s.state = c.flag == 0          ? SegmentState::Idle
                  : c.waiter_count > 0 ? SegmentState::HeldWithWaiters
                                       : SegmentState::Held;
        break;
    case ObjectKind::Event:
        s.state = c.flag != 0          ? SegmentState::Set
                  : c.waiter_count > 0 ? SegmentState::Waiters
                                       : SegmentState::Idle;
        break;
    default:
        s.state = c.waiter_count > 0 ? SegmentState::Waiters : SegmentState::Idle;
        break;
    }
    return s;
}

/// A timer that woke a task which was not sleeping ended a wait by its deadline: a marker
/// at the timer's step on the woken task's lane, spanning the wait it ended.
void add_deadline_markers(const Trace& trace, const std::unordered_map<TaskId, int>& task_lane,
                          TimelineLayout& out) {
    bool added = false;
    const auto links = trace.links();
    for (std::uint32_t i = 0; i < links.size(); ++i) {
        const Link& k = links[i];
        if (k.kind != LinkKind::Timer)
            continue;
        const SpanView wait = trace.span_at(k.task, tick_begin(k.from_step));
        if (wait.status == TaskStatus::Sleeping || !is_blocked(wait.status))
            continue;
        const auto it = task_lane.find(k.task);
        if (it == task_lane.end())
            continue;
        Marker m{event_tick(k.from_step), k.from_event, EventMarkerKind::Deadline};
        m.since = static_cast<double>(wait.begin);
        m.link = i;
        out.lanes[static_cast<std::size_t>(it->second)].markers.push_back(m);
        added = true;
    }
    if (added) {
        for (Lane& l : out.lanes) {
            std::stable_sort(l.markers.begin(), l.markers.end(),
                             [](const Marker& a, const Marker& b) { return a.tick < b.tick; });
        }
    }
}

/// Every task lane's deadline marks: one pass over the timers.
void add_deadline_marks(const Trace& trace, const std::unordered_map<TaskId, int>& task_lane,
                        TimelineLayout& out) {
    for (std::uint32_t i = 0; i < trace.timers().size(); ++i) {
        const auto it = task_lane.find(trace.timers()[i].task);
        if (it == task_lane.end())
            continue;
        if (const std::optional<DeadlineMark> d = deadline_mark(trace, i))
            out.lanes[static_cast<std::size_t>(it->second)].deadlines.push_back(*d);
    }
}

} // namespace

double deadline_tick(const Trace& trace, double when) {
    const std::span<const Step> steps = trace.steps();
    const StepId s = trace.step_at_time(when);
    if (s >= steps.size())
        return static_cast<double>(trace.end_tick());
    if (s == 0 || !(steps[s].time > when))
        return static_cast<double>(tick_begin(s));
    const double t0 = steps[s - 1].time, t1 = steps[s].time;
    const double frac = t1 > t0 ? std::clamp((when - t0) / (t1 - t0), 0.0, 1.0) : 1.0;
    const auto a = static_cast<double>(tick_end(s - 1));
    return a + frac * (static_cast<double>(tick_begin(s)) - a);
}

std::optional<DeadlineMark> deadline_mark(const Trace& trace, std::uint32_t timer) {
    const TimerRecord& r = trace.timers()[timer];
    if (r.task == kNoTask || (r.kind != TimerKind::Timeout && r.kind != TimerKind::WaitFor))
        return std::nullopt;
    DeadlineMark d;
    d.timer = timer;
    d.armed_tick = event_tick(r.armed_step);
    d.reached = r.end == TimerEnd::Fired && r.end_step < trace.step_count();
    if (d.reached) {
        d.tick = event_tick(r.end_step);
        d.ended_tick = d.tick;
        return d;
    }
    d.tick = std::max(deadline_tick(trace, r.when), d.armed_tick);
    d.past_end = trace.step_at_time(r.when) >= trace.step_count();
    d.ended_tick = r.end == TimerEnd::Cancelled && r.end_step < trace.step_count()
                       ? event_tick(r.end_step)
                       : static_cast<double>(trace.end_tick());
    return d;
}

std::vector<DeadlineMark> deadline_marks(const Trace& trace, TaskId task) {
    std::vector<DeadlineMark> out;
    for (std::uint32_t i = 0; i < trace.timers().size(); ++i)
        if (trace.timers()[i].task == task)
            if (const std::optional<DeadlineMark> d = deadline_mark(trace, i))
                out.push_back(*d);
    return out; // (rows are in arming order: by armed tick already)
}

const char* deadline_kind_text(TimerKind kind) noexcept {
    switch (kind) {
    case TimerKind::Timeout:
        return "asyncio.timeout";
    case TimerKind::WaitFor:
        return "wait_for";
    case TimerKind::Sleep:
        return "sleep";
    case TimerKind::Callback:
        return "call_later";
    case TimerKind::Internal:
        return "internal";
    }
    return "?";
}

std::string lane_detail(const Lane& l) {
    if (l.blocked_forever)
        return "blocked forever (since t=" + format_time(l.blocked_since) + " s)";
    if (l.blocked_time <= 0.0)
        return {}; // never blocked: "blocked 0 s" beside a deadlock reads as a finding
    return "blocked " + format_seconds(l.blocked_time);
}

TimelineLayout build_layout(const Trace& trace, const LaneMetrics& m,
                            const OutcomeReport* outcome) {
    TimelineLayout out;
    // A deadlocked run: the tasks the analysis finds blocked at the end wait forever.
    std::unordered_map<TaskId, double> forever; // task -> time it began waiting
    if (trace.run().kind == OutcomeKind::Deadlock) {
        const OutcomeReport computed =
            outcome != nullptr ? OutcomeReport{} : analyze_outcome(trace);
        for (const OutcomeReport::Blocked& b : (outcome != nullptr ? *outcome : computed).blocked)
            forever.emplace(b.task, trace.point(tick_end(b.since)).time);
    }
    std::unordered_map<TaskId, int> task_lane;
    float y = 0.0f;
    for (const TaskRecord& r : trace.tasks()) {
        Lane l;
        l.kind = LaneKind::Task;
        l.task = r.id;
        l.name = trace.task_name(r.id);
        l.blocked_time = blocked_time(trace, r.id);
        if (auto it = forever.find(r.id); it != forever.end()) {
            l.blocked_forever = true;
            l.blocked_since = it->second;
        }
        l.detail = lane_detail(l);
        l.y = y;
        l.h = m.task_height;
        y += m.task_height + m.gap;
        task_lane[r.id] = static_cast<int>(out.lanes.size());
        out.lanes.push_back(std::move(l));
    }
    bool first_object = true;
    for (const ObjectRecord& r : trace.objects()) {
        if (!has_lane(r.kind))
            continue;
        if (first_object && !out.lanes.empty())
            y += m.section_gap;
        first_object = false;
        Lane l;
        l.kind = r.kind == ObjectKind::Lock        ? LaneKind::Lock
                 : r.kind == ObjectKind::Condition ? LaneKind::Condition
                                                   : LaneKind::Object;
        l.object = r.id;
        l.name = trace.object_name(r.id);
        l.detail = object_kind_name(r.kind);
        l.y = y;
        l.h = m.object_height;
        y += m.object_height + m.gap;
        const std::span<const ObjectChange> changes = trace.changes(r.id);
        if (changes.empty() || changes.front().tick > 0)
            l.segments.push_back(ObjectSegment{});
        for (const ObjectChange& c : changes) {
            const ObjectSegment s = segment_for(r.kind, c);
            if (!l.segments.empty()) {
                const ObjectSegment& p = l.segments.back();
                if (p.state == s.state && p.value == s.value && p.holder == s.holder)
                    continue;
                if (p.begin == s.begin) {
                    l.segments.back() = s;
                    continue;
                }
            }
            l.segments.push_back(s);
        }
        out.lanes.push_back(std::move(l));
    }
    out.height = y;
    // Markers: one pass over the events.
    for (EventId i = 0; i < trace.events().size(); ++i) {
        const TraceEvent& e = trace.events()[i];
        std::optional<EventMarkerKind> kind;
        if (e.kind == EventKind::Primitive) {
            if (e.op == PrimitiveOp::ConditionNotify)
                kind = EventMarkerKind::Notify;
            else if (e.op == PrimitiveOp::ConditionNotifyAll)
                kind = EventMarkerKind::NotifyAll;
            else if (e.op == PrimitiveOp::EventSet)
                kind = EventMarkerKind::EventSet;
        } else if (e.kind == EventKind::Output) {
            kind = EventMarkerKind::Output;
        } else if (e.kind == EventKind::Exception) {
            kind = EventMarkerKind::Exception;
        } else if (e.kind == EventKind::CancelRequested) {
            kind = EventMarkerKind::CancelRequested;
        }
        if (!kind)
            continue;
        const auto it = task_lane.find(e.task);
        if (it == task_lane.end())
            continue;
        out.lanes[static_cast<std::size_t>(it->second)].markers.push_back(
            Marker{event_tick(e.step), i, *kind});
    }
    add_deadline_markers(trace, task_lane, out);
    add_deadline_marks(trace, task_lane, out);
    return out;
}

double narrowest_step_units(const TimelineAxis& axis) {
    double narrowest = axis.total_units();
    for (Tick t = 0; t + 2 <= axis.end_tick(); t += 2)
        narrowest = std::min(narrowest, axis.tick_to_unit(t + 2) - axis.tick_to_unit(t));
    return narrowest;
}

AxisMode readable_axis(const Trace& trace, AxisMode preferred, double lanes_width, double min_px) {
    auto narrowest_px = [&](AxisMode m) {
        const TimelineAxis axis(trace, m);
        return axis.total_units() > 0.0
                   ? narrowest_step_units(axis) * lanes_width / axis.total_units()
                   : lanes_width;
    };
    const double preferred_px = narrowest_px(preferred);
    if (preferred_px >= min_px || preferred == AxisMode::Iteration)
        return preferred;
    return narrowest_px(AxisMode::Iteration) > preferred_px ? AxisMode::Iteration : preferred;
}

// ---------------------------------------------------------------------------
// [SECTION] Arrows
// ---------------------------------------------------------------------------

std::optional<Arrow> arrow_for_link(const Trace& trace, const TimelineLayout& layout,
                                    std::uint32_t link_index) {
    if (link_index >= trace.links().size())
        return std::nullopt;
    const Link& l = trace.links()[link_index];
    if (l.to_step == kNoStep || l.from_step >= trace.step_count())
        return std::nullopt;
    TaskId from_task = trace.steps()[l.from_step].task;
    if (l.from_event != kNoEvent && l.from_event < trace.events().size())
        from_task = trace.events()[l.from_event].task;
    const int from = layout.lane_of_task(from_task);
    const int to = layout.lane_of_task(l.task);
    if (from < 0 || to < 0)
        return std::nullopt;
    return Arrow{link_index,
                 l.kind,
                 from,
                 to,
                 event_tick(l.from_step),
                 static_cast<double>(tick_begin(l.to_step))};
}

std::vector<Arrow> lane_arrows(const Trace& trace, const TimelineLayout& layout, int lane,
                               StepId first, StepId last, std::size_t max_count) {
    std::vector<Arrow> out;
    if (lane < 0 || static_cast<std::size_t>(lane) >= layout.lanes.size() ||
        layout.lanes[static_cast<std::size_t>(lane)].kind != LaneKind::Task)
        return out;
    const TaskId task = layout.lanes[static_cast<std::size_t>(lane)].task;
    const std::span<const Link> links = trace.links();
    auto it = std::lower_bound(links.begin(), links.end(), first,
                               [](const Link& l, StepId s) { return l.to_step < s; });
    for (; it != links.end() && it->to_step <= last && it->to_step != kNoStep; ++it) {
        if (it->kind != LinkKind::Notify && it->kind != LinkKind::Lock &&
            it->kind != LinkKind::EventSet)
            continue;
        // Cheap filter before the lane look-ups: this task woke or was woken.
        if (it->task != task &&
            (it->from_step >= trace.step_count() ||
             (trace.steps()[it->from_step].task != task && it->from_event == kNoEvent)))
            continue;
        const auto a =
            arrow_for_link(trace, layout, static_cast<std::uint32_t>(it - links.begin()));
        if (a && (a->from_lane == lane || a->to_lane == lane)) {
            out.push_back(*a);
            if (out.size() >= max_count)
                break;
        }
    }
    return out;
}

std::vector<Arrow> visible_arrows(const Trace& trace, const TimelineLayout& layout, StepId first,
                                  StepId last, std::size_t max_count) {
    std::vector<Arrow> out;
    const std::span<const Link> links = trace.links();
    auto it = std::lower_bound(links.begin(), links.end(), first,
                               [](const Link& l, StepId s) { return l.to_step < s; });
    for (; it != links.end() && it->to_step <= last && it->to_step != kNoStep; ++it) {
        if (it->kind != LinkKind::Notify && it->kind != LinkKind::Lock &&
            it->kind != LinkKind::EventSet)
            continue;
        if (out.size() >= max_count)
            return {};
        if (auto a = arrow_for_link(trace, layout, static_cast<std::uint32_t>(it - links.begin())))
            out.push_back(*a);
    }
    return out;
}

// ---------------------------------------------------------------------------
// [SECTION] Hit testing
// ---------------------------------------------------------------------------

std::size_t span_index_at(const Trace& trace, TaskId task, Tick t) {
    const TaskRecord* r = trace.task(task);
    if (!r || r->span_count == 0)
        return 0;
    const auto* b = trace.data().spans.data() + r->first_span;
    const auto* e = b + r->span_count;
    const auto* it =
        std::upper_bound(b, e, t, [](Tick v, const SpanRecord& s) { return v < s.begin; });
    return it == b ? 0 : static_cast<std::size_t>(it - b) - 1;
}

std::size_t segment_index_at(const Lane& lane, Tick t) {
    const auto it = std::upper_bound(lane.segments.begin(), lane.segments.end(), t,
                                     [](Tick v, const ObjectSegment& s) { return v < s.begin; });
    return it == lane.segments.begin() ? 0
                                       : static_cast<std::size_t>(it - lane.segments.begin()) - 1;
}

Hit hit_test(const Trace& trace, const TimelineLayout& layout, const TimelineAxis& axis,
             const TimelineView& view, double x, float y, double marker_radius) {
    Hit h;
    h.lane = layout.lane_at(y);
    if (h.lane < 0)
        return h;
    const Lane& lane = layout.lanes[static_cast<std::size_t>(h.lane)];
    double u = view.to_unit(x);
    // A lane blocked forever continues past the end of the run: its last span is there.
    if (lane.kind == LaneKind::Task && lane.blocked_forever)
        u = std::min(u, axis.total_units());
    if (u < 0.0 || u > axis.total_units() || axis.end_tick() == 0)
        return h;
    const double td = axis.unit_to_tick(u);
    h.tick = std::min(static_cast<Tick>(td), axis.end_tick() - 1);
    // Nearest marker within the radius.
    if (!lane.markers.empty()) {
        const double t0 = axis.unit_to_tick(view.to_unit(x - marker_radius));
        auto it = std::lower_bound(lane.markers.begin(), lane.markers.end(), t0,
                                   [](const Marker& m, double t) { return m.tick < t; });
        double best = marker_radius + 1e-9;
        // Bounded: under a dense cluster, the first 64 candidates are enough to pick one.
        for (int seen = 0; it != lane.markers.end() && seen < 64; ++it, ++seen) {
            const double mx = view.to_x(axis.tick_to_unit(it->tick));
            if (mx > x + marker_radius)
                break;
            if (std::fabs(mx - x) < best) {
                best = std::fabs(mx - x);
                h.marker = static_cast<std::size_t>(it - lane.markers.begin());
            }
        }
    }
    // Else the nearest deadline tick within the radius (few per lane: a linear scan).
    if (!h.marker) {
        double best = marker_radius + 1e-9;
        for (std::size_t i = 0; i < lane.deadlines.size(); ++i) {
            const double dx = view.to_x(axis.tick_to_unit(lane.deadlines[i].tick));
            if (std::fabs(dx - x) < best) {
                best = std::fabs(dx - x);
                h.deadline = i;
            }
        }
    }
    if (lane.kind == LaneKind::Task) {
        if (trace.span_count(lane.task) > 0)
            h.span = span_index_at(trace, lane.task, h.tick);
    } else if (!lane.segments.empty()) {
        h.segment = segment_index_at(lane, h.tick);
    }
    return h;
}

} // namespace condlab::app
