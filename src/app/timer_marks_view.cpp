// Timer marks over the timeline's lanes (explore_view.h TimerMark): the timers the learner can
// fire in the event-loop mode, and the timer an explored schedule made early or late.
//
// A deviation has to be seen at a glance on a busy timeline: its span is filled and framed
// with a thick light core inside a dark edge (the arrows' trick, theme.h: one of the two has
// at least 3:1 contrast on every lane colour), the deadline it got is a heavy bar, the one
// the program asked for a thin dashed tick, and a label chip names the change. Every width
// scales with the font (the UI scale), as the lanes do (timeline_view.cpp lane_metrics_for).
#include "app/explore_view.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace condlab::app {

DeviationColours deviation_mark_colours(ThemeKind theme) {
    // Amber core, near-black edge in both themes: on a light lane the edge carries the
    // contrast, on a dark one the core does. The light theme's amber is a shade deeper so the
    // core still reads against white.
    if (theme == ThemeKind::Light)
        return {Colour{1.00f, 0.70f, 0.00f, 1.0f}, Colour{0.05f, 0.05f, 0.08f, 1.0f}};
    return {Colour{1.00f, 0.84f, 0.25f, 1.0f}, Colour{0.02f, 0.02f, 0.04f, 1.0f}};
}

double tick_at_time(const Trace& trace, double t, bool after_steps_at_t) {
    const double at =
        after_steps_at_t ? std::nextafter(t, std::numeric_limits<double>::infinity()) : t;
    const StepId s = trace.step_at_time(at);
    if (s >= trace.step_count())
        return static_cast<double>(trace.end_tick());
    return static_cast<double>(tick_begin(s));
}

namespace {

struct Span {
    float xa = 0, xb = 0, y = 0, h = 0;
};

float ui_scale() { return std::max(1.0f, ImGui::GetFontSize() / 15.0f); }

float x_of(const TimelineState& st, const Trace& trace, double t, bool after, float x0) {
    return x0 +
           static_cast<float>(st.view.to_x(st.axis.tick_to_unit(tick_at_time(trace, t, after))));
}

/// The made-early / made-late highlight.
void draw_deviation(const TimerMark& m, const Span& r, bool hover, ThemeKind theme,
                    const TimelineState& st, const Trace& trace, ImDrawList* dl, float x0) {
    const float k = ui_scale();
    const DeviationColours c = deviation_mark_colours(theme);
    const float edge_w = 5.0f * k, core_w = 2.5f * k, pad = 2.0f * k;
    dl->AddRectFilled({r.xa, r.y}, {r.xb, r.y + r.h},
                      c.core.with_alpha(hover ? 0.55f : 0.40f).packed());
    dl->AddRect({r.xa - pad, r.y - pad}, {r.xb + pad, r.y + r.h + pad}, c.edge.packed(), 0.0f, 0,
                edge_w);
    dl->AddRect({r.xa - pad, r.y - pad}, {r.xb + pad, r.y + r.h + pad}, c.core.packed(), 0.0f, 0,
                core_w);
    // The deadline it got: a heavy bar past the lane's edges.
    const float over = 4.0f * k;
    dl->AddLine({r.xb, r.y - over}, {r.xb, r.y + r.h + over}, c.edge.packed(), 6.0f * k);
    dl->AddLine({r.xb, r.y - over}, {r.xb, r.y + r.h + over}, c.core.packed(), 3.0f * k);
    // The deadline the program asked for: a dashed tick.
    if (m.default_when > 0 && m.default_when != m.when) {
        const float xd = x_of(st, trace, m.default_when, false, x0);
        for (float y = r.y - over; y < r.y + r.h + over; y += 4.0f * k)
            dl->AddLine({xd, y}, {xd, std::min(y + 2.0f * k, r.y + r.h + over)}, c.edge.packed(),
                        2.0f * k);
    }
    // A label chip above the lane: dark plate, light text.
    if (!m.label.empty()) {
        const ImVec2 sz = ImGui::CalcTextSize(m.label.c_str());
        const float cx = r.xa, cy = r.y - sz.y - 3.0f * k - pad;
        dl->AddRectFilled({cx - 2.0f * k, cy - 1.0f * k},
                          {cx + sz.x + 2.0f * k, cy + sz.y + 1.0f * k}, c.edge.packed(), 3.0f * k);
        dl->AddText({cx, cy}, c.core.packed(), m.label.c_str());
    }
}

/// A timer the learner can fire (event-loop mode).
void draw_option(const TimerMark& m, const Span& r, bool hover, const Palette& p, ImDrawList* dl) {
    const float k = ui_scale();
    const Colour c = m.cpython_next ? p.accent : p.heading;
    dl->AddRectFilled({r.xa, r.y}, {r.xb, r.y + r.h}, c.with_alpha(hover ? 0.35f : 0.18f).packed());
    dl->AddRect({r.xa, r.y}, {r.xb, r.y + r.h}, c.packed(), 2.0f * k, 0, (hover ? 3.0f : 2.0f) * k);
    dl->AddLine({r.xb, r.y - 2.0f * k}, {r.xb, r.y + r.h + 2.0f * k}, c.packed(), 3.0f * k);
    const float text_w = ImGui::CalcTextSize(m.label.c_str()).x;
    if (!m.label.empty() && text_w + 6.0f * k <= r.xb - r.xa)
        dl->AddText({r.xa + 3.0f * k, r.y + (r.h - ImGui::GetFontSize()) * 0.5f}, c.packed(),
                    m.label.c_str());
}

} // namespace

const TimerMark* draw_timer_marks(std::vector<TimerMark>& marks, const TimelineState& st,
                                  const Trace& trace, ThemeKind theme, ImDrawList* dl, float x0,
                                  float y0) {
    const TimerMark* clicked = nullptr;
    const ImGuiIO& io = ImGui::GetIO();
    const Palette& p = palette(theme);
    const float min_w = 8.0f * ui_scale();
    for (TimerMark& m : marks) {
        m.rect = Rect{};
        const int lane = st.layout.lane_of_task(m.task);
        if (lane < 0)
            continue;
        const Lane& l = st.layout.lanes[static_cast<std::size_t>(lane)];
        Span r;
        r.xa = x_of(st, trace, m.created, true, x0);
        r.xb = std::max(x_of(st, trace, m.when, false, x0), r.xa + min_w);
        r.y = y0 + l.y;
        r.h = l.h;
        m.rect = Rect{r.xa, r.y, r.xb - r.xa, r.h};
        const bool hover = m.rect.contains(io.MousePos.x, io.MousePos.y);
        if (m.deviation)
            draw_deviation(m, r, hover, theme, st, trace, dl, x0);
        else
            draw_option(m, r, hover, p, dl);
        if (hover && !m.tooltip.empty())
            ImGui::SetTooltip("%s", m.tooltip.c_str());
        if (m.clickable && hover && ImGui::IsMouseClicked(ImGuiMouseButton_Left))
            clicked = &m;
    }
    return clicked;
}

} // namespace condlab::app
