#include "app/splitter.h"

#include <gtest/gtest.h>

#include <limits>

using namespace condlab::app;

namespace {

const Rect area{0.0f, 0.0f, 1000.0f, 600.0f};
const LayoutMetrics metrics{6.0f, 100.0f, 50.0f};

} // namespace

TEST(Splitter, ClampSplitKeepsMinimums) {
    EXPECT_FLOAT_EQ(clamp_split(300.0f, 1000.0f, 6.0f, 100.0f, 100.0f), 300.0f);
    EXPECT_FLOAT_EQ(clamp_split(20.0f, 1000.0f, 6.0f, 100.0f, 100.0f), 100.0f);
    EXPECT_FLOAT_EQ(clamp_split(990.0f, 1000.0f, 6.0f, 100.0f, 100.0f), 1000.0f - 6.0f - 100.0f);
    // Too small for both minimums: shared in proportion.
    EXPECT_FLOAT_EQ(clamp_split(10.0f, 106.0f, 6.0f, 100.0f, 100.0f), 50.0f);
    EXPECT_FLOAT_EQ(clamp_split(10.0f, 4.0f, 6.0f, 100.0f, 100.0f), 0.0f);
}

TEST(Splitter, ClampStackOrdersAndKeepsParts) {
    EXPECT_EQ(clamp_stack({100.0f, 300.0f, 500.0f}, 600.0f, 6.0f, 50.0f),
              (std::vector<float>{100.0f, 300.0f, 500.0f}));
    // Crossed splits get pushed apart.
    EXPECT_EQ(clamp_stack({300.0f, 100.0f, 590.0f}, 600.0f, 6.0f, 50.0f),
              (std::vector<float>{300.0f, 356.0f, 544.0f}));
    // Too small: equal parts.
    EXPECT_EQ(clamp_stack({1.0f, 2.0f}, 18.0f, 6.0f, 50.0f), (std::vector<float>{2.0f, 10.0f}));
}

TEST(Splitter, LayoutTilesTheAreaWithoutOverlap) {
    const Layout l = compute_layout(area, SplitRatios{}, metrics);
    // Columns: left + bar + centre + bar + right = width.
    EXPECT_FLOAT_EQ(
        l.lesson_list.w + metrics.splitter + l.code.w + metrics.splitter + l.parameters.w, area.w);
    EXPECT_FLOAT_EQ(l.lesson_list.w, 220.0f);
    EXPECT_FLOAT_EQ(l.parameters.w, 240.0f);
    EXPECT_FLOAT_EQ(l.code.x, 226.0f);
    // Rows in each column add up to the height.
    EXPECT_FLOAT_EQ(l.lesson_list.h + metrics.splitter + l.lesson_text.h, area.h);
    EXPECT_FLOAT_EQ(l.code.h + metrics.splitter + l.timeline.h, area.h);
    EXPECT_FLOAT_EQ(l.parameters.h + l.inspector.h + l.output.h + l.diagnostics.h +
                        3.0f * metrics.splitter,
                    area.h);
    EXPECT_FLOAT_EQ(l.timeline.y, l.code.y + l.code.h + metrics.splitter);
    const Rect& bar = l.splitters[static_cast<int>(SplitterId::LeftColumn)];
    EXPECT_EQ(bar, (Rect{220.0f, 0.0f, 6.0f, 600.0f}));
}

TEST(Splitter, LayoutIsOffsetByTheAreaOrigin) {
    const Rect shifted{10.0f, 30.0f, 1000.0f, 600.0f};
    const Layout a = compute_layout(area, SplitRatios{}, metrics);
    const Layout b = compute_layout(shifted, SplitRatios{}, metrics);
    EXPECT_FLOAT_EQ(b.code.x, a.code.x + 10.0f);
    EXPECT_FLOAT_EQ(b.timeline.y, a.timeline.y + 30.0f);
}

TEST(Splitter, DragMovesOneSplitterAndKeepsOthers) {
    const SplitRatios r0;
    const SplitRatios r1 = drag_splitter(r0, SplitterId::LeftColumn, 80.0f, area, metrics);
    EXPECT_FLOAT_EQ(r1.left, 0.30f);
    EXPECT_FLOAT_EQ(r1.right, r0.right);
    const Layout l = compute_layout(area, r1, metrics);
    EXPECT_FLOAT_EQ(l.lesson_list.w, 300.0f);
    EXPECT_FLOAT_EQ(l.parameters.w, 240.0f); // right column did not move

    const SplitRatios r2 = drag_splitter(r0, SplitterId::CentreRows, -48.0f, area, metrics);
    EXPECT_NEAR(r2.centre_split, (0.58f * 600.0f - 48.0f) / 600.0f, 1e-6);
    EXPECT_FLOAT_EQ(r2.left_split, r0.left_split);
}

TEST(Splitter, DragClampsAtNeighboursAndMinimums) {
    const SplitRatios r0;
    // Far left: the left column keeps its minimum width.
    const SplitRatios a = drag_splitter(r0, SplitterId::LeftColumn, -5000.0f, area, metrics);
    EXPECT_FLOAT_EQ(a.left * area.w, metrics.min_column);
    // Far right: stops where the centre keeps its minimum.
    const SplitRatios b = drag_splitter(r0, SplitterId::LeftColumn, 5000.0f, area, metrics);
    const Layout lb = compute_layout(area, b, metrics);
    EXPECT_FLOAT_EQ(lb.code.w, metrics.min_column);
    // Right column rows stop at their neighbours.
    const SplitRatios c = drag_splitter(r0, SplitterId::RightRows1, -5000.0f, area, metrics);
    const Layout lc = compute_layout(area, c, metrics);
    EXPECT_FLOAT_EQ(lc.inspector.h, metrics.min_row);
    EXPECT_FLOAT_EQ(lc.parameters.h, compute_layout(area, r0, metrics).parameters.h);
}

TEST(Splitter, RatiosSurviveResizeAndClampWhenSmall) {
    SplitRatios r;
    r.left = 0.5f;
    r.right = 0.3f;
    const Layout big = compute_layout({0, 0, 2000, 1000}, r, metrics);
    EXPECT_FLOAT_EQ(big.lesson_list.w, 1000.0f);
    // At 500 px the centre would be 500 - 250 - 150 - 12 = 88 < 100: the splitters give way.
    const Layout small = compute_layout({0, 0, 500, 400}, r, metrics);
    EXPECT_GE(small.code.w, metrics.min_column);
    EXPECT_GE(small.parameters.w, metrics.min_column);
    EXPECT_GE(small.lesson_list.w, metrics.min_column);
    EXPECT_FLOAT_EQ(small.lesson_list.w + small.code.w + small.parameters.w + 12.0f, 500.0f);
}

TEST(Splitter, SanitizeRepairsBadRatios) {
    SplitRatios r;
    r.left = -3.0f;
    r.right = std::numeric_limits<float>::quiet_NaN();
    r.right_splits = {0.9f, 0.5f, 0.7f};
    const SplitRatios s = sanitize(r);
    EXPECT_FLOAT_EQ(s.left, 0.05f);
    EXPECT_FLOAT_EQ(s.right, SplitRatios{}.right);
    EXPECT_EQ(s.right_splits, SplitRatios{}.right_splits);
    EXPECT_EQ(sanitize(SplitRatios{}), SplitRatios{});
}
