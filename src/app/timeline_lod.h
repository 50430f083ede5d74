// Level of detail for the timeline (Tracy-style), pure: consecutive spans narrower than
// `min_px` merge into one "merged" block (count + dominant state), so the number of
// primitives drawn follows pixels, not events.
//
// Cost: only the visible range is visited. The first visible item is found by binary
// search; a sub-pixel run is skipped with one more binary search (the first item that
// begins at least `min_px` further right), so a frame costs O(pixels * log n) per lane.
// Output per lane is at most about 2 * width / min_px + 2 items.
//
// The dominant state of a merged block is estimated from up to 8 evenly spaced samples
// per skipped run, weighted by their duration in ticks (exact for runs of <= 8 spans).
#pragma once

#include "app/timeline_layout.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

namespace condlab::app {

struct LodItem {
    double x0 = 0.0; // pixels, relative to the lanes' area
    double x1 = 0.0;
    std::uint32_t first = 0;   // first item index
    std::uint32_t count = 1;   // > 1: merged block
    std::uint8_t category = 0; // the item's state (merged: dominant state)
    [[nodiscard]] bool merged() const noexcept { return count > 1; }
};

struct LodMarker {
    double x = 0.0;
    std::uint32_t first = 0; // index into lane.markers
    std::uint32_t count = 1; // markers drawn as one
    EventMarkerKind kind = EventMarkerKind::Notify;
};

struct LodParams {
    double min_px = 1.5;        ///< spans narrower than this merge
    double max_merged_px = 6.0; ///< a merged block stops growing past this width
    double marker_min_px = 4.0; ///< markers closer than this draw as one
};

/// Generic merge over items [0, n) where item i covers ticks [begin(i), begin(i+1)) and
/// the last one [begin(n-1), end). `begin` must be non-decreasing; `category(i)` < 16.
/// Appends to `out` the items overlapping pixels [x_min, x_max].
template <class BeginFn, class CategoryFn>
void lod_merge(std::size_t n, Tick end, BeginFn begin, CategoryFn category,
               const TimelineAxis& axis, const TimelineView& view, double x_min, double x_max,
               const LodParams& p, std::vector<LodItem>& out) {
    if (n == 0)
        return;
    const auto x_of = [&](double tick) { return view.to_x(axis.tick_to_unit(tick)); };
    const auto tick_at = [&](double x) { return axis.unit_to_tick(view.to_unit(x)); };
    const auto end_of = [&](std::size_t i) -> Tick { return i + 1 < n ? begin(i + 1) : end; };
    // First index in [lo, n) whose begin >= t.
    const auto first_at_or_after = [&](std::size_t lo, double t) {
        std::size_t hi = n;
        while (lo < hi) {
            const std::size_t mid = lo + (hi - lo) / 2;
            if (static_cast<double>(begin(mid)) < t)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    };
    std::size_t i = first_at_or_after(0, tick_at(x_min));
    // Step back to the item covering x_min.
    if (i == n || (i > 0 && static_cast<double>(begin(i)) > tick_at(x_min)))
        i = i > 0 ? i - 1 : 0;
    std::array<double, 16> weights{};
    bool open = false; // out.back() is a merged block still growing
    const auto close = [&] {
        if (!open)
            return;
        const auto best = std::max_element(weights.begin(), weights.end());
        out.back().category = static_cast<std::uint8_t>(best - weights.begin());
        weights.fill(0.0);
        open = false;
    };
    const auto sample = [&](std::size_t a, std::size_t b) {
        const std::size_t count = b - a;
        const std::size_t samples = std::min<std::size_t>(count, 8);
        const double factor = static_cast<double>(count) / static_cast<double>(samples);
        for (std::size_t k = 0; k < samples; ++k) {
            const std::size_t idx = a + k * count / samples;
            const double w = static_cast<double>(end_of(idx) - begin(idx)) + 1e-9;
            weights[category(idx) & 15u] += w * factor;
        }
    };
    while (i < n) {
        const double xb = x_of(begin(i));
        if (xb > x_max)
            break;
        const double xe = x_of(end_of(i));
        if (xe - xb >= p.min_px) {
            close();
            out.push_back(LodItem{xb, xe, static_cast<std::uint32_t>(i), 1,
                                  static_cast<std::uint8_t>(category(i))});
            ++i;
            continue;
        }
        std::size_t j = first_at_or_after(i + 1, tick_at(xb + p.min_px));
        if (j <= i)
            j = i + 1;
        if (j - 1 > i && x_of(end_of(j - 1)) - x_of(begin(j - 1)) >= p.min_px)
            --j; // the run's last item is wide: draw it on its own
        const double x1 = x_of(end_of(j - 1));
        if (open && x1 - out.back().x0 <= p.max_merged_px) {
            out.back().x1 = x1;
            out.back().count += static_cast<std::uint32_t>(j - i);
        } else {
            close();
            out.push_back(LodItem{xb, std::max(x1, xb + 1.0), static_cast<std::uint32_t>(i),
                                  static_cast<std::uint32_t>(j - i), 0});
            open = true;
        }
        sample(i, j);
        if (out.back().count == 1) { // a single narrow item: keep its own state
            out.back().category = static_cast<std::uint8_t>(category(i));
            weights.fill(0.0);
            open = false;
        }
        i = j;
    }
    close();
}

/// LOD rectangles of a task lane's spans (category = TaskStatus).
void lod_task_spans(const Trace& trace, TaskId task, const TimelineAxis& axis,
                    const TimelineView& view, double x_min, double x_max, const LodParams& p,
                    std::vector<LodItem>& out);
/// LOD rectangles of an object lane's segments (category = SegmentState).
void lod_segments(const Lane& lane, Tick end, const TimelineAxis& axis, const TimelineView& view,
                  double x_min, double x_max, const LodParams& p, std::vector<LodItem>& out);
/// Visible markers of a lane; markers closer than p.marker_min_px draw as one.
void lod_markers(const Lane& lane, const TimelineAxis& axis, const TimelineView& view, double x_min,
                 double x_max, const LodParams& p, std::vector<LodMarker>& out);

} // namespace condlab::app
