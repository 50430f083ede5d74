// HiDPI (--scale 2): the timeline's marks (markers, arrows, the playhead) grow with the font
// like the lanes and the text do; nothing stays at 1x. Measured on the vertices drawn.
#include <imgui.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>

#include "app/fonts.h"
#include "app/theme.h"
#include "app/timeline_draw.h"
#include "app/timeline_view.h"
#include "headless_imgui.h"
#include "timeline_test_support.h"

using namespace condlab;
using namespace condlab::app;
using namespace condlab::timeline_testing;

namespace {

struct Box {
    float x0 = std::numeric_limits<float>::max(), y0 = std::numeric_limits<float>::max();
    float x1 = std::numeric_limits<float>::lowest(), y1 = std::numeric_limits<float>::lowest();
    void add(ImVec2 v) {
        x0 = std::min(x0, v.x);
        y0 = std::min(y0, v.y);
        x1 = std::max(x1, v.x);
        y1 = std::max(y1, v.y);
    }
    [[nodiscard]] float w() const { return x1 - x0; }
    [[nodiscard]] float h() const { return y1 - y0; }
    [[nodiscard]] bool empty() const { return x1 < x0; }
};

/// Bounding box of the vertices added to `dl` since vertex `from`.
Box vertices_since(const ImDrawList* dl, int from) {
    Box b;
    for (int i = from; i < dl->VtxBuffer.Size; ++i)
        b.add(dl->VtxBuffer[i].pos);
    return b;
}

/// One headless context at a font scale, drawing demo_trace()'s timeline.
class ScaledTimeline {
  public:
    explicit ScaledTimeline(float scale) {
        m_ctx = create_headless_imgui({1280.0f * scale, 600.0f * scale}, m_fonts, scale);
        m_trace = demo_trace();
    }
    ~ScaledTimeline() { ImGui::DestroyContext(m_ctx); }
    ScaledTimeline(const ScaledTimeline&) = delete;
    ScaledTimeline& operator=(const ScaledTimeline&) = delete;

    /// Draws one frame; `probe` runs inside the timeline's window after draw_timeline().
    template <class F> void frame(StepId playhead, F&& probe) {
        ImGui::SetCurrentContext(m_ctx);
        ImGui::NewFrame();
        ImGui::SetNextWindowPos({0.0f, 0.0f});
        ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
        ImGui::Begin("timeline", nullptr, ImGuiWindowFlags_NoDecoration);
        m_tctx = TimelineContext{};
        m_tctx.trace = m_trace.get();
        m_tctx.playhead = playhead;
        m_tctx.palette = &palette(ThemeKind::Dark);
        m_tctx.state = &m_state;
        draw_timeline(m_tctx);
        probe();
        ImGui::End();
        ImGui::Render();
    }

    TimelineState m_state;
    TimelineContext m_tctx;
    std::shared_ptr<const Trace> m_trace;

  private:
    ImGuiContext* m_ctx = nullptr;
    Fonts m_fonts;
};

/// A frame on the draw list of the current window, `s` times the size of scale 1.
timeline_detail::Frame frame_at(const ScaledTimeline& t, float s) {
    timeline_detail::Frame f;
    f.dl = ImGui::GetWindowDrawList();
    f.p = &palette(ThemeKind::Dark);
    f.x0 = t.m_state.lanes_x;
    f.y0 = t.m_state.lanes_y;
    f.w = t.m_state.lanes_w;
    f.clip_top = -1e6f;
    f.clip_bottom = 1e6f;
    f.s = s;
    return f;
}

/// Height of every marker of the run drawn at mark scale `s` (same zoom and lanes).
float markers_height(ScaledTimeline& t, float s) {
    float h = 0.0f;
    t.frame(0, [&] {
        std::vector<LodMarker> ms;
        for (const Lane& lane : t.m_state.layout.lanes) {
            if (lane.markers.empty())
                continue;
            timeline_detail::Frame f = frame_at(t, s);
            const int from = f.dl->VtxBuffer.Size;
            timeline_detail::draw_markers(t.m_tctx, f, lane, ms);
            const Box b = vertices_since(f.dl, from);
            if (!b.empty())
                h = std::max(h, b.h());
        }
    });
    return h;
}

/// Width of the playhead's head (the accent-coloured vertices at the top of the lanes).
float playhead_head_width(ScaledTimeline& t) {
    const StepId last = static_cast<StepId>(t.m_trace->step_count() - 1);
    t.frame(last, [] {});
    t.frame(last, [] {});
    const ImU32 accent = palette(ThemeKind::Dark).accent.packed();
    Box b;
    const ImDrawData* dd = ImGui::GetDrawData();
    for (int l = 0; l < dd->CmdListsCount; ++l)
        for (const ImDrawVert& v : dd->CmdLists[l]->VtxBuffer)
            if (v.col == accent && v.pos.y <= t.m_state.lanes_y + 1.0f &&
                v.pos.x > t.m_state.lanes_x + t.m_state.lanes_w * 0.5f)
                b.add(v.pos);
    return b.empty() ? 0.0f : b.w();
}

} // namespace

TEST(TimelineScale, MarkScaleFollowsTheFont) {
    EXPECT_EQ(timeline_detail::mark_scale(15.0f), 1.0f);
    EXPECT_EQ(timeline_detail::mark_scale(30.0f), 2.0f);
    EXPECT_EQ(timeline_detail::mark_scale(10.0f), 1.0f); // never smaller than at scale 1
}

TEST(TimelineScale, MarkersDoubleAtScaleTwo) {
    ScaledTimeline t(1.0f);
    t.frame(0, [] {});
    const float one = markers_height(t, 1.0f);
    const float two = markers_height(t, 2.0f);
    ASSERT_GT(one, 3.0f) << "demo_trace() should have markers (notify, output)";
    EXPECT_NEAR(two / one, 2.0f, 0.25f) << one << " px at 1x, " << two << " px at 2x";
}

TEST(TimelineScale, ArrowsThickenAtScaleTwo) {
    ScaledTimeline t(1.0f);
    t.frame(0, [] {});
    // The arrows' vertices at scale s: the same endpoints, so the difference in the box
    // is the head and the line width.
    const auto arrows_box = [&](float s) {
        Box b;
        t.frame(0, [&] {
            timeline_detail::Frame f = frame_at(t, s);
            const int from = f.dl->VtxBuffer.Size;
            timeline_detail::draw_arrows(t.m_tctx, f);
            b = vertices_since(f.dl, from);
        });
        return b;
    };
    const Box one = arrows_box(1.0f);
    const Box two = arrows_box(2.0f);
    ASSERT_FALSE(one.empty()) << "demo_trace() should have a notify arrow";
    ASSERT_GT(t.m_state.drawn_arrows, 0u);
    // Heads reach further past the endpoints: at least 3 px more on some side.
    EXPECT_GE((two.w() + two.h()) - (one.w() + one.h()), 3.0f)
        << one.w() << "x" << one.h() << " vs " << two.w() << "x" << two.h();
}

TEST(TimelineScale, TheWholeTimelineAtScaleTwoDrawsItsMarksTwiceAsBig) {
    ScaledTimeline one(1.0f);
    const float w1 = playhead_head_width(one);
    ScaledTimeline two(2.0f);
    const float w2 = playhead_head_width(two);
    EXPECT_EQ(one.m_state.mark_scale, 1.0f);
    EXPECT_EQ(two.m_state.mark_scale, 2.0f);
    ASSERT_GT(w1, 4.0f);
    EXPECT_NEAR(w2 / w1, 2.0f, 0.3f) << w1 << " px at 1x, " << w2 << " px at 2x";
}
