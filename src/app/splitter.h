// Pure layout math for the main window's fixed regions and draggable splitters (no ImGui).
//
//   +-----------+----------------------+-------------+
//   | lessons   | code                 | parameters  |
//   |-----------|                      |-------------|
//   | lesson    |----------------------| inspector   |
//   | text      | timeline             |-------------|
//   |           |                      | output      |
//   |           |                      |-------------|
//   |           |                      | diagnostics |
//   +-----------+----------------------+-------------+
//
// Splitter positions are stored as ratios so they survive window resizes; every layout
// computation clamps them so each region keeps its minimum size.
#pragma once

#include <array>
#include <vector>

namespace condlab::app {

struct Rect {
    float x = 0.0f;
    float y = 0.0f;
    float w = 0.0f;
    float h = 0.0f;

    [[nodiscard]] bool contains(float px, float py) const {
        return px >= x && px < x + w && py >= y && py < y + h;
    }
    bool operator==(const Rect&) const = default;
};

/// Splitter positions as fractions of the space they divide.
struct SplitRatios {
    float left = 0.22f;         ///< left column width / total width
    float right = 0.24f;        ///< right column width / total width
    float left_split = 0.30f;   ///< lesson list height / left column height
    float centre_split = 0.58f; ///< code view height / centre column height
    /// Cumulative boundaries in the right column (params | inspector | output | diagnostics).
    std::array<float, 3> right_splits{0.22f, 0.58f, 0.80f};

    bool operator==(const SplitRatios&) const = default;
};

enum class SplitterId {
    LeftColumn,  ///< vertical bar between the left column and the centre
    RightColumn, ///< vertical bar between the centre and the right column
    LeftRows,    ///< horizontal bar between lesson list and lesson text
    CentreRows,  ///< horizontal bar between code and timeline
    RightRows0,  ///< parameters | inspector
    RightRows1,  ///< inspector | output
    RightRows2,  ///< output | diagnostics
};
inline constexpr int kSplitterCount = 7;

struct LayoutMetrics {
    float splitter = 6.0f;     ///< thickness of a splitter bar (px)
    float min_column = 120.0f; ///< minimum width of any column (px)
    float min_row = 60.0f;     ///< minimum height of any row (px)
};

struct Layout {
    Rect lesson_list, lesson_text;
    Rect code, timeline;
    Rect parameters, inspector, output, diagnostics;
    std::array<Rect, kSplitterCount> splitters{}; ///< indexed by SplitterId
};

/// Clamps a splitter position `pos` (px from the start of a span of length `total`) so the
/// part before keeps at least `min_a` and the part after at least `min_b` (the bar itself,
/// `bar` px, sits between them). When the span is too small for both, the space is shared
/// in proportion to the minimums.
[[nodiscard]] float clamp_split(float pos, float total, float bar, float min_a, float min_b);

/// Clamps bar positions `pos` (px, start of each bar, ascending) dividing a span of `total`
/// px into pos.size()+1 parts so that every part keeps `min_part` px. Returns the clamped
/// positions; when the span is too small, parts get equal shares.
[[nodiscard]] std::vector<float> clamp_stack(std::vector<float> pos, float total, float bar,
                                             float min_part);

/// Computes every region inside the rectangle `area` (e.g. the window below the menu bar).
[[nodiscard]] Layout compute_layout(const Rect& area, const SplitRatios& ratios,
                                    const LayoutMetrics& metrics = {});

/// Moves one splitter by `delta_px` within `area` and returns the new ratios (clamped, so
/// repeated drags past a limit stay at the limit). Other splitters keep their ratios.
[[nodiscard]] SplitRatios drag_splitter(const SplitRatios& ratios, SplitterId id, float delta_px,
                                        const Rect& area, const LayoutMetrics& metrics = {});

/// Brings ratios loaded from settings into [0, 1] order (right splits ascending, left +
/// right columns leaving room for the centre).
[[nodiscard]] SplitRatios sanitize(SplitRatios ratios);

} // namespace condlab::app
