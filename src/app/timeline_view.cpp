// Timeline drawing and input (see timeline_view.h). Geometry comes from the pure layout
// and LOD code; this file only turns it into ImDrawList primitives and reads ImGuiIO.
//
// [SECTION] Helpers (colours, text)
// [SECTION] Cache
// [SECTION] Lanes drawing
// [SECTION] Tooltips and details
// [SECTION] Input
// [SECTION] draw_timeline
#include "app/timeline_view.h"

#include "app/text_wrap.h"
#include "trace/step_number.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

namespace condlab::app {

// ---------------------------------------------------------------------------
// [SECTION] Helpers
// ---------------------------------------------------------------------------

Colour status_colour(const Palette& p, TaskStatus s) {
    switch (s) {
    case TaskStatus::NotStarted:
        return p.dim_text.with_alpha(0.5f);
    case TaskStatus::Ready:
        return p.ready;
    case TaskStatus::Running:
        return p.running;
    case TaskStatus::Sleeping:
        return p.sleeping;
    case TaskStatus::BlockedOnLock:
        return p.blocked_lock;
    case TaskStatus::WaitingOnCondition:
        return p.waiting_cond;
    case TaskStatus::Done:
        return p.done_outline;
    case TaskStatus::Failed:
        return p.failed;
    case TaskStatus::Cancelled:
        return p.cancelled;
    default:
        return p.waiting_other;
    }
}

namespace {

Colour segment_colour(const Palette& p, SegmentState s) {
    switch (s) {
    case SegmentState::Held:
        return p.lock_held;
    case SegmentState::HeldWithWaiters:
        return p.lock_held_with_waiters;
    case SegmentState::Waiters:
        return p.waiting_cond;
    case SegmentState::Set:
        return p.waiting_other;
    case SegmentState::Idle:
        break;
    }
    return p.dim_text.with_alpha(0.0f);
}

Colour marker_colour(const Palette& p, EventMarkerKind k) {
    switch (k) {
    case EventMarkerKind::Notify:
    case EventMarkerKind::NotifyAll:
        return p.waiting_cond;
    case EventMarkerKind::EventSet:
        return p.waiting_other;
    case EventMarkerKind::Output:
        return p.accent;
    case EventMarkerKind::CancelRequested:
    case EventMarkerKind::Deadline:
        return p.heading;
    case EventMarkerKind::Exception:
        return p.failed;
    }
    return p.accent;
}

ImU32 col(const Colour& c) { return c.packed(); }

} // namespace

void draw_cancel_glyph(ImDrawList* dl, float x, float top, float s, unsigned c, unsigned edge) {
    const ImVec2 centre{x, top + 4.0f * s};
    dl->AddCircle(centre, 4.0f * s, edge, 12, 3.0f);
    dl->AddCircle(centre, 4.0f * s, c, 12, 1.5f);
    dl->AddLine({x - 2.8f * s, top + 6.8f * s}, {x + 2.8f * s, top + 1.2f * s}, c, 1.5f);
}

void draw_deadline_glyph(ImDrawList* dl, float x, float top, float s, unsigned c, unsigned edge) {
    const float w = 3.5f * s, h = 8.0f * s;
    dl->AddTriangleFilled({x - w - 1.0f, top - 1.0f}, {x + w + 1.0f, top - 1.0f},
                          {x, top + h * 0.5f}, edge);
    dl->AddTriangleFilled({x - w - 1.0f, top + h + 1.0f}, {x + w + 1.0f, top + h + 1.0f},
                          {x, top + h * 0.5f}, edge);
    dl->AddTriangleFilled({x - w, top}, {x + w, top}, {x, top + h * 0.5f}, c);
    dl->AddTriangleFilled({x - w, top + h}, {x + w, top + h}, {x, top + h * 0.5f}, c);
}

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

} // namespace

// ---------------------------------------------------------------------------
// [SECTION] Cache
// ---------------------------------------------------------------------------

LaneMetrics lane_metrics_for(float font_size) {
    const float k = std::max(1.0f, font_size / 15.0f);
    const LaneMetrics base;
    return {std::round(base.task_height * k), std::round(base.object_height * k),
            std::round(base.gap * k), std::round(base.section_gap * k)};
}

void update_timeline_cache(TimelineContext& ctx, double lanes_width) {
    TimelineState& st = *ctx.state;
    const Trace& t = *ctx.trace;
    const bool same_trace =
        st.cache_valid && st.cached_trace == &t && st.cached_steps == t.step_count() &&
        st.cached_events == t.events().size() && st.cached_font_size == ctx.font_size;
    if (same_trace && st.cached_mode == st.mode)
        return;
    // Keep the tick at the view's centre when only the axis mode changed.
    std::optional<double> centre_tick;
    if (same_trace && !st.needs_fit)
        centre_tick = st.axis.unit_to_tick(st.view.to_unit(lanes_width * 0.5));
    const double old_span = same_trace ? st.axis.total_units() : 0.0;
    const double old_scale = st.view.scale;
    if (!same_trace && st.readable_axis_rule)
        st.mode = readable_axis(t, st.preferred, lanes_width);
    st.axis = TimelineAxis(t, st.mode);
    if (!same_trace) {
        st.layout = build_layout(t, lane_metrics_for(ctx.font_size), ctx.outcome);
        st.label_needed = -1.0f;
        st.selection = {};
        st.hovered = {};
        st.needs_fit = true;
    }
    st.cached_trace = &t;
    st.cached_steps = t.step_count();
    st.cached_events = t.events().size();
    st.cached_mode = st.mode;
    st.cached_font_size = ctx.font_size;
    st.cache_valid = true;
    if (centre_tick) {
        // Same fraction of the run on screen as before.
        st.view.scale = old_span > 0.0 && st.axis.total_units() > 0.0
                            ? old_scale * old_span / st.axis.total_units()
                            : old_scale;
        st.view.offset = st.axis.tick_to_unit(*centre_tick) - lanes_width * 0.5 / st.view.scale;
    }
}

// ---------------------------------------------------------------------------
// [SECTION] Lanes drawing
// ---------------------------------------------------------------------------

namespace {

struct Frame {
    ImDrawList* dl = nullptr;
    const Palette* p = nullptr;
    float x0 = 0.0f; // screen x of the lanes' area left edge
    float y0 = 0.0f; // screen y of lane y = 0
    float w = 0.0f;
    float clip_top = 0.0f, clip_bottom = 0.0f;
};

void draw_hatch(ImDrawList* dl, float x0, float y0, float x1, float y1, ImU32 c) {
    const float h = y1 - y0;
    const float spacing = 6.0f;
    // Lines from (x, y1) to (x + h, y0), clipped to [x0, x1].
    const float start = std::floor((x0 - h) / spacing) * spacing;
    for (float x = start; x < x1; x += spacing) {
        float ax = x, ay = y1, bx = x + h, by = y0;
        if (ax < x0) {
            ay -= (x0 - ax);
            ax = x0;
        }
        if (bx > x1) {
            by += (bx - x1);
            bx = x1;
        }
        if (ax < bx)
            dl->AddLine({ax, ay}, {bx, by}, c, 1.0f);
    }
}

/// A task blocked forever (deadlock): its last span goes on past the end of the run to the
/// right edge, fading, with an arrowhead at the edge.
void draw_forever_tail(const TimelineContext& ctx, const Frame& f, const Lane& lane) {
    const TimelineState& st = *ctx.state;
    const Trace& t = *ctx.trace;
    if (t.end_tick() == 0)
        return;
    const double end_x = st.view.to_x(st.axis.total_units());
    if (end_x >= f.w)
        return;
    const float a = f.x0 + static_cast<float>(std::max(end_x, -2.0));
    const float b = f.x0 + f.w;
    const float top = f.y0 + lane.y + 2.0f;
    const float bottom = f.y0 + lane.y + lane.h - 2.0f;
    const Colour c = status_colour(*f.p, t.span_at(lane.task, t.end_tick() - 1).status);
    const ImU32 strong = col(c.with_alpha(0.9f)), faint = col(c.with_alpha(0.2f));
    f.dl->AddRectFilledMultiColor({a, top}, {b, bottom}, strong, faint, faint, strong);
    // "»" at the right edge: it goes on.
    const float mid = (top + bottom) * 0.5f, half = (bottom - top) * 0.5f;
    for (float k = 0.0f; k < 2.0f; k += 1.0f) {
        const float x = b - 3.0f - k * 6.0f;
        if (x - half < a)
            break;
        f.dl->AddLine({x - half * 0.8f, top}, {x, mid}, col(c), 2.0f);
        f.dl->AddLine({x, mid}, {x - half * 0.8f, bottom}, col(c), 2.0f);
    }
}

void draw_task_lane(const TimelineContext& ctx, const Frame& f, const Lane& lane,
                    std::vector<LodItem>& items) {
    const TimelineState& st = *ctx.state;
    const Trace& t = *ctx.trace;
    const Palette& p = *f.p;
    items.clear();
    lod_task_spans(t, lane.task, st.axis, st.view, 0.0, f.w, ctx.lod, items);
    const float top = f.y0 + lane.y;
    const float bottom = top + lane.h;
    for (const LodItem& it : items) {
        const float a = f.x0 + static_cast<float>(std::max(it.x0, -2.0));
        const float b =
            f.x0 + static_cast<float>(std::min(std::max(it.x1, it.x0 + 1.0), f.w + 2.0));
        const auto status = static_cast<TaskStatus>(it.category);
        const Colour c = status_colour(p, status);
        if (it.merged()) {
            f.dl->AddRectFilled({a, top + 2.0f}, {b, bottom - 2.0f}, col(c.with_alpha(0.8f)));
            continue;
        }
        switch (status) {
        case TaskStatus::NotStarted: {
            // Empty with a dotted baseline.
            const float y = bottom - 3.0f;
            const float start = std::max(a, f.x0);
            const float end = std::min(b, f.x0 + f.w);
            for (float x = start; x < end; x += 5.0f)
                f.dl->AddRectFilled({x, y}, {std::min(x + 1.5f, end), y + 1.5f}, col(c));
            break;
        }
        case TaskStatus::Done:
            f.dl->AddRect({a, top + 4.0f}, {b, bottom - 4.0f}, col(c), 0.0f, 0, 1.0f);
            break;
        case TaskStatus::Sleeping:
            f.dl->AddRectFilled({a, top + 2.0f}, {b, bottom - 2.0f}, col(c));
            if (b - a >= 4.0f)
                draw_hatch(f.dl, std::max(a, f.x0), top + 2.0f, std::min(b, f.x0 + f.w),
                           bottom - 2.0f, col(p.sleeping_hatch));
            break;
        default:
            f.dl->AddRectFilled({a, top + 2.0f}, {b, bottom - 2.0f}, col(c));
            break;
        }
    }
    const_cast<TimelineState&>(st).drawn_rects += items.size();
    if (lane.blocked_forever)
        draw_forever_tail(ctx, f, lane);
}

void draw_object_lane(const TimelineContext& ctx, const Frame& f, const Lane& lane,
                      std::vector<LodItem>& items) {
    const TimelineState& st = *ctx.state;
    items.clear();
    lod_segments(lane, ctx.trace->end_tick(), st.axis, st.view, 0.0, f.w, ctx.lod, items);
    const float top = f.y0 + lane.y;
    const float bottom = top + lane.h;
    f.dl->AddLine({f.x0, bottom - 0.5f}, {f.x0 + f.w, bottom - 0.5f},
                  col(f.p->dim_text.with_alpha(0.25f)));
    for (const LodItem& it : items) {
        const auto s = static_cast<SegmentState>(it.category);
        if (s == SegmentState::Idle)
            continue;
        const float a = f.x0 + static_cast<float>(std::max(it.x0, -2.0));
        const float b =
            f.x0 + static_cast<float>(std::min(std::max(it.x1, it.x0 + 1.0), f.w + 2.0));
        f.dl->AddRectFilled({a, top + 1.0f}, {b, bottom - 1.0f}, col(segment_colour(*f.p, s)));
        if (!it.merged() && s == SegmentState::Waiters && b - a > 14.0f) {
            char buf[16];
            std::snprintf(buf, sizeof buf, "%u", lane.segments[it.first].value);
            f.dl->AddText({a + 2.0f, top}, col(f.p->count_text), buf);
        }
    }
    const_cast<TimelineState&>(st).drawn_rects += items.size();
}

void draw_markers(const TimelineContext& ctx, const Frame& f, const Lane& lane,
                  std::vector<LodMarker>& ms) {
    ms.clear();
    lod_markers(lane, ctx.state->axis, ctx.state->view, -4.0, f.w + 4.0, ctx.lod, ms);
    const float top = f.y0 + lane.y;
    for (const LodMarker& m : ms) {
        const float x = f.x0 + static_cast<float>(m.x);
        const ImU32 c = col(marker_colour(*f.p, m.kind));
        switch (m.kind) {
        case EventMarkerKind::Notify:
            f.dl->AddTriangleFilled({x - 3.5f, top}, {x + 3.5f, top}, {x, top + 6.0f}, c);
            break;
        case EventMarkerKind::NotifyAll:
            f.dl->AddTriangleFilled({x - 5.0f, top}, {x + 5.0f, top}, {x, top + 8.0f}, c);
            f.dl->AddLine({x - 5.0f, top + 1.0f}, {x + 5.0f, top + 1.0f}, col(f.p->heading));
            break;
        case EventMarkerKind::EventSet:
            f.dl->AddQuadFilled({x, top}, {x + 3.5f, top + 3.5f}, {x, top + 7.0f},
                                {x - 3.5f, top + 3.5f}, c);
            break;
        case EventMarkerKind::Output:
            f.dl->AddCircleFilled({x, top + 3.0f}, 2.5f, c, 8);
            break;
        case EventMarkerKind::Exception:
            f.dl->AddLine({x - 3.5f, top}, {x + 3.5f, top + 7.0f}, c, 2.0f);
            f.dl->AddLine({x + 3.5f, top}, {x - 3.5f, top + 7.0f}, c, 2.0f);
            break;
        case EventMarkerKind::CancelRequested:
            draw_cancel_glyph(f.dl, x, top, 1.0f, c, col(f.p->arrow_edge));
            break;
        case EventMarkerKind::Deadline: {
            // The wait the deadline ended: a bracket from its start to the mark.
            const Marker& dm = lane.markers[m.first];
            if (dm.since >= 0.0) {
                const double xs = ctx.state->view.to_x(ctx.state->axis.tick_to_unit(dm.since));
                const float a = f.x0 + static_cast<float>(std::max(xs, -4.0));
                const float yb = top + lane.h - 2.0f;
                f.dl->AddLine({a, yb}, {x, yb}, col(f.p->arrow_edge), 3.0f);
                f.dl->AddLine({a, yb}, {x, yb}, c, 1.0f);
                f.dl->AddLine({a, yb - 4.0f}, {a, yb}, c, 1.0f);
            }
            draw_deadline_glyph(f.dl, x, top, 1.0f, c, col(f.p->arrow_edge));
            break;
        }
        }
    }
    ctx.state->drawn_markers += ms.size();
}

Colour arrow_colour(const Palette& p, LinkKind k) {
    return k == LinkKind::Lock       ? p.arrow_lock
           : k == LinkKind::EventSet ? p.arrow_event
                                     : p.arrow_notify;
}

/// One arrow: a light core in the kind's hue inside a dark edge (readable on every lane
/// colour), with its head at the resume. `thick` for the selected task's arrows.
void draw_arrow(const Frame& f, ImVec2 from, ImVec2 to, const Colour& c, bool thick) {
    const float core = thick ? 2.5f : 1.5f;
    const ImU32 edge = col(f.p->arrow_edge);
    const float dx = to.x - from.x, dy = to.y - from.y;
    const float len = std::max(std::sqrt(dx * dx + dy * dy), 1e-3f);
    const float ux = dx / len, uy = dy / len;
    const float hl = thick ? 9.0f : 7.0f, hw = thick ? 4.5f : 3.5f;
    const ImVec2 l{to.x - hl * ux - hw * uy, to.y - hl * uy + hw * ux};
    const ImVec2 r{to.x - hl * ux + hw * uy, to.y - hl * uy - hw * ux};
    f.dl->AddLine(from, to, edge, core + 2.0f);
    f.dl->AddTriangleFilled(to, l, r, edge);
    f.dl->AddLine(from, {to.x - hl * 0.6f * ux, to.y - hl * 0.6f * uy}, col(c), core);
    // The head in the core colour, inset so its dark edge shows.
    const ImVec2 m{(to.x + l.x + r.x) / 3.0f, (to.y + l.y + r.y) / 3.0f};
    const auto in = [&](ImVec2 v) {
        return ImVec2{m.x + (v.x - m.x) * 0.6f, m.y + (v.y - m.y) * 0.6f};
    };
    f.dl->AddTriangleFilled(in(to), in(l), in(r), col(c));
}

void draw_arrows(const TimelineContext& ctx, const Frame& f) {
    TimelineState& st = *ctx.state;
    const TimelineAxis& ax = st.axis;
    const StepId first = ax.step_at_unit(st.view.to_unit(0.0));
    const StepId last = ax.step_at_unit(st.view.to_unit(f.w));
    const auto max_count = static_cast<std::size_t>(std::max(1.0f, f.w / 8.0f));
    std::vector<Arrow> arrows = visible_arrows(*ctx.trace, st.layout, first, last, max_count);
    const int selected = st.selection.lane;
    // The selected task's arrows are always drawn (and on top), however dense or short.
    const std::vector<Arrow> mine =
        lane_arrows(*ctx.trace, st.layout, selected, first, last, max_count);
    const auto endpoints = [&](const Arrow& a) {
        const Lane& from = st.layout.lanes[static_cast<std::size_t>(a.from_lane)];
        const Lane& to = st.layout.lanes[static_cast<std::size_t>(a.to_lane)];
        const float x1 = f.x0 + static_cast<float>(st.view.to_x(ax.tick_to_unit(a.from_tick)));
        const float x2 = f.x0 + static_cast<float>(st.view.to_x(ax.tick_to_unit(a.to_tick)));
        return std::pair{ImVec2{x1, f.y0 + from.y + from.h * 0.5f},
                         ImVec2{x2, f.y0 + to.y + to.h * 0.5f}};
    };
    std::size_t others = 0;
    for (const Arrow& a : arrows) {
        if (selected >= 0 && (a.from_lane == selected || a.to_lane == selected))
            continue; // drawn below, thicker
        const auto [p1, p2] = endpoints(a);
        draw_arrow(f, p1, p2, arrow_colour(*f.p, a.kind), false);
        ++others;
    }
    for (const Arrow& a : mine) {
        const auto [p1, p2] = endpoints(a);
        draw_arrow(f, p1, p2, arrow_colour(*f.p, a.kind), true);
    }
    st.drawn_arrows = others + mine.size();
    st.drawn_selected_arrows = mine.size();
}

// ---------------------------------------------------------------------------
// [SECTION] Tooltips and details
// ---------------------------------------------------------------------------

void marker_tooltip(const Trace& t, const Lane& lane, std::size_t index) {
    const Marker& m = lane.markers[index];
    if (m.kind == EventMarkerKind::Deadline) {
        const TracePoint since = t.point(static_cast<Tick>(m.since));
        const TracePoint at = t.point(static_cast<Tick>(m.tick));
        ImGui::Text("deadline: a timeout ended %s's wait", t.task_name(lane.task).c_str());
        ImGui::Text("waiting since t %s, timed out at t %s (step %s)",
                    format_seconds(since.time).c_str(), format_seconds(at.time).c_str(),
                    format_step(at.step).c_str());
        return;
    }
    const TraceEvent& e = t.events()[m.event];
    if (m.kind == EventMarkerKind::CancelRequested) {
        const TaskId by = static_cast<TaskId>(e.value);
        ImGui::Text("cancel requested: %s will get CancelledError where it waits",
                    t.task_name(e.task).c_str());
        ImGui::Text("by %s", by == 0 ? "the loop (a callback)" : t.task_name(by).c_str());
        const TracePoint pt = t.point(tick_begin(e.step));
        ImGui::Text("step %s · t %s", format_step(e.step).c_str(), format_seconds(pt.time).c_str());
        return;
    }
    ImGui::Text("%s by %s", marker_kind_name(m.kind), t.task_name(e.task).c_str());
    if (e.kind == EventKind::Primitive) {
        ImGui::Text("on %s · woke %zu task(s)", t.object_name(e.object).c_str(), t.woken(e).size());
    } else if (e.kind == EventKind::Output) {
        ImGui::Text("\"%s\"", std::string(t.str(e.a)).c_str());
    } else if (e.kind == EventKind::Exception) {
        ImGui::Text("%s: %s", std::string(t.str(e.a)).c_str(), std::string(t.str(e.b)).c_str());
    }
    const TracePoint pt = t.point(tick_begin(e.step));
    ImGui::Text("step %s · t %s · iteration %llu", format_step(e.step).c_str(),
                format_seconds(pt.time).c_str(), static_cast<unsigned long long>(pt.iteration));
}

void hover_tooltip(const TimelineContext& ctx, const Hit& h) {
    const TimelineState& st = *ctx.state;
    const Trace& t = *ctx.trace;
    if (h.lane < 0)
        return;
    const Lane& lane = st.layout.lanes[static_cast<std::size_t>(h.lane)];
    ImGui::BeginTooltip();
    if (h.marker) {
        marker_tooltip(t, lane, *h.marker);
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

// ---------------------------------------------------------------------------
// [SECTION] Input
// ---------------------------------------------------------------------------

/// What "fit" shows: the whole run, plus room after it for lanes blocked forever.
double fit_units(const TimelineState& st) {
    const bool forever = std::any_of(st.layout.lanes.begin(), st.layout.lanes.end(),
                                     [](const Lane& l) { return l.blocked_forever; });
    return st.axis.total_units() * (forever ? 1.08 : 1.0);
}

bool key_pressed(int glfw_key) { return ImGui::IsKeyPressed(glfw_key, true); }

void keyboard(TimelineState& st, float w) {
    ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput || io.KeyCtrl)
        return;
    if (key_pressed('A'))
        st.view.pan(w * 0.1);
    if (key_pressed('D'))
        st.view.pan(-w * 0.1);
    if (key_pressed('W'))
        st.view.zoom_at(w * 0.5, 1.25);
    if (key_pressed('S'))
        st.view.zoom_at(w * 0.5, 1.0 / 1.25);
    if (ImGui::IsKeyPressed('F', false))
        st.needs_fit = true;
}

} // namespace

// ---------------------------------------------------------------------------
// [SECTION] draw_timeline
// ---------------------------------------------------------------------------

void draw_timeline(TimelineContext& ctx) {
    if (!ctx.state)
        return;
    TimelineState& st = *ctx.state;
    if (!ctx.palette)
        ctx.palette = &palette(ThemeKind::Dark);
    if (!ctx.trace || ctx.trace->step_count() == 0) {
        ImGui::TextDisabled("No run yet.");
        return;
    }
    const Palette& p = *ctx.palette;
    const Trace& t = *ctx.trace;
    ctx.font_size = ImGui::GetFontSize();
    ctx.label_width *= std::max(1.0f, ctx.font_size / 15.0f);

    // Toolbar: axis mode, fit, key sheet.
    int mode = static_cast<int>(st.mode);
    ImGui::TextUnformatted("axis:");
    ImGui::SameLine();
    ImGui::RadioButton("iteration", &mode, static_cast<int>(AxisMode::Iteration));
    ImGui::SameLine();
    ImGui::RadioButton("time", &mode, static_cast<int>(AxisMode::Time));
    ImGui::SameLine();
    ImGui::RadioButton("hybrid", &mode, static_cast<int>(AxisMode::Hybrid));
    if (mode != static_cast<int>(st.mode))
        st.preferred = static_cast<AxisMode>(mode); // the learner's choice wins from now on
    st.mode = static_cast<AxisMode>(mode);
    ImGui::SameLine();
    if (ImGui::SmallButton("fit (F)"))
        st.needs_fit = true;
    ImGui::SameLine();
    if (ImGui::SmallButton("? legend"))
        st.show_keys = true; // the window's Help (legend, every shortcut) opens
    // No "step k of N" here: the transport (or the compare view's titles) says where the
    // playhead is, once.

    const float details_h = st.selection.empty() ? 0.0f : ImGui::GetFrameHeightWithSpacing() * 1.2f;
    ImVec2 avail = ImGui::GetContentRegionAvail();
    avail.y = std::max(avail.y - details_h, 20.0f);
    // Wider labels when a lane's name and detail ("blocked forever (since t=…)") need it;
    // measured once per layout (a mode change keeps the layout, so its width is known).
    const auto label_width = [&] {
        return std::max(ctx.label_width, std::min(st.label_needed, avail.x * 0.45f));
    };
    const bool same_layout = st.cache_valid && st.cached_trace == &t && st.label_needed >= 0.0f;
    float label_w = same_layout ? label_width() : ctx.label_width;
    float lanes_w = std::max(avail.x - label_w, 20.0f);
    update_timeline_cache(ctx, lanes_w);
    if (st.label_needed < 0.0f) {
        st.label_needed = 0.0f;
        for (const Lane& lane : st.layout.lanes)
            st.label_needed =
                std::max(st.label_needed, ImGui::CalcTextSize(lane.name.c_str()).x +
                                              ImGui::CalcTextSize(lane.detail.c_str()).x + 20.0f);
        label_w = label_width();
        lanes_w = std::max(avail.x - label_w, 20.0f);
    }
    if (st.needs_fit) {
        st.view.fit(fit_units(st), lanes_w);
        st.needs_fit = false;
    }

    ImGui::BeginChild("##timeline_lanes", avail, false,
                      ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoMove);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    st.scroll_y = ImGui::GetScrollY();
    const float content_h = std::max(st.layout.height + 4.0f, avail.y - 2.0f);
    // The lanes' area: one invisible button capturing mouse input.
    ImGui::SetCursorScreenPos({origin.x + label_w, origin.y});
    ImGui::InvisibleButton("##lanes_area", {lanes_w, content_h},
                           ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
    const bool hovered = ImGui::IsItemHovered();
    const bool active = ImGui::IsItemActive();
    const bool activated = ImGui::IsItemActivated();
    const bool released = ImGui::IsItemDeactivated();

    Frame f;
    f.dl = ImGui::GetWindowDrawList();
    f.p = &p;
    f.x0 = origin.x + label_w;
    f.y0 = origin.y;
    f.w = lanes_w;
    st.lanes_x = f.x0;
    st.lanes_y = f.y0;
    st.lanes_w = lanes_w;
    st.lanes_h = content_h;

    // -- input ------------------------------------------------------------------------
    ImGuiIO& io = ImGui::GetIO();
    const double mx = static_cast<double>(io.MousePos.x - f.x0);
    const float my = io.MousePos.y - f.y0;
    if (hovered) {
        if (io.MouseWheel != 0.0f) {
            // One gesture never both zooms and pans: vertical wheel zooms only.
            st.view.zoom_at(mx, std::pow(1.25, static_cast<double>(io.MouseWheel)));
        } else if (io.MouseWheelH != 0.0f) {
            st.view.pan(static_cast<double>(io.MouseWheelH) * lanes_w * 0.05);
        }
    }
    if (activated)
        st.drag_moved = false;
    if (active && (ImGui::IsMouseDragging(ImGuiMouseButton_Left, 3.0f) ||
                   ImGui::IsMouseDragging(ImGuiMouseButton_Right, 3.0f))) {
        st.drag_moved = true;
        st.view.pan(static_cast<double>(io.MouseDelta.x));
    }
    if (ImGui::IsWindowHovered(ImGuiHoveredFlags_ChildWindows) || ImGui::IsWindowFocused())
        keyboard(st, lanes_w);
    if (st.needs_fit) {
        st.view.fit(fit_units(st), lanes_w);
        st.needs_fit = false;
    }
    st.hovered = hovered ? hit_test(t, st.layout, st.axis, st.view, mx, my) : Hit{};
    if (released && !st.drag_moved) {
        const Hit& h = st.hovered;
        st.selection = {};
        if (h.lane >= 0 && (h.span || h.segment || h.marker))
            st.selection = TimelineSelection{h.lane, h.span, h.segment, h.marker};
    }
    if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
        const double u = st.view.to_unit(mx);
        if (u >= 0.0 && u <= st.axis.total_units())
            seek(ctx, st.axis.step_at_unit(u));
    }

    // -- drawing -----------------------------------------------------------------------
    st.drawn_rects = st.drawn_markers = st.drawn_arrows = 0;
    const ImVec2 win_min = ImGui::GetWindowPos();
    const ImVec2 win_max = {win_min.x + ImGui::GetWindowWidth(),
                            win_min.y + ImGui::GetWindowHeight()};
    f.clip_top = win_min.y;
    f.clip_bottom = win_max.y;
    static thread_local std::vector<LodItem> items;
    static thread_local std::vector<LodMarker> markers;
    // Labels.
    f.dl->PushClipRect({origin.x, win_min.y}, {f.x0 - 4.0f, win_max.y}, true);
    for (const Lane& lane : st.layout.lanes) {
        const float y = f.y0 + lane.y;
        if (y + lane.h < win_min.y || y > win_max.y)
            continue;
        const Colour name_c = lane.kind == LaneKind::Task ? p.heading : p.dim_text;
        const float ty = y + (lane.h - ImGui::GetFontSize()) * 0.5f;
        const ImVec2 sz = ImGui::CalcTextSize(lane.detail.c_str());
        // The name gets what the detail column leaves; long names elide in the middle and
        // show in full on hover.
        const float name_room = f.x0 - 8.0f - sz.x - ImGui::GetFontSize() * 0.6f - origin.x - 4.0f;
        const std::string name = elide_middle(lane.name, name_room, [](std::string_view v) {
            return ImGui::CalcTextSize(v.data(), v.data() + v.size()).x;
        });
        f.dl->AddText({origin.x + 4.0f, ty}, col(name_c), name.c_str());
        f.dl->AddText({f.x0 - 8.0f - sz.x, ty}, col(p.dim_text), lane.detail.c_str());
        if (name != lane.name && io.MousePos.x >= origin.x && io.MousePos.x < f.x0 &&
            io.MousePos.y >= y && io.MousePos.y < y + lane.h && ImGui::IsWindowHovered())
            ImGui::SetTooltip("%s \xC2\xB7 %s", lane.name.c_str(), lane.detail.c_str());
    }
    f.dl->PopClipRect();
    // Lanes.
    f.dl->PushClipRect({f.x0, win_min.y}, {f.x0 + f.w, win_max.y}, true);
    for (std::size_t i = 0; i < st.layout.lanes.size(); ++i) {
        const Lane& lane = st.layout.lanes[i];
        const float y = f.y0 + lane.y;
        if (y + lane.h < win_min.y || y > win_max.y)
            continue;
        if (i % 2 == 0)
            f.dl->AddRectFilled({f.x0, y}, {f.x0 + f.w, y + lane.h},
                                col(p.dim_text.with_alpha(0.05f)));
        if (lane.kind == LaneKind::Task)
            draw_task_lane(ctx, f, lane, items);
        else
            draw_object_lane(ctx, f, lane, items);
        draw_markers(ctx, f, lane, markers);
    }
    draw_arrows(ctx, f);
    // Hover and selection outlines.
    const auto outline = [&](const TimelineSelection& s, ImU32 c, float thick) {
        if (s.lane < 0 || static_cast<std::size_t>(s.lane) >= st.layout.lanes.size())
            return;
        const Lane& lane = st.layout.lanes[static_cast<std::size_t>(s.lane)];
        double b = 0.0, e = 0.0;
        if (s.span && lane.kind == LaneKind::Task) {
            const SpanView v = t.span(lane.task, *s.span);
            b = v.begin;
            e = v.end;
        } else if (s.segment) {
            b = lane.segments[*s.segment].begin;
            e = *s.segment + 1 < lane.segments.size() ? lane.segments[*s.segment + 1].begin
                                                      : t.end_tick();
        } else {
            return;
        }
        const double xa = std::max(st.view.to_x(st.axis.tick_to_unit(b)), -4.0);
        const double xb = std::min(st.view.to_x(st.axis.tick_to_unit(e)), f.w + 4.0);
        const float y = f.y0 + lane.y;
        f.dl->AddRect({f.x0 + static_cast<float>(xa), y},
                      {f.x0 + static_cast<float>(std::max(xb, xa + 2.0)), y + lane.h}, c, 0.0f, 0,
                      thick);
    };
    if (st.hovered.lane >= 0)
        outline({st.hovered.lane, st.hovered.span, st.hovered.segment, {}},
                col(p.heading.with_alpha(0.5f)), 1.0f);
    outline(st.selection, col(p.heading), 2.0f);
    // Playhead.
    const double ph = st.view.to_x(st.axis.tick_to_unit(playhead_tick(ctx.playhead)));
    if (ph >= -2.0 && ph <= f.w + 2.0) {
        const float x = f.x0 + static_cast<float>(ph);
        f.dl->AddLine({x, f.y0}, {x, f.y0 + content_h}, col(p.accent), 2.0f);
        f.dl->AddTriangleFilled({x - 5.0f, f.y0}, {x + 5.0f, f.y0}, {x, f.y0 + 6.0f},
                                col(p.accent));
    }
    st.mark_x = -1.0f;
    if (ctx.mark_step) {
        // Over everything in the lanes (arrows, playhead), with its label on a chip.
        const double mx_units =
            st.axis.tick_to_unit(static_cast<double>(tick_begin(*ctx.mark_step)));
        const double mxp = st.view.to_x(mx_units);
        if (mxp >= -2.0 && mxp <= f.w + 2.0) {
            const float x = f.x0 + static_cast<float>(mxp);
            const ImU32 c = col(p.failed);
            f.dl->AddLine({x, f.y0}, {x, f.y0 + content_h}, c, 2.0f);
            f.dl->AddTriangleFilled({x - 6.0f, f.y0}, {x + 6.0f, f.y0}, {x, f.y0 + 8.0f}, c);
            if (ctx.mark_label != nullptr) {
                const ImVec2 ts = ImGui::CalcTextSize(ctx.mark_label);
                // Right of the line, or left of it near the right edge.
                const float lx = x + 8.0f + ts.x + 4.0f <= f.x0 + f.w ? x + 8.0f : x - 8.0f - ts.x;
                const float ly = f.y0 + 2.0f;
                f.dl->AddRectFilled({lx - 3.0f, ly - 1.0f}, {lx + ts.x + 3.0f, ly + ts.y + 1.0f},
                                    col(p.code_background), 3.0f);
                f.dl->AddRect({lx - 3.0f, ly - 1.0f}, {lx + ts.x + 3.0f, ly + ts.y + 1.0f}, c,
                              3.0f);
                f.dl->AddText({lx, ly}, c, ctx.mark_label);
            }
            st.mark_x = x;
        }
    }
    if (ctx.overlay)
        ctx.overlay(f.dl, f.x0, f.y0);
    f.dl->PopClipRect();
    ImGui::EndChild();

    if (hovered && !active && st.hovered.lane >= 0)
        hover_tooltip(ctx, st.hovered);
    if (!st.selection.empty())
        details_strip(ctx);
}

} // namespace condlab::app
