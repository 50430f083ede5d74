// Level of detail: sub-pixel spans merge so output follows pixels, not events; at deep
// zoom only the visible spans are produced, each on its own.
#include "app/timeline_lod.h"
#include "timeline_test_support.h"

#include <gtest/gtest.h>

using namespace condlab;
using namespace condlab::app;
using namespace condlab::timeline_testing;

namespace {

/// Items cover the visible range without gaps or overlaps, in order.
void expect_contiguous(const std::vector<LodItem>& items) {
    for (std::size_t k = 1; k < items.size(); ++k) {
        EXPECT_EQ(items[k].first, items[k - 1].first + items[k - 1].count) << k;
        EXPECT_GE(items[k].x0, items[k - 1].x0);
    }
}

const std::shared_ptr<const Trace>& big_trace() {
    // >= 1 M spans in the "ping" lane.
    static const std::shared_ptr<const Trace> t = [] {
        const auto small = ping_pong_trace(1000);
        const TaskId ping = small->tasks()[1].id;
        const double per_round = static_cast<double>(small->span_count(ping)) / 1000.0;
        return ping_pong_trace(static_cast<long>(1'010'000 / per_round) + 10);
    }();
    return t;
}

} // namespace

TEST(TimelineLod, DeepZoomProducesOnlyVisibleSpansEachOnItsOwn) {
    const auto trace = ping_pong_trace(200);
    const TaskId ping = trace->tasks()[1].id;
    const TimelineAxis axis(*trace, AxisMode::Iteration);
    TimelineView v;
    v.fit(axis.total_units(), 1000.0);
    // Zoom so about 10 iterations fill 1000 px, around the middle.
    v.zoom_at(500.0, axis.total_units() / 10.0);
    std::vector<LodItem> items;
    lod_task_spans(*trace, ping, axis, v, 0.0, 1000.0, LodParams{}, items);
    ASSERT_FALSE(items.empty());
    expect_contiguous(items);
    // Brute force: the spans overlapping [tick(0 px), tick(1000 px)].
    const double t0 = axis.unit_to_tick(v.to_unit(0.0));
    const double t1 = axis.unit_to_tick(v.to_unit(1000.0));
    std::vector<std::uint32_t> expected;
    const std::vector<SpanView> spans = trace->spans(ping);
    for (std::size_t i = 0; i < spans.size(); ++i)
        if (spans[i].end > t0 && spans[i].begin <= t1)
            expected.push_back(static_cast<std::uint32_t>(i));
    std::vector<std::uint32_t> got;
    for (const LodItem& it : items) {
        EXPECT_EQ(it.count, 1u);
        got.push_back(it.first);
        EXPECT_EQ(it.category, static_cast<std::uint8_t>(spans[it.first].status));
    }
    EXPECT_EQ(got, expected);
    EXPECT_LT(got.size(), spans.size() / 10);
}

TEST(TimelineLod, MillionSpanLaneAtFullZoomOutIsBoundedByPixels) {
    const auto& trace = big_trace();
    const TaskId ping = trace->tasks()[1].id;
    ASSERT_GE(trace->span_count(ping), 1'000'000u);
    for (AxisMode mode : {AxisMode::Iteration, AxisMode::Hybrid, AxisMode::Time}) {
        const TimelineAxis axis(*trace, mode);
        TimelineView v;
        v.fit(axis.total_units(), 1200.0);
        std::vector<LodItem> items;
        const LodParams p;
        lod_task_spans(*trace, ping, axis, v, 0.0, 1200.0, p, items);
        EXPECT_LE(items.size(), static_cast<std::size_t>(2 * 1200 / p.min_px + 2))
            << axis_mode_name(mode);
        EXPECT_GE(items.size(), 100u);
        expect_contiguous(items);
        std::uint64_t covered = 0;
        for (const LodItem& it : items) {
            covered += it.count;
            if (it.merged())
                EXPECT_LE(it.x1 - it.x0, p.max_merged_px + 2.0 * p.min_px);
        }
        EXPECT_EQ(covered, trace->span_count(ping)); // every span accounted for once
        // Markers too.
        const TimelineLayout l = build_layout(*trace);
        std::vector<LodMarker> ms;
        lod_markers(l.lanes[1], axis, v, 0.0, 1200.0, p, ms);
        EXPECT_GT(l.lanes[1].markers.size(), 100'000u);
        EXPECT_LE(ms.size(), static_cast<std::size_t>(1200 / p.marker_min_px + 2));
    }
}

TEST(TimelineLod, MillionSpanLaneAtDeepZoomVisitsOnlyTheVisibleRange) {
    const auto& trace = big_trace();
    const TaskId ping = trace->tasks()[1].id;
    const TimelineAxis axis(*trace, AxisMode::Iteration);
    TimelineView v;
    v.fit(axis.total_units(), 1200.0);
    v.zoom_at(900.0, axis.total_units() / 20.0); // ~20 iterations on screen
    std::vector<LodItem> items;
    lod_task_spans(*trace, ping, axis, v, 0.0, 1200.0, LodParams{}, items);
    ASSERT_FALSE(items.empty());
    EXPECT_LT(items.size(), 200u);
    for (const LodItem& it : items)
        EXPECT_EQ(it.count, 1u);
    // The first item covers the left edge, the last the right edge.
    EXPECT_LE(items.front().x0, 0.0);
    EXPECT_GT(items.front().x1, 0.0);
    EXPECT_LE(items.back().x0, 1200.0);
    EXPECT_GE(items.back().x1, 1200.0);
}

TEST(TimelineLod, MergedBlocksTakeTheDominantState) {
    const auto trace = ping_pong_trace(2000);
    const TimelineAxis axis(*trace, AxisMode::Iteration);
    // Synthetic items: one per tick; first half state 2, second half state 5.
    const Tick end = trace->end_tick();
    const auto begin = [](std::size_t i) { return static_cast<Tick>(i); };
    const auto cat = [end](std::size_t i) { return i < end / 2 ? 2u : 5u; };
    TimelineView v;
    v.fit(axis.total_units(), 400.0, 0.0);
    std::vector<LodItem> items;
    lod_merge(end, end, begin, cat, axis, v, 0.0, 400.0, LodParams{}, items);
    ASSERT_GT(items.size(), 10u);
    EXPECT_LE(items.size(), 2 * 400 / 1.5 + 2);
    for (const LodItem& it : items) {
        ASSERT_TRUE(it.merged());
        if (it.first + it.count <= end / 2)
            EXPECT_EQ(it.category, 2u);
        if (it.first >= end / 2)
            EXPECT_EQ(it.category, 5u);
    }
}
