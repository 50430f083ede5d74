// Lane bodies of the timeline (see timeline_draw.h): task spans in state colours and
// patterns, the fading tail of a lane blocked forever, object lanes with waiter counts.
#include "app/timeline_draw.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace condlab::app {

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

namespace timeline_detail {

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

namespace {

void draw_hatch(ImDrawList* dl, float x0, float y0, float x1, float y1, ImU32 c, float s) {
    const float h = y1 - y0;
    const float spacing = 6.0f * s;
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
            dl->AddLine({ax, ay}, {bx, by}, c, s);
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
    const float top = f.y0 + lane.y + 2.0f * f.s;
    const float bottom = f.y0 + lane.y + lane.h - 2.0f * f.s;
    const Colour c = status_colour(*f.p, t.span_at(lane.task, t.end_tick() - 1).status);
    const ImU32 strong = col(c.with_alpha(0.9f)), faint = col(c.with_alpha(0.2f));
    f.dl->AddRectFilledMultiColor({a, top}, {b, bottom}, strong, faint, faint, strong);
    // "»" at the right edge: it goes on.
    const float mid = (top + bottom) * 0.5f, half = (bottom - top) * 0.5f;
    for (float k = 0.0f; k < 2.0f; k += 1.0f) {
        const float x = b - (3.0f + k * 6.0f) * f.s;
        if (x - half < a)
            break;
        f.dl->AddLine({x - half * 0.8f, top}, {x, mid}, col(c), 2.0f * f.s);
        f.dl->AddLine({x, mid}, {x - half * 0.8f, bottom}, col(c), 2.0f * f.s);
    }
}

} // namespace

void draw_task_lane(const TimelineContext& ctx, const Frame& f, const Lane& lane,
                    std::vector<LodItem>& items) {
    const TimelineState& st = *ctx.state;
    const Trace& t = *ctx.trace;
    const Palette& p = *f.p;
    items.clear();
    lod_task_spans(t, lane.task, st.axis, st.view, 0.0, f.w, ctx.lod, items);
    const float s = f.s;
    const float top = f.y0 + lane.y;
    const float bottom = top + lane.h;
    const float in_top = top + 2.0f * s, in_bottom = bottom - 2.0f * s; // the span's body
    for (const LodItem& it : items) {
        const float a = f.x0 + static_cast<float>(std::max(it.x0, -2.0));
        const float b =
            f.x0 + static_cast<float>(std::min(std::max(it.x1, it.x0 + 1.0), f.w + 2.0));
        const auto status = static_cast<TaskStatus>(it.category);
        const Colour c = status_colour(p, status);
        if (it.merged()) {
            f.dl->AddRectFilled({a, in_top}, {b, in_bottom}, col(c.with_alpha(0.8f)));
            continue;
        }
        switch (status) {
        case TaskStatus::NotStarted: {
            // Empty with a dotted baseline.
            const float y = bottom - 3.0f * s;
            const float start = std::max(a, f.x0);
            const float end = std::min(b, f.x0 + f.w);
            for (float x = start; x < end; x += 5.0f * s)
                f.dl->AddRectFilled({x, y}, {std::min(x + 1.5f * s, end), y + 1.5f * s}, col(c));
            break;
        }
        case TaskStatus::Done:
            f.dl->AddRect({a, top + 4.0f * s}, {b, bottom - 4.0f * s}, col(c), 0.0f, 0, s);
            break;
        case TaskStatus::Sleeping:
            f.dl->AddRectFilled({a, in_top}, {b, in_bottom}, col(c));
            if (b - a >= 4.0f * s)
                draw_hatch(f.dl, std::max(a, f.x0), in_top, std::min(b, f.x0 + f.w), in_bottom,
                           col(p.sleeping_hatch), s);
            break;
        default:
            f.dl->AddRectFilled({a, in_top}, {b, in_bottom}, col(c));
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
    f.dl->AddLine({f.x0, bottom - 0.5f * f.s}, {f.x0 + f.w, bottom - 0.5f * f.s},
                  col(f.p->dim_text.with_alpha(0.25f)), f.s);
    for (const LodItem& it : items) {
        const auto s = static_cast<SegmentState>(it.category);
        if (s == SegmentState::Idle)
            continue;
        const float a = f.x0 + static_cast<float>(std::max(it.x0, -2.0));
        const float b =
            f.x0 + static_cast<float>(std::min(std::max(it.x1, it.x0 + 1.0), f.w + 2.0));
        f.dl->AddRectFilled({a, top + f.s}, {b, bottom - f.s}, col(segment_colour(*f.p, s)));
        if (!it.merged() && s == SegmentState::Waiters && b - a > 14.0f * f.s) {
            // The waiter count in the current font (it scales with it), centred in the lane.
            char buf[16];
            std::snprintf(buf, sizeof buf, "%u", lane.segments[it.first].value);
            const float ty = top + (lane.h - ImGui::GetFontSize()) * 0.5f;
            f.dl->AddText({a + 2.0f * f.s, ty}, col(f.p->count_text), buf);
        }
    }
    const_cast<TimelineState&>(st).drawn_rects += items.size();
}

} // namespace timeline_detail
} // namespace condlab::app
