// Marks on the timeline (see timeline_draw.h): event markers (notify, set, output,
// exception, cancel requested, deadline) and the causal arrows between lanes.
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
    case EventMarkerKind::Deadline:
        return p.heading;
    case EventMarkerKind::Exception:
        return p.failed;
    }
    return p.accent;
}

void draw_markers(const TimelineContext& ctx, const Frame& f, const Lane& lane,
                  std::vector<LodMarker>& ms) {
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
