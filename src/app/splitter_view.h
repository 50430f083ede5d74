// Draggable splitter bars (ImGui layer over splitter.h's pure math).
#pragma once

#include <optional>

#include "app/splitter.h"
#include "app/theme.h"

namespace condlab::app {

struct SplitterViewState {
    std::optional<SplitterId> active; ///< splitter being dragged
    SplitRatios drag_start;           ///< ratios when the drag started
    float drag_origin = 0.0f;         ///< mouse x or y when the drag started
};

struct SplitterViewContext {
    const Layout* layout = nullptr;
    Rect area; ///< the rectangle the layout divides
    LayoutMetrics metrics;
    const Palette* palette = nullptr;
};

/// Draws every splitter as an invisible button in the current window; while one is dragged,
/// rewrites `ratios`. Returns true when the ratios changed this frame.
bool draw_splitters(const SplitterViewContext& ctx, SplitRatios& ratios, SplitterViewState& state);

} // namespace condlab::app
