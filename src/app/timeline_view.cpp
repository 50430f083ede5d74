// Timeline drawing and input (see timeline_view.h). Geometry comes from the pure layout
// and LOD code; lane bodies are drawn in timeline_lanes.cpp, markers and arrows in
// timeline_marks.cpp, tooltips and the details strip in timeline_tooltips.cpp. This file
// keeps the cache, input and the frame's composition.
//
// [SECTION] Cache
// [SECTION] Input
// [SECTION] draw_timeline
#include "app/timeline_view.h"

#include "app/lane_labels.h"
#include "app/timeline_draw.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>

namespace condlab::app {

using namespace timeline_detail;

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
    // Another axis stretches the run differently: a zoom kept across the switch cut the run
    // off or left half the lanes empty, so the whole run is fitted again.
    st.needs_fit = true;
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
}

// ---------------------------------------------------------------------------
// [SECTION] Input
// ---------------------------------------------------------------------------

namespace {

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

namespace {

/// Axis mode radio buttons, fit, the legend button.
void draw_toolbar(TimelineState& st) {
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
}

/// The lanes' widths: the label column (wider when a lane's name and detail need it,
/// measured once per layout) and the lanes' area. Updates the cache for that width.
void size_columns(TimelineContext& ctx, ImVec2 avail, float& label_w, float& lanes_w) {
    TimelineState& st = *ctx.state;
    const auto label_width = [&] {
        return std::max(ctx.label_width, std::min(st.label_needed, avail.x * 0.45f));
    };
    const bool same_layout =
        st.cache_valid && st.cached_trace == ctx.trace && st.label_needed >= 0.0f;
    label_w = same_layout ? label_width() : ctx.label_width;
    lanes_w = std::max(avail.x - label_w, 20.0f);
    update_timeline_cache(ctx, lanes_w);
    // Lanes taller than the panel: the lanes' child shows a vertical scrollbar, and the lanes
    // end before it (not 12 px under it).
    if (st.layout.height + 4.0f > avail.y) {
        avail.x -= ImGui::GetStyle().ScrollbarSize;
        lanes_w = std::max(avail.x - label_w, 20.0f);
    }
    if (st.label_needed < 0.0f) {
        st.label_needed = 0.0f;
        for (const Lane& lane : st.layout.lanes)
            st.label_needed = std::max(st.label_needed,
                                       lane_label_needed(ImGui::CalcTextSize(lane.name.c_str()).x,
                                                         ImGui::CalcTextSize(lane.detail.c_str()).x,
                                                         ctx.font_size));
        label_w = label_width();
        lanes_w = std::max(avail.x - label_w, 20.0f);
    }
    if (st.needs_fit) {
        st.view.fit(fit_units(st), lanes_w);
        st.needs_fit = false;
    }
}

/// The lanes' area item's state this frame.
struct AreaInput {
    bool hovered = false, active = false, activated = false, released = false;
};

/// Wheel zoom / pan, drag pan, keys, hover, click to select, double click to seek.
void lanes_input(TimelineContext& ctx, const Frame& f, const AreaInput& in) {
    TimelineState& st = *ctx.state;
    ImGuiIO& io = ImGui::GetIO();
    const double mx = static_cast<double>(io.MousePos.x - f.x0);
    const float my = io.MousePos.y - f.y0;
    if (in.hovered) {
        if (io.MouseWheel != 0.0f && !io.KeyShift) {
            // One gesture never both zooms and pans: vertical wheel zooms only.
            st.view.zoom_at(mx, std::pow(1.25, static_cast<double>(io.MouseWheel)));
        } else if (io.MouseWheelH != 0.0f || io.MouseWheel != 0.0f) {
            // Sideways wheel, or Shift+wheel (GLFW reports it as vertical): pan.
            const float wheel = io.MouseWheelH != 0.0f ? io.MouseWheelH : io.MouseWheel;
            st.view.pan(static_cast<double>(wheel) * f.w * 0.05);
        }
    }
    if (in.activated)
        st.drag_moved = false;
    if (in.active && (ImGui::IsMouseDragging(ImGuiMouseButton_Left, 3.0f) ||
                      ImGui::IsMouseDragging(ImGuiMouseButton_Right, 3.0f))) {
        st.drag_moved = true;
        st.view.pan(static_cast<double>(io.MouseDelta.x));
    }
    if (ImGui::IsWindowHovered(ImGuiHoveredFlags_ChildWindows) || ImGui::IsWindowFocused())
        keyboard(st, f.w);
    if (st.needs_fit) {
        st.view.fit(fit_units(st), f.w);
        st.needs_fit = false;
    }
    st.hovered = in.hovered ? hit_test(*ctx.trace, st.layout, st.axis, st.view, mx, my) : Hit{};
    if (in.released && !st.drag_moved) {
        const Hit& h = st.hovered;
        st.selection = {};
        if (h.lane >= 0 && (h.span || h.segment || h.marker))
            st.selection = TimelineSelection{h.lane, h.span, h.segment, h.marker};
    }
    if (in.hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
        const double u = st.view.to_unit(mx);
        if (u >= 0.0 && u <= st.axis.total_units())
            seek(ctx, st.axis.step_at_unit(u));
    }
}

/// Lane names (elided in the middle, full on hover) and details in the label column.
void draw_lane_labels(const TimelineContext& ctx, const Frame& f, float left) {
    const TimelineState& st = *ctx.state;
    const Palette& p = *f.p;
    const ImGuiIO& io = ImGui::GetIO();
    f.dl->PushClipRect({left, f.clip_top}, {f.x0 - 4.0f, f.clip_bottom}, true);
    for (std::size_t i = 0; i < st.layout.lanes.size(); ++i) {
        const Lane& lane = st.layout.lanes[i];
        const float y = f.y0 + lane.y;
        if (y + lane.h < f.clip_top || y > f.clip_bottom)
            continue;
        const Colour name_c = lane.kind == LaneKind::Task ? p.heading : p.dim_text;
        const float ty = y + (lane.h - ImGui::GetFontSize()) * 0.5f;
        // Measured with the padding the column was sized with (lane_labels.h): the detail
        // is shortened before the name; the full texts show on hover.
        const LaneLabelText text = fit_lane_label(
            lane.name, lane.detail, f.x0 - left, ctx.font_size, [](std::string_view v) {
                return ImGui::CalcTextSize(v.data(), v.data() + v.size()).x;
            });
        const LaneLabelPadding pad = lane_label_padding(ctx.font_size);
        const ImVec2 sz = ImGui::CalcTextSize(text.detail.c_str());
        f.dl->AddText({left + pad.left, ty}, col(name_c), text.name.c_str());
        f.dl->AddText({f.x0 - pad.right - sz.x, ty}, col(p.dim_text), text.detail.c_str());
        if (ctx.state->record_labels)
            ctx.state->drawn_labels.emplace_back(i, text);
        if (text.shortened(lane.name, lane.detail) && io.MousePos.x >= left &&
            io.MousePos.x < f.x0 && io.MousePos.y >= y && io.MousePos.y < y + lane.h &&
            ImGui::IsWindowHovered())
            ImGui::SetTooltip("%s \xC2\xB7 %s", lane.name.c_str(), lane.detail.c_str());
    }
    f.dl->PopClipRect();
}

/// Every visible lane's background, body and markers.
void draw_lanes(const TimelineContext& ctx, const Frame& f) {
    const TimelineState& st = *ctx.state;
    static thread_local std::vector<LodItem> items;
    static thread_local std::vector<LodMarker> markers;
    for (std::size_t i = 0; i < st.layout.lanes.size(); ++i) {
        const Lane& lane = st.layout.lanes[i];
        const float y = f.y0 + lane.y;
        if (y + lane.h < f.clip_top || y > f.clip_bottom)
            continue;
        if (i % 2 == 0)
            f.dl->AddRectFilled({f.x0, y}, {f.x0 + f.w, y + lane.h},
                                col(f.p->dim_text.with_alpha(0.05f)));
        if (lane.kind == LaneKind::Task)
            draw_task_lane(ctx, f, lane, items);
        else
            draw_object_lane(ctx, f, lane, items);
        draw_markers(ctx, f, lane, markers);
    }
}

/// An outline around a selected or hovered span or segment.
void draw_outline(const TimelineContext& ctx, const Frame& f, const TimelineSelection& s, ImU32 c,
                  float thick) {
    const TimelineState& st = *ctx.state;
    const Trace& t = *ctx.trace;
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
                  thick * f.s);
}

/// The playhead line and its head.
void draw_playhead(const TimelineContext& ctx, const Frame& f, float height) {
    const TimelineState& st = *ctx.state;
    const double ph = st.view.to_x(st.axis.tick_to_unit(playhead_tick(ctx.playhead)));
    if (ph < -2.0 || ph > f.w + 2.0)
        return;
    const float x = f.x0 + static_cast<float>(ph);
    const ImU32 c = col(f.p->accent);
    const float s = f.s;
    f.dl->AddLine({x, f.y0}, {x, f.y0 + height}, c, 2.0f * s);
    f.dl->AddTriangleFilled({x - 5.0f * s, f.y0}, {x + 5.0f * s, f.y0}, {x, f.y0 + 6.0f * s}, c);
}

/// ctx.mark_step's line (compare: the first divergence) over everything in the lanes,
/// with its label on a chip. Sets st.mark_x.
void draw_mark_line(const TimelineContext& ctx, const Frame& f, float height) {
    TimelineState& st = *ctx.state;
    const Palette& p = *f.p;
    st.mark_x = -1.0f;
    if (!ctx.mark_step)
        return;
    const double mx_units = st.axis.tick_to_unit(static_cast<double>(tick_begin(*ctx.mark_step)));
    const double mxp = st.view.to_x(mx_units);
    if (mxp < -2.0 || mxp > f.w + 2.0)
        return;
    const float x = f.x0 + static_cast<float>(mxp);
    const ImU32 c = col(p.failed);
    const float s = f.s;
    f.dl->AddLine({x, f.y0}, {x, f.y0 + height}, c, 2.0f * s);
    f.dl->AddTriangleFilled({x - 6.0f * s, f.y0}, {x + 6.0f * s, f.y0}, {x, f.y0 + 8.0f * s}, c);
    if (ctx.mark_label != nullptr) {
        const ImVec2 ts = ImGui::CalcTextSize(ctx.mark_label);
        // Right of the line, or left of it near the right edge.
        const float gap = 8.0f * s, pad = 3.0f * s;
        const float lx = x + gap + ts.x + 4.0f * s <= f.x0 + f.w ? x + gap : x - gap - ts.x;
        const float ly = f.y0 + 2.0f * s;
        const ImVec2 a{lx - pad, ly - s}, b{lx + ts.x + pad, ly + ts.y + s};
        f.dl->AddRectFilled(a, b, col(p.code_background), pad);
        f.dl->AddRect(a, b, c, pad, 0, s);
        f.dl->AddText({lx, ly}, c, ctx.mark_label);
    }
    st.mark_x = x;
}

} // namespace

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
    ctx.font_size = ImGui::GetFontSize();
    ctx.label_width *= std::max(1.0f, ctx.font_size / 15.0f);
    draw_toolbar(st);

    const float details_h = st.selection.empty() ? 0.0f : ImGui::GetFrameHeightWithSpacing() * 1.2f;
    ImVec2 avail = ImGui::GetContentRegionAvail();
    avail.y = std::max(avail.y - details_h, 20.0f);
    float label_w = 0.0f, lanes_w = 0.0f;
    size_columns(ctx, avail, label_w, lanes_w);

    ImGui::BeginChild("##timeline_lanes", avail, false,
                      ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoMove);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    st.scroll_y = ImGui::GetScrollY();
    const float content_h = std::max(st.layout.height + 4.0f, avail.y - 2.0f);
    // The lanes' area: one invisible button capturing mouse input.
    ImGui::SetCursorScreenPos({origin.x + label_w, origin.y});
    ImGui::InvisibleButton("##lanes_area", {lanes_w, content_h},
                           ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
    const AreaInput in{ImGui::IsItemHovered(), ImGui::IsItemActive(), ImGui::IsItemActivated(),
                       ImGui::IsItemDeactivated()};

    const ImVec2 win_min = ImGui::GetWindowPos();
    Frame f;
    f.dl = ImGui::GetWindowDrawList();
    f.p = &p;
    f.x0 = origin.x + label_w;
    f.y0 = origin.y;
    f.w = lanes_w;
    f.clip_top = win_min.y;
    f.clip_bottom = win_min.y + ImGui::GetWindowHeight();
    f.s = mark_scale(ctx.font_size);
    st.mark_scale = f.s;
    st.lanes_x = f.x0;
    st.lanes_y = f.y0;
    st.lanes_w = lanes_w;
    st.lanes_h = content_h;
    lanes_input(ctx, f, in);

    st.drawn_rects = st.drawn_markers = st.drawn_arrows = 0;
    st.drawn_labels.clear();
    st.deadline_glyph_x.clear();
    draw_lane_labels(ctx, f, origin.x);
    f.dl->PushClipRect({f.x0, f.clip_top}, {f.x0 + f.w, f.clip_bottom}, true);
    draw_lanes(ctx, f);
    draw_arrows(ctx, f);
    if (st.hovered.lane >= 0)
        draw_outline(ctx, f, {st.hovered.lane, st.hovered.span, st.hovered.segment, {}},
                     col(p.heading.with_alpha(0.5f)), 1.0f);
    draw_outline(ctx, f, st.selection, col(p.heading), 2.0f);
    draw_playhead(ctx, f, content_h);
    draw_mark_line(ctx, f, content_h);
    if (ctx.overlay)
        ctx.overlay(f.dl, f.x0, f.y0);
    f.dl->PopClipRect();
    ImGui::EndChild();

    if (in.hovered && !in.active && st.hovered.lane >= 0)
        hover_tooltip(ctx, st.hovered);
    if (!st.selection.empty())
        details_strip(ctx);
}

} // namespace condlab::app
