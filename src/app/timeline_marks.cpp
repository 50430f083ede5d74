// Marks on the timeline (see timeline_draw.h): event markers (notify, set, output,
// exception, cancel requested, deadline), timeout deadlines from the moment they are armed
// (layout: Lane::deadlines) and the causal arrows between lanes.
#include "app/timeline_draw.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace condlab::app {

void draw_cancel_glyph(ImDrawList* dl, float x, float top, float s, unsigned c, unsigned edge) {
    const ImVec2 centre{x, top + 4.0f * s};
    dl->AddCircle(centre, 4.0f * s, edge, 12, 3.0f * s);
    dl->AddCircle(centre, 4.0f * s, c, 12, 1.5f * s);
    dl->AddLine({x - 2.8f * s, top + 6.8f * s}, {x + 2.8f * s, top + 1.2f * s}, c, 1.5f * s);
}

void draw_deadline_glyph(ImDrawList* dl, float x, float top, float s, unsigned c, unsigned edge) {
    const float w = 3.5f * s, h = 8.0f * s, e = s; // e: the dark edge's width
    dl->AddTriangleFilled({x - w - e, top - e}, {x + w + e, top - e}, {x, top + h * 0.5f}, edge);
    dl->AddTriangleFilled({x - w - e, top + h + e}, {x + w + e, top + h + e}, {x, top + h * 0.5f},
                          edge);
    dl->AddTriangleFilled({x - w, top}, {x + w, top}, {x, top + h * 0.5f}, c);
    dl->AddTriangleFilled({x - w, top + h}, {x + w, top + h}, {x, top + h * 0.5f}, c);
}

DeadlineColours deadline_colours(const Palette& p) {
    // One light amber core in both themes: on dark lanes the core carries the contrast, on
    // light ones the near-black edge. (The light theme's brown heading colour had neither on
    // its dark lanes.)
    return {Colour{240.0f / 255.0f, 200.0f / 255.0f, 120.0f / 255.0f, 1.0f}, p.arrow_edge};
}

namespace {

/// A vertical or horizontal dashed line from a to b: `on` pixels drawn, `off` skipped.
void dashed(ImDrawList* dl, ImVec2 a, ImVec2 b, unsigned c, float width, float on, float off) {
    const float dx = b.x - a.x, dy = b.y - a.y;
    const float len = std::sqrt(dx * dx + dy * dy);
    if (len <= 0.0f)
        return;
    const float ux = dx / len, uy = dy / len;
    for (float d = 0.0f; d < len; d += on + off) {
        const float e = std::min(d + on, len);
        dl->AddLine({a.x + ux * d, a.y + uy * d}, {a.x + ux * e, a.y + uy * e}, c, width);
    }
}

} // namespace

void draw_deadline_tick(ImDrawList* dl, float x, float top, float bottom, float s, unsigned c,
                        unsigned edge, bool reached) {
    if (reached) {
        dl->AddLine({x, top}, {x, bottom}, edge, 3.5f * s);
        dl->AddLine({x, top + 0.5f * s}, {x, bottom - 0.5f * s}, c, 1.5f * s);
        return;
    }
    // Not reached: dashed, under a hollow hourglass (its outline only).
    const float head = 7.0f * s;
    dashed(dl, {x, top + head}, {x, bottom}, edge, 3.5f * s, 3.0f * s, 2.0f * s);
    dashed(dl, {x, top + head + 0.5f * s}, {x, bottom - 0.5f * s}, c, 1.5f * s, 2.0f * s, 3.0f * s);
    const float w = 3.0f * s, h = head - s, m = top + h * 0.5f;
    const ImVec2 a{x - w, top}, b{x + w, top}, d{x - w, top + h}, e{x + w, top + h}, mid{x, m};
    dl->AddTriangle(a, b, mid, edge, 3.0f * s);
    dl->AddTriangle(d, e, mid, edge, 3.0f * s);
    dl->AddTriangle(a, b, mid, c, 1.2f * s);
    dl->AddTriangle(d, e, mid, c, 1.2f * s);
}

namespace timeline_detail {

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
        return p.heading;
    case EventMarkerKind::Deadline:
        return deadline_colours(p).core;
    case EventMarkerKind::Exception:
        return p.failed;
    }
    return p.accent;
}

namespace {

/// The lane's timeout deadlines (under its markers): a bracket from where the timer was armed
/// to its deadline - solid while the timer was armed, dashed on from where the wait ended
/// early - and the deadline's tick (solid when it fired, dashed and hollow when not).
void draw_deadlines(const TimelineContext& ctx, const Frame& f, const Lane& lane) {
    if (lane.deadlines.empty())
        return;
    const TimelineState& st = *ctx.state;
    const DeadlineColours dc = deadline_colours(*f.p);
    const ImU32 core = col(dc.core), edge = col(dc.edge);
    const float s = f.s;
    const float top = f.y0 + lane.y, bottom = top + lane.h;
    const float yb = bottom - 2.5f * s;
    const double lo = -8.0, hi = static_cast<double>(f.w) + 8.0;
    const auto screen_x = [&](double tick) {
        const double x = st.view.to_x(st.axis.tick_to_unit(tick));
        return f.x0 + static_cast<float>(std::clamp(x, lo, hi));
    };
    std::size_t drawn = 0;
    for (const DeadlineMark& d : lane.deadlines) {
        const double xa = st.view.to_x(st.axis.tick_to_unit(d.armed_tick));
        const double xd = st.view.to_x(st.axis.tick_to_unit(d.tick));
        if (xd < lo || xa > hi)
            continue;
        if (++drawn > 4096) // a wait loop with thousands of timeouts: enough to read
            break;
        const float a = screen_x(d.armed_tick), x = screen_x(d.tick);
        const float e = std::min(screen_x(d.ended_tick), x);
        // The armed foot, and the bracket while the timer was armed.
        if (xa >= lo) {
            f.dl->AddLine({a, yb - 4.5f * s}, {a, yb + 1.0f * s}, edge, 3.0f * s);
            f.dl->AddLine({a, yb - 4.0f * s}, {a, yb + 0.5f * s}, core, 1.2f * s);
        }
        f.dl->AddLine({a, yb}, {e, yb}, edge, 3.0f * s);
        f.dl->AddLine({a, yb}, {e, yb}, core, 1.2f * s);
        if (!d.reached && x > e) {
            dashed(f.dl, {e, yb}, {x, yb}, edge, 3.0f * s, 3.0f * s, 3.0f * s);
            dashed(f.dl, {e, yb}, {x, yb}, core, 1.2f * s, 3.0f * s, 3.0f * s);
        }
        if (xd <= hi) {
            // A deadline at (or just past) the right edge - after the run's end at fit zoom -
            // keeps its whole hourglass inside the lanes instead of half of it.
            const float half = 4.5f * s; // the glyph's half width with its edge
            const float tx = std::min(x, f.x0 + f.w - half);
            draw_deadline_tick(f.dl, tx, top + s, bottom - s, s, core, edge, d.reached);
            if (ctx.state->record_labels)
                ctx.state->deadline_glyph_x.push_back(tx);
        }
    }
}

} // namespace

void draw_markers(const TimelineContext& ctx, const Frame& f, const Lane& lane,
                  std::vector<LodMarker>& ms) {
    draw_deadlines(ctx, f, lane);
    ms.clear();
    lod_markers(lane, ctx.state->axis, ctx.state->view, -4.0, f.w + 4.0, ctx.lod, ms);
    const float top = f.y0 + lane.y;
    const float s = f.s;
    for (const LodMarker& m : ms) {
        const float x = f.x0 + static_cast<float>(m.x);
        const ImU32 c = col(marker_colour(*f.p, m.kind));
        switch (m.kind) {
        case EventMarkerKind::Notify:
            f.dl->AddTriangleFilled({x - 3.5f * s, top}, {x + 3.5f * s, top}, {x, top + 6.0f * s},
                                    c);
            break;
        case EventMarkerKind::NotifyAll:
            f.dl->AddTriangleFilled({x - 5.0f * s, top}, {x + 5.0f * s, top}, {x, top + 8.0f * s},
                                    c);
            f.dl->AddLine({x - 5.0f * s, top + s}, {x + 5.0f * s, top + s}, col(f.p->heading), s);
            break;
        case EventMarkerKind::EventSet:
            f.dl->AddQuadFilled({x, top}, {x + 3.5f * s, top + 3.5f * s}, {x, top + 7.0f * s},
                                {x - 3.5f * s, top + 3.5f * s}, c);
            break;
        case EventMarkerKind::Output:
            f.dl->AddCircleFilled({x, top + 3.0f * s}, 2.5f * s, c, 8);
            break;
        case EventMarkerKind::Exception:
            f.dl->AddLine({x - 3.5f * s, top}, {x + 3.5f * s, top + 7.0f * s}, c, 2.0f * s);
            f.dl->AddLine({x + 3.5f * s, top}, {x - 3.5f * s, top + 7.0f * s}, c, 2.0f * s);
            break;
        case EventMarkerKind::CancelRequested:
            draw_cancel_glyph(f.dl, x, top, s, c, col(f.p->arrow_edge));
            break;
        case EventMarkerKind::Deadline: {
            // The wait the deadline ended: a bracket from its start to the mark.
            const Marker& dm = lane.markers[m.first];
            if (dm.since >= 0.0) {
                const double xs = ctx.state->view.to_x(ctx.state->axis.tick_to_unit(dm.since));
                const float a = f.x0 + static_cast<float>(std::max(xs, -4.0));
                const float yb = top + lane.h - 2.0f * s;
                f.dl->AddLine({a, yb}, {x, yb}, col(f.p->arrow_edge), 3.0f * s);
                f.dl->AddLine({a, yb}, {x, yb}, c, s);
                f.dl->AddLine({a, yb - 4.0f * s}, {a, yb}, c, s);
            }
            draw_deadline_glyph(f.dl, x, top, s, c, col(f.p->arrow_edge));
            break;
        }
        }
    }
    ctx.state->drawn_markers += ms.size();
}

namespace {

Colour arrow_colour(const Palette& p, LinkKind k) {
    return k == LinkKind::Lock       ? p.arrow_lock
           : k == LinkKind::EventSet ? p.arrow_event
                                     : p.arrow_notify;
}

/// One arrow: a light core in the kind's hue inside a dark edge (readable on every lane
/// colour), with its head at the resume. `thick` for the selected task's arrows.
void draw_arrow(const Frame& f, ImVec2 from, ImVec2 to, const Colour& c, bool thick) {
    const float core = (thick ? 2.5f : 1.5f) * f.s;
    const ImU32 edge = col(f.p->arrow_edge);
    const float dx = to.x - from.x, dy = to.y - from.y;
    const float len = std::max(std::sqrt(dx * dx + dy * dy), 1e-3f);
    const float ux = dx / len, uy = dy / len;
    const float hl = (thick ? 9.0f : 7.0f) * f.s, hw = (thick ? 4.5f : 3.5f) * f.s;
    const ImVec2 l{to.x - hl * ux - hw * uy, to.y - hl * uy + hw * ux};
    const ImVec2 r{to.x - hl * ux + hw * uy, to.y - hl * uy - hw * ux};
    f.dl->AddLine(from, to, edge, core + 2.0f * f.s);
    f.dl->AddTriangleFilled(to, l, r, edge);
    f.dl->AddLine(from, {to.x - hl * 0.6f * ux, to.y - hl * 0.6f * uy}, col(c), core);
    // The head in the core colour, inset so its dark edge shows.
    const ImVec2 m{(to.x + l.x + r.x) / 3.0f, (to.y + l.y + r.y) / 3.0f};
    const auto in = [&](ImVec2 v) {
        return ImVec2{m.x + (v.x - m.x) * 0.6f, m.y + (v.y - m.y) * 0.6f};
    };
    f.dl->AddTriangleFilled(in(to), in(l), in(r), col(c));
}

} // namespace

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

} // namespace timeline_detail
} // namespace condlab::app
