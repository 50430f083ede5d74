// Headless ImGui tests of the timeline view: wheel zoom keeps the trace position under the
// cursor, click selects a span, drag pans without selecting, F fits, keys, double click
// seeks, and a 1 M-event trace draws a bounded number of vertices.
#include <imgui.h>

#include <gtest/gtest.h>

#include <cmath>

#include "app/fonts.h"
#include "app/theme.h"
#include "app/timeline_view.h"
#include "headless_imgui.h"
#include "timeline_test_support.h"

using namespace condlab;
using namespace condlab::app;
using namespace condlab::timeline_testing;

namespace {

class TimelineViewTest : public testing::Test, public FrameInput {
  protected:
    void SetUp() override {
        m_ctx = create_headless_imgui({1280.0f, 600.0f}, m_fonts);
        m_trace = demo_trace();
    }
    void TearDown() override { ImGui::DestroyContext(m_ctx); }

    void frame() override {
        ImGui::NewFrame();
        ImGui::SetNextWindowPos({0.0f, 0.0f});
        ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
        ImGui::Begin("timeline", nullptr, ImGuiWindowFlags_NoDecoration);
        begin_text_capture();
        TimelineContext ctx;
        ctx.trace = m_trace.get();
        ctx.playhead = m_playhead;
        ctx.palette = &palette(ThemeKind::Dark);
        ctx.state = &m_state;
        ctx.on_seek = [this](StepId s) { m_seeks.push_back(s); };
        draw_timeline(ctx);
        m_text = end_text_capture();
        ImGui::End();
        ImGui::Render();
    }
    /// Screen position of tick `tick` on lane `lane` (vertical middle).
    ImVec2 at(int lane, double tick) const {
        const Lane& l = m_state.layout.lanes[static_cast<std::size_t>(lane)];
        const double x = m_state.view.to_x(m_state.axis.tick_to_unit(tick));
        // ImGui floors io.MousePos: whole pixels only.
        return {std::floor(m_state.lanes_x + static_cast<float>(x)),
                std::floor(m_state.lanes_y + l.y + l.h * 0.5f)};
    }
    double unit_under(float screen_x) const {
        return m_state.view.to_unit(static_cast<double>(screen_x - m_state.lanes_x));
    }
    int vertices() const { return ImGui::GetDrawData()->TotalVtxCount; }

    ImGuiContext* m_ctx = nullptr;
    Fonts m_fonts;
    std::shared_ptr<const Trace> m_trace;
    TimelineState m_state;
    StepId m_playhead = 0;
    std::vector<StepId> m_seeks;
    std::string m_text; // the text the last frame rendered (tooltips included)
};

/// "steps 4 → 9" style number of a step as displayed (from 1).
std::string shown(StepId s) { return std::to_string(s + 1); }

} // namespace

TEST_F(TimelineViewTest, FitsTheRunOnTheFirstFrameAndOnF) {
    frame();
    ASSERT_EQ(m_state.layout.lanes.size(), 5u);
    EXPECT_NEAR(m_state.view.to_x(0.0), 8.0, 1e-6);
    EXPECT_NEAR(m_state.view.to_x(m_state.axis.total_units()), m_state.lanes_w - 8.0, 1e-3);
    const TimelineView fitted = m_state.view;
    m_state.view.zoom_at(100.0, 7.0);
    m_state.view.pan(33.0);
    mouse(m_state.lanes_x + 50.0f, m_state.lanes_y + 5.0f, false);
    key('F');
    EXPECT_NEAR(m_state.view.scale, fitted.scale, 1e-9 * fitted.scale);
    EXPECT_NEAR(m_state.view.offset, fitted.offset, 1e-9);
}

TEST_F(TimelineViewTest, WheelZoomKeepsTheTracePositionUnderTheCursor) {
    frame();
    const ImVec2 p = at(1, 5.3);
    mouse(p.x, p.y, false);
    const double u = unit_under(p.x);
    const double scale = m_state.view.scale;
    const float lx = m_state.lanes_x;
    ImGui::GetIO().MouseWheel = 2.0f;
    frame();
    ASSERT_EQ(m_state.lanes_x, lx);
    ImGui::GetIO().MouseWheel = 0.0f;
    EXPECT_NEAR(m_state.view.scale, scale * 1.5625, 1e-9 * scale);
    EXPECT_NEAR(unit_under(p.x), u, 1e-9);
    ImGui::GetIO().MouseWheel = -5.0f;
    frame();
    ImGui::GetIO().MouseWheel = 0.0f;
    EXPECT_NEAR(unit_under(p.x), u, 1e-9);
    // The horizontal wheel pans (and does not zoom).
    const double s2 = m_state.view.scale;
    ImGui::GetIO().MouseWheelH = 1.0f;
    frame();
    ImGui::GetIO().MouseWheelH = 0.0f;
    EXPECT_EQ(m_state.view.scale, s2);
    EXPECT_NE(unit_under(p.x), u);
    // Shift+wheel (GLFW reports it as the vertical wheel) pans too, as the Help sheet says.
    const double offset = m_state.view.offset;
    ImGui::GetIO().KeyShift = true;
    ImGui::GetIO().MouseWheel = 1.0f;
    frame();
    ImGui::GetIO().MouseWheel = 0.0f;
    ImGui::GetIO().KeyShift = false;
    EXPECT_EQ(m_state.view.scale, s2);
    EXPECT_NE(m_state.view.offset, offset);
}

TEST_F(TimelineViewTest, ClickSelectsTheSpanUnderTheCursor) {
    frame();
    const Lane& consumer = m_state.layout.lanes[1];
    const std::vector<SpanView> spans = m_trace->spans(consumer.task);
    std::size_t waiting = spans.size();
    for (std::size_t i = 0; i < spans.size(); ++i)
        if (spans[i].status == TaskStatus::WaitingOnCondition)
            waiting = i;
    ASSERT_LT(waiting, spans.size());
    const ImVec2 p = at(1, 0.5 * (spans[waiting].begin + spans[waiting].end));
    click(p.x, p.y);
    EXPECT_EQ(m_state.selection.lane, 1);
    ASSERT_TRUE(m_state.selection.span.has_value());
    EXPECT_EQ(*m_state.selection.span, waiting);
    frame(); // the details strip with "who woke me" draws without trouble
    // A click between lanes clears the selection.
    const Lane& l0 = m_state.layout.lanes[0];
    click(p.x, m_state.lanes_y + l0.y + l0.h + 1.0f);
    EXPECT_TRUE(m_state.selection.empty());
}

TEST_F(TimelineViewTest, DragPansAndDoesNotSelect) {
    frame();
    const ImVec2 p = at(1, 3.0);
    const double u = unit_under(p.x);
    mouse(p.x, p.y, false);
    mouse(p.x, p.y, true);
    mouse(p.x + 40.0f, p.y, true);
    mouse(p.x + 100.0f, p.y + 20.0f, true);
    mouse(p.x + 100.0f, p.y + 20.0f, false);
    EXPECT_NEAR(unit_under(p.x + 100.0f), u, 1e-5); // pixels are floats
    EXPECT_TRUE(m_state.selection.empty());
}

TEST_F(TimelineViewTest, KeysPanAndZoom) {
    frame();
    mouse(m_state.lanes_x + 200.0f, m_state.lanes_y + 5.0f, false);
    const TimelineView v0 = m_state.view;
    key('W');
    EXPECT_NEAR(m_state.view.scale, v0.scale * 1.25, 1e-9 * v0.scale);
    key('S');
    EXPECT_NEAR(m_state.view.scale, v0.scale, 1e-9 * v0.scale);
    key('D');
    EXPECT_GT(m_state.view.offset, v0.offset);
    key('A');
    EXPECT_NEAR(m_state.view.offset, v0.offset, 1e-9);
}

TEST_F(TimelineViewTest, DoubleClickSeeksAndModeChangeFitsTheRun) {
    frame();
    const StepId target = 4;
    const ImVec2 p = at(0, playhead_tick(target));
    click(p.x, p.y);
    click(p.x, p.y);
    ASSERT_FALSE(m_seeks.empty());
    EXPECT_EQ(m_seeks.back(), target);
    // Zoom in and pan, then switch the axis (each way): the whole run fills the view again,
    // as F would fit it (a kept zoom cut the run off or left half the lanes empty).
    for (AxisMode mode : {AxisMode::Iteration, AxisMode::Time, AxisMode::Hybrid}) {
        m_state.view.zoom_at(m_state.lanes_w * 0.5, 4.0);
        m_state.view.pan(40.0);
        frame();
        m_state.mode = mode;
        frame();
        EXPECT_EQ(m_state.axis.mode(), mode);
        EXPECT_NEAR(m_state.view.to_x(0.0), 8.0, 1e-6) << axis_mode_name(mode);
        EXPECT_NEAR(m_state.view.to_x(m_state.axis.total_units()), m_state.lanes_w - 8.0, 1e-3)
            << axis_mode_name(mode);
    }
}

// The axis radio buttons of the toolbar switch the axis and fit the run (a real click).
TEST_F(TimelineViewTest, AxisRadioButtonFitsTheRun) {
    frame();
    ASSERT_NE(m_state.mode, AxisMode::Time);
    m_state.view.zoom_at(m_state.lanes_w * 0.5, 6.0);
    frame();
    const ImGuiWindow* w = ImGui::FindWindowByName("timeline");
    ASSERT_NE(w, nullptr);
    // The "time" radio button: the toolbar's first line, after "axis:" and "iteration".
    const float y = w->Pos.y + ImGui::GetStyle().WindowPadding.y + ImGui::GetFrameHeight() * 0.5f;
    bool switched = false;
    for (float x = w->Pos.x; x < w->Pos.x + 400.0f && !switched; x += 6.0f) {
        click(x, y);
        switched = m_state.mode == AxisMode::Time;
    }
    ASSERT_TRUE(switched);
    frame();
    EXPECT_EQ(m_state.preferred, AxisMode::Time);
    EXPECT_NEAR(m_state.view.to_x(0.0), 8.0, 1e-6);
    EXPECT_NEAR(m_state.view.to_x(m_state.axis.total_units()), m_state.lanes_w - 8.0, 1e-3);
}

TEST_F(TimelineViewTest, MillionEventTraceDrawsBoundedVertices) {
    m_trace = ping_pong_events(1'000'000);
    ASSERT_GE(m_trace->events().size(), 1'000'000u);
    m_playhead = static_cast<StepId>(m_trace->step_count() / 2);
    for (AxisMode mode : {AxisMode::Hybrid, AxisMode::Iteration, AxisMode::Time}) {
        m_state.mode = mode;
        m_state.needs_fit = true;
        mouse(m_state.lanes_x + 300.0f, m_state.lanes_y + 5.0f, false);
        frame();
        EXPECT_LT(vertices(), 60'000) << axis_mode_name(mode);
        EXPECT_LT(m_state.drawn_rects, 6'000u);
        EXPECT_LT(m_state.drawn_markers, 2'000u);
        // Deep zoom: only a few spans are visible.
        m_state.view.zoom_at(300.0, 1e5);
        frame();
        EXPECT_LT(vertices(), 20'000) << axis_mode_name(mode);
    }
}

// Too dense to draw every arrow at fit zoom, but the selected task's arrows are still drawn
// (bounded), thicker and on top.
TEST_F(TimelineViewTest, SelectedTasksArrowsAreAlwaysDrawn) {
    m_trace = ping_pong_events(20'000);
    frame();
    ASSERT_EQ(m_state.drawn_arrows, 0u) << "expected a run too dense for all arrows";
    for (std::size_t i = 0; i < m_state.layout.lanes.size(); ++i)
        if (m_state.layout.lanes[i].name == "ping")
            m_state.selection.lane = static_cast<int>(i);
    ASSERT_GE(m_state.selection.lane, 0);
    frame();
    EXPECT_GT(m_state.drawn_selected_arrows, 0u);
    EXPECT_EQ(m_state.drawn_arrows, m_state.drawn_selected_arrows);
    EXPECT_LE(m_state.drawn_selected_arrows, static_cast<std::size_t>(m_state.lanes_w / 8.0f) + 1);
}

// The toolbar does not print "step k of N": the transport says where the playhead is, once
// (it said "step 8 of 11" beside the transport's "step 9 of 11").
TEST_F(TimelineViewTest, ToolbarLeavesTheStepToTheTransport) {
    m_playhead = 4;
    frame();
    EXPECT_NE(m_text.find("axis:"), std::string::npos) << m_text;
    EXPECT_TRUE(step_of_phrases(m_text).empty()) << m_text;
}

// The selected span's facts and its "who woke me" link count steps from 1.
TEST_F(TimelineViewTest, SelectedSpanCountsStepsFromOne) {
    frame();
    const Lane& consumer = m_state.layout.lanes[1];
    const std::vector<SpanView> spans = m_trace->spans(consumer.task);
    std::size_t wait = spans.size();
    for (std::size_t i = 0; i < spans.size(); ++i)
        if (spans[i].status == TaskStatus::WaitingOnCondition)
            wait = i;
    ASSERT_LT(wait, spans.size());
    const SpanView& w = spans[wait];
    const ImVec2 p = at(1, 0.5 * (w.begin + w.end));
    click(p.x, p.y);
    ASSERT_EQ(m_state.selection.span, std::optional<std::size_t>(wait));
    mouse(0.0f, 0.0f, false); // away: no tooltip
    const std::string steps = "steps " + shown(m_trace->point(w.begin).step) + " \xE2\x86\x92 " +
                              shown(m_trace->point(w.end).step);
    EXPECT_NE(m_text.find(steps), std::string::npos) << steps << "\n" << m_text;
    // The resume after the wait: woken by the producer's notify.
    const Link* l = nullptr;
    for (std::size_t i = wait + 1; i < spans.size() && l == nullptr; ++i)
        if (spans[i].status == TaskStatus::Running)
            l = m_trace->link_into(tick_step(spans[i].begin));
    ASSERT_NE(l, nullptr);
    const std::string woke = "who woke me: producer (notify, step " + shown(l->from_step) + ")";
    EXPECT_NE(m_text.find(woke), std::string::npos) << woke << "\n" << m_text;
}

// A marker's details (the same text as its tooltip) count steps from 1.
TEST_F(TimelineViewTest, MarkerDetailsCountStepsFromOne) {
    frame();
    const Lane& producer = m_state.layout.lanes[2];
    ASSERT_FALSE(producer.markers.empty());
    const Marker& m = producer.markers.back();
    const ImVec2 p = at(2, m.tick);
    click(p.x, p.y);
    ASSERT_EQ(m_state.selection.marker, std::optional<std::size_t>(producer.markers.size() - 1));
    mouse(0.0f, 0.0f, false); // away: no tooltip (a tooltip's End() stops the capture)
    const StepId s = m_trace->events()[m.event].step;
    EXPECT_NE(m_text.find("step " + shown(s) + " \xC2\xB7 t "), std::string::npos) << m_text;
}

// A deadlocked run: fit leaves room after the end of the run, where the lanes blocked
// forever go on (drawn up to the right edge); their last span is there to hover and select,
// and its facts say "forever" instead of a duration of 0 s.
TEST_F(TimelineViewTest, DeadlockedLanesContinuePastTheEnd) {
    m_trace = deadlock_trace();
    frame();
    ASSERT_EQ(m_state.layout.lanes[1].name, "waiter");
    const Lane& waiter = m_state.layout.lanes[1];
    ASSERT_TRUE(waiter.blocked_forever);
    const float end_x =
        m_state.lanes_x + static_cast<float>(m_state.view.to_x(m_state.axis.total_units()));
    const float right = m_state.lanes_x + m_state.lanes_w;
    EXPECT_LT(end_x, right - 40.0f);
    // Something is drawn on the waiter's lane between the end of the run and the right edge.
    const float top = m_state.lanes_y + waiter.y, bottom = top + waiter.h;
    int tail = 0;
    const ImDrawData* dd = ImGui::GetDrawData();
    for (int i = 0; i < dd->CmdListsCount; ++i)
        for (const ImDrawVert& v : dd->CmdLists[i]->VtxBuffer)
            if (v.pos.x > end_x + 2.0f && v.pos.x <= right + 0.5f && v.pos.y > top &&
                v.pos.y < bottom)
                ++tail;
    EXPECT_GT(tail, 0);
    // Click in the tail: the last span (waiting on the condition) is selected.
    const float x = std::floor((end_x + right) * 0.5f);
    const float y = std::floor(top + waiter.h * 0.5f);
    click(x, y);
    ASSERT_TRUE(m_state.selection.span.has_value());
    EXPECT_EQ(*m_state.selection.span, m_trace->span_count(waiter.task) - 1);
    mouse(0.0f, 0.0f, false);
    EXPECT_NE(m_text.find("t 1.5 s \xE2\x86\x92 forever (deadlock)"), std::string::npos) << m_text;
    EXPECT_EQ(m_text.find("duration 0 s"), std::string::npos) << m_text;
    // A completed run has no tail: fit shows just the run.
    m_trace = demo_trace();
    frame();
    EXPECT_NEAR(m_state.view.to_x(m_state.axis.total_units()), m_state.lanes_w - 8.0, 1e-3);
}
