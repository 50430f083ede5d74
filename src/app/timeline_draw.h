// Internal to the timeline view (timeline_view*.cpp and timeline_*_draw.cpp): the per-frame
// drawing context and the pieces draw_timeline() composes. Other files use timeline_view.h.
#pragma once

#include "app/timeline_view.h"

#include <imgui.h>

#include <cstddef>
#include <vector>

namespace condlab::app::timeline_detail {

/// Where this frame draws: the lanes' area on screen and its vertical clip.
struct Frame {
    ImDrawList* dl = nullptr;
    const Palette* p = nullptr;
    float x0 = 0.0f; // screen x of the lanes' area left edge
    float y0 = 0.0f; // screen y of lane y = 0
    float w = 0.0f;
    float clip_top = 0.0f, clip_bottom = 0.0f;
    float s = 1.0f; // marks' scale: mark_scale() of the font (HiDPI), as the lanes' heights
};

/// How much bigger than at 15 px the marks, arrows and line widths are drawn: the font's
/// size over 15 px, at least 1 (lane_metrics_for() scales the lanes alike).
[[nodiscard]] inline float mark_scale(float font_size) {
    return font_size > 15.0f ? font_size / 15.0f : 1.0f;
}

inline ImU32 col(const Colour& c) { return c.packed(); }

// timeline_lanes.cpp: lane bodies.
Colour segment_colour(const Palette& p, SegmentState s);
void draw_task_lane(const TimelineContext& ctx, const Frame& f, const Lane& lane,
                    std::vector<LodItem>& items);
void draw_object_lane(const TimelineContext& ctx, const Frame& f, const Lane& lane,
                      std::vector<LodItem>& items);

// timeline_marks.cpp: markers on lanes, arrows between them.
Colour marker_colour(const Palette& p, EventMarkerKind k);
void draw_markers(const TimelineContext& ctx, const Frame& f, const Lane& lane,
                  std::vector<LodMarker>& ms);
void draw_arrows(const TimelineContext& ctx, const Frame& f);

// timeline_tooltips.cpp: hover tooltips and the selection's details strip.
void hover_tooltip(const TimelineContext& ctx, const Hit& h);
void details_strip(TimelineContext& ctx);
void seek(TimelineContext& ctx, StepId s);

} // namespace condlab::app::timeline_detail
