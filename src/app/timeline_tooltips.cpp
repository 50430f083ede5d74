// Timeline tooltips and the details strip under the lanes (see timeline_draw.h): what a
// span, segment or marker is, its times and steps, and "who woke me".
#include "app/timeline_draw.h"

#include "trace/analysis.h"
#include "trace/step_number.h"

#include <cstdio>
#include <string>

namespace condlab::app::timeline_detail {

namespace {

std::string span_text(const Trace& t, const SpanView& s) {
    std::string out = t.task_name(s.task);
    out += " · ";
    out += status_name(s.status);
    if (s.object != kNoObject) {
        out += " (";
        out += t.object_name(s.object);
        out += ')';
    }
    return out;
}

/// Step number as displayed, or "end" for the end of the run.
std::string step_or_end(const Trace& t, StepId s) {
    return s < t.step_count() ? format_step(s) : std::string("end");
}

/// Whether `s` is the never-ending last span of a lane blocked forever.
bool forever_span(const Trace& t, const Lane& lane, const SpanView& s) {
    return lane.blocked_forever && s.end >= t.end_tick() && is_blocked(s.status);
}

/// "t 0.5 s → 1 s · iteration 3 → 7 · duration 0.5 s · steps 4 → 9 · line 14"; a span
/// blocked forever: "t 1.5 s → forever (deadlock) · iteration 7 → end · steps 9 → end".
std::string span_facts(const Trace& t, const SpanView& s, bool forever) {
    const TracePoint a = t.point(s.begin);
    const TracePoint b = t.point(s.end);
    std::string out = "t " + format_seconds(a.time) + " → ";
    out += forever ? std::string("forever (deadlock)") : format_seconds(b.time);
    out += " · iteration " + std::to_string(a.iteration) + " → " +
           (forever ? std::string("end") : std::to_string(b.iteration));
    if (!forever)
        out += " · duration " + format_seconds(b.time - a.time);
    out += " · steps " + step_or_end(t, a.step) + " → " + step_or_end(t, b.step);
    if (const std::uint32_t line = t.line(s.where))
        out += " · line " + std::to_string(line);
    return out;
}

/// The link that woke the task after span `s` (its next resume), or nullptr.
const Link* who_woke(const Trace& t, const SpanView& s) {
    if (s.status == TaskStatus::Running)
        return t.link_into(tick_step(s.begin));
    const std::size_t n = t.span_count(s.task);
    for (std::size_t i = span_index_at(t, s.task, s.begin) + 1; i < n; ++i) {
        const SpanView v = t.span(s.task, i);
        if (v.status == TaskStatus::Running)
            return t.link_into(tick_step(v.begin));
        if (is_finished(v.status))
            break;
    }
    return nullptr;
}

/// "armed by main at line 12 · step 4 · t=0.5"
std::string armed_text(const Trace& t, const TimerRecord& r) {
    std::string out = "armed by " + t.task_name(r.task);
    if (const std::uint32_t line = t.line(r.where))
        out += " at line " + std::to_string(line);
    out += " · step " + format_step(r.armed_step);
    if (r.armed_step < t.step_count())
        out += " · t=" + format_time(t.steps()[r.armed_step].time);
    return out;
}

/// The reached deadline of `lane` at `tick` (the timer whose firing a marker there shows).
const DeadlineMark* reached_deadline_at(const Lane& lane, double tick) {
    for (const DeadlineMark& d : lane.deadlines)
        if (d.reached && d.tick == tick)
            return &d;
    return nullptr;
}

void deadline_tooltip(const Trace& t, const Lane& lane, std::size_t index) {
    const DeadlineMark& d = lane.deadlines[index];
    const TimerRecord& r = t.timers()[d.timer];
    const char* kind = deadline_kind_text(r.kind);
    const std::string when = format_time(r.when);
    const bool block = r.kind == TimerKind::Timeout;
    if (d.reached) {
        ImGui::Text("%s deadline at t=%s reached: %s", kind, when.c_str(),
                    block ? "it cancelled the task (TimeoutError at the block's end)"
                          : "it ended the wait (TimeoutError)");
    } else if (r.end == TimerEnd::Cancelled && r.end_step < t.step_count()) {
        ImGui::Text("%s deadline at t=%s not reached: the %s ended at t=%s", kind, when.c_str(),
                    block ? "block" : "wait", format_time(t.steps()[r.end_step].time).c_str());
    } else {
        ImGui::Text("%s deadline at t=%s not reached: the run ended at t=%s with it armed", kind,
                    when.c_str(), format_time(t.finish_time()).c_str());
    }
    ImGui::TextUnformatted(armed_text(t, r).c_str());
}

void marker_tooltip(const Trace& t, const Lane& lane, std::size_t index) {
    const Marker& m = lane.markers[index];
    const DeadlineMark* fired = reached_deadline_at(lane, m.tick);
    if (m.kind == EventMarkerKind::Deadline) {
        const TracePoint since = t.point(static_cast<Tick>(m.since));
        const TracePoint at = t.point(static_cast<Tick>(m.tick));
        ImGui::Text("deadline: a timeout ended %s's wait", t.task_name(lane.task).c_str());
        ImGui::Text("waiting since t %s, timed out at t %s (step %s)",
                    format_seconds(since.time).c_str(), format_seconds(at.time).c_str(),
                    format_step(at.step).c_str());
        if (fired) {
            const TimerRecord& r = t.timers()[fired->timer];
            ImGui::Text("%s deadline t=%s, %s", deadline_kind_text(r.kind),
                        format_time(r.when).c_str(), armed_text(t, r).c_str());
        }
        return;
    }
    const TraceEvent& e = t.events()[m.event];
    if (m.kind == EventMarkerKind::CancelRequested) {
        const TaskId by = static_cast<TaskId>(e.value);
        ImGui::Text("cancel requested: %s will get CancelledError where it waits",
                    t.task_name(e.task).c_str());
        if (by == 0 && fired && t.timers()[fired->timer].kind == TimerKind::Timeout) {
            const TimerRecord& r = t.timers()[fired->timer];
            ImGui::Text("by its asyncio.timeout (deadline t=%s, %s)", format_time(r.when).c_str(),
                        armed_text(t, r).c_str());
        } else {
            ImGui::Text("by %s", by == 0 ? "the loop (a callback)" : t.task_name(by).c_str());
        }
        const TracePoint pt = t.point(tick_begin(e.step));
        ImGui::Text("step %s · t %s", format_step(e.step).c_str(), format_seconds(pt.time).c_str());
        return;
    }
    ImGui::Text("%s by %s", marker_kind_name(m.kind), t.task_name(e.task).c_str());
    if (e.kind == EventKind::Primitive)
        ImGui::Text("on %s · woke %zu task(s)", t.object_name(e.object).c_str(), t.woken(e).size());
    else if (e.kind == EventKind::Output)
        ImGui::Text("\"%s\"", std::string(t.str(e.a)).c_str());
    else if (e.kind == EventKind::Exception)
        ImGui::Text("%s: %s", std::string(t.str(e.a)).c_str(), std::string(t.str(e.b)).c_str());
    const TracePoint pt = t.point(tick_begin(e.step));
    ImGui::Text("step %s · t %s · iteration %llu", format_step(e.step).c_str(),
                format_seconds(pt.time).c_str(), static_cast<unsigned long long>(pt.iteration));
}

} // namespace

void hover_tooltip(const TimelineContext& ctx, const Hit& h) {
    const TimelineState& st = *ctx.state;
    const Trace& t = *ctx.trace;
    if (h.lane < 0)
        return;
    const Lane& lane = st.layout.lanes[static_cast<std::size_t>(h.lane)];
    ImGui::BeginTooltip();
    if (h.marker) {
        marker_tooltip(t, lane, *h.marker);
    } else if (h.deadline) {
        deadline_tooltip(t, lane, *h.deadline);
    } else if (h.span) {
        const SpanView s = t.span(lane.task, *h.span);
        ImGui::TextUnformatted(span_text(t, s).c_str());
        ImGui::TextUnformatted(span_facts(t, s, forever_span(t, lane, s)).c_str());
    } else if (h.segment) {
        const ObjectSegment& seg = lane.segments[*h.segment];
        ImGui::Text("%s · %s", lane.name.c_str(), segment_state_name(seg.state));
        if (seg.holder != kNoTask)
            ImGui::Text("held by %s", t.task_name(seg.holder).c_str());
        ImGui::Text("%u waiter(s)", seg.value);
    } else {
        ImGui::Text("%s · %s", lane.name.c_str(), lane.detail.c_str());
    }
    ImGui::EndTooltip();
}

void seek(TimelineContext& ctx, StepId s) {
    if (ctx.on_seek)
        ctx.on_seek(s);
}

void details_strip(TimelineContext& ctx) {
    TimelineState& st = *ctx.state;
    const Trace& t = *ctx.trace;
    const TimelineSelection& sel = st.selection;
    if (sel.lane < 0 || static_cast<std::size_t>(sel.lane) >= st.layout.lanes.size())
        return;
    const Lane& lane = st.layout.lanes[static_cast<std::size_t>(sel.lane)];
    if (sel.marker) {
        marker_tooltip(t, lane, *sel.marker);
        return;
    }
    if (sel.span && lane.kind == LaneKind::Task) {
        const SpanView s = t.span(lane.task, *sel.span);
        ImGui::TextUnformatted(span_text(t, s).c_str());
        ImGui::SameLine();
        ImGui::TextDisabled("%s", span_facts(t, s, forever_span(t, lane, s)).c_str());
        if (const Link* l = who_woke(t, s)) {
            const std::string who = t.task_name(t.steps()[l->from_step].task);
            char label[160];
            std::snprintf(label, sizeof label, "who woke me: %s (%s, step %s)##wake", who.c_str(),
                          link_kind_name(l->kind), format_step(l->from_step).c_str());
            if (ImGui::SmallButton(label)) {
                seek(ctx, l->from_step);
                // Bring the waker's step into view.
                const double u = st.axis.tick_to_unit(event_tick(l->from_step));
                const double x = st.view.to_x(u);
                if (x < 0.0 || x > st.lanes_w)
                    st.view.offset = u - st.lanes_w * 0.5 / st.view.scale;
            }
        } else {
            ImGui::TextDisabled("nobody woke this span (it ran or never resumed)");
        }
    } else if (sel.segment) {
        const ObjectSegment& seg = lane.segments[*sel.segment];
        ImGui::Text("%s · %s · %u waiter(s)", lane.name.c_str(), segment_state_name(seg.state),
                    seg.value);
    }
}

} // namespace condlab::app::timeline_detail
