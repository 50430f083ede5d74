// Headless ImGui tests of the compare view (both runs drawn, table with highlighted
// differences, divergence marked on both timelines, shared playhead) and of the outcome map
// (computes in the background while frames keep coming, paints cells, hover, click loads).
#include <imgui.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>

#include "app/compare_view.h"
#include "app/fonts.h"
#include "app/outcome_map_view.h"
#include "app/theme.h"
#include "headless_imgui.h"
#include "lesson/lesson.h"

using namespace condlab;
using namespace condlab::app;

namespace {

class CompareViewTest : public testing::Test {
  protected:
    void SetUp() override { m_ctx = create_headless_imgui({1280.0f, 720.0f}, m_fonts); }
    void TearDown() override { ImGui::DestroyContext(m_ctx); }

    template <class F> void frame(F&& body) {
        ImGui::NewFrame();
        ImGui::SetNextWindowPos({0.0f, 0.0f});
        ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
        ImGui::Begin("host", nullptr, ImGuiWindowFlags_NoDecoration);
        body();
        ImGui::End();
        ImGui::Render();
    }
    static lesson::Lesson lesson_file(const char* name) {
        return lesson::load_lesson(std::string(CONDLAB_SOURCE_DIR) + "/lessons/" + name);
    }

    ImGuiContext* m_ctx = nullptr;
    Fonts m_fonts;
};

TEST_F(CompareViewTest, RendersBothRunsAndHighlightsDifferences) {
    CompareViewState s;
    s.open = true;
    compare_presets(s, lesson_file("05_lost_wakeup.py"), "consumer-first", "producer-first");
    CompareViewContext ctx;
    for (int i = 0; i < 3; ++i)
        frame([&] { draw_compare_view(s, ctx); });
    EXPECT_TRUE(s.drew_table);
    EXPECT_TRUE(s.drew_a);
    EXPECT_TRUE(s.drew_b);
    // complete vs deadlock; 1 vs 0 wake-ups; 0 vs 1 lost notifies; same max waiters.
    auto has = [&](const char* n) {
        return std::find(s.highlighted_rows.begin(), s.highlighted_rows.end(), n) !=
               s.highlighted_rows.end();
    };
    EXPECT_TRUE(has("outcome"));
    EXPECT_TRUE(has("wakeups"));
    EXPECT_TRUE(has("lost_notifies"));
    EXPECT_FALSE(has("max_waiters"));
    EXPECT_FALSE(has("wasted_wakeups"));
    // Both timelines have lanes and the divergence is marked on both.
    EXPECT_GT(s.timeline_a.drawn_rects, 0u);
    EXPECT_GT(s.timeline_b.drawn_rects, 0u);
    ASSERT_TRUE(s.result->divergence.found);
    EXPECT_GE(s.divergence_x_a, s.timeline_a.lanes_x);
    EXPECT_GE(s.divergence_x_b, s.timeline_b.lanes_x);
    // Drawn by the timeline itself, over its lanes (it was under them, label hidden).
    EXPECT_GE(s.timeline_a.mark_x, s.timeline_a.lanes_x);
    EXPECT_EQ(s.timeline_a.mark_x, s.divergence_x_a);
    // Linked views: same zoom and pan.
    EXPECT_EQ(s.timeline_a.view.scale, s.timeline_b.view.scale);
    EXPECT_EQ(s.timeline_a.view.offset, s.timeline_b.view.offset);
    // The B timeline is below the A timeline, its lanes start at the same x (B's deadlocked
    // lanes say "blocked forever (since t=2 s)": both label columns widen alike).
    EXPECT_GT(s.timeline_b.lanes_y, s.timeline_a.lanes_y);
    EXPECT_TRUE(s.timeline_b.layout.lanes[1].blocked_forever);
    EXPECT_EQ(s.timeline_a.lanes_x, s.timeline_b.lanes_x);
    EXPECT_EQ(s.timeline_a.lanes_w, s.timeline_b.lanes_w);
    // ... and both runs are shown entirely (fitted again once the labels were measured).
    for (const TimelineState* t : {&s.timeline_a, &s.timeline_b})
        EXPECT_LE(t->view.to_x(t->axis.total_units()), t->lanes_w);
}

// The runs' titles count steps from 1, and at the divergence they show the numbers that
// `condlab compare` (Divergence::describe) prints.
TEST_F(CompareViewTest, TitlesAndDivergenceCountStepsFromOne) {
    CompareViewState s;
    s.open = true;
    compare_presets(s, lesson_file("05_lost_wakeup.py"), "consumer-first", "producer-first");
    ASSERT_TRUE(s.result && s.result->divergence.found);
    const lesson::Divergence& d = s.result->divergence;
    const Trace& a = *s.result->a.trace;
    EXPECT_EQ(compare_run_title("A", s.result->a, 0),
              "A @ step 1 of " + std::to_string(a.step_count()));
    // At the divergence (iteration alignment: the first step of A's iteration there).
    s.position = static_cast<double>(a.steps()[d.step_a].iteration);
    CompareViewContext ctx;
    std::string text;
    frame([&] {
        begin_text_capture();
        draw_compare_view(s, ctx);
        text = end_text_capture();
    });
    const std::string title = compare_run_title(s.result->a_name, s.result->a, s.step_a);
    EXPECT_NE(text.find(title), std::string::npos) << title << "\n" << text;
    const std::string a_step = "step " + std::to_string(s.step_a + 1) + " ";
    EXPECT_NE(title.find(a_step + "of "), std::string::npos) << title;
    if (s.step_a == d.step_a)
        EXPECT_NE(d.describe().find(a_step + "in A"), std::string::npos) << d.describe();
    // The divergence text is drawn as describe() says it.
    EXPECT_NE(text.find("first divergence: step " + std::to_string(d.step_a + 1) + " in A"),
              std::string::npos)
        << text;
}

TEST_F(CompareViewTest, SharedPlayheadAlignsByIterationAndTime) {
    CompareViewState s;
    compare_presets(s, lesson_file("12_thundering_herd.py"), "notify-all", "notify");
    const Trace& a = *s.result->a.trace;
    const Trace& b = *s.result->b.trace;
    CompareViewContext ctx;
    s.position = 5;
    frame([&] { draw_compare_view(s, ctx); });
    EXPECT_EQ(a.steps()[s.step_a].iteration, 5u);
    EXPECT_EQ(b.steps()[s.step_b].iteration, 5u);
    EXPECT_EQ(s.step_a, a.step_at_iteration(6) - 1);
    s.align = CompareAlign::Time;
    s.position = 2.0;
    frame([&] { draw_compare_view(s, ctx); });
    EXPECT_LE(a.steps()[s.step_a].time, 2.0);
    EXPECT_LE(b.steps()[s.step_b].time, 2.0);
    EXPECT_GT(a.steps()[s.step_a + 1].time, 2.0);
    EXPECT_GT(b.steps()[s.step_b + 1].time, 2.0);
    EXPECT_NEAR(compare_max_position(s), 7.8, 1e-9); // the later finish (notify_all)
    EXPECT_EQ(compare_step_at(a, CompareAlign::Time, -1.0), 0u);
}

TEST_F(CompareViewTest, PinCurrentAsAThenChangeB) {
    lesson::Lesson l = lesson_file("11_notify_versus_notify_all.py");
    lesson::RunResult current = lesson::run(l, {{"WAKE", "\"notify\""}});
    CompareViewState s;
    compare_pin_a(s, l, current, {{"WAKE", "\"notify_all\""}});
    ASSERT_TRUE(s.result);
    EXPECT_EQ(s.result->a_name, "A: pinned");
    EXPECT_EQ(s.result->a.metric("wakeups"), 3);
    EXPECT_EQ(s.result->b.metric("wakeups"), 6);
    compare_set_b(s, {{"WAKE", "\"notify\""}});
    EXPECT_FALSE(s.result->any_difference());
    CompareViewContext ctx;
    frame([&] { draw_compare_view(s, ctx); });
    EXPECT_TRUE(s.highlighted_rows.empty());
    EXPECT_LT(s.divergence_x_a, 0.0f);
}

TEST_F(CompareViewTest, OutcomeMapComputesInBackgroundHoverAndClick) {
    OutcomeMapState s;
    s.open = true;
    map_set_lesson(s, lesson_file("05_lost_wakeup.py"), {});
    ASSERT_EQ(s.x.param, 0);
    ASSERT_EQ(s.y.param, 1);
    s.x.lo = 0.0f;
    s.x.hi = 2.0f;
    s.x.n = 5;
    s.y.lo = 0.0f;
    s.y.hi = 2.0f;
    s.y.n = 5;
    std::vector<lesson::Overrides> loaded;
    OutcomeMapContext ctx;
    ctx.on_load = [&](const lesson::Overrides& o) { loaded.push_back(o); };
    map_compute(s);
    int frames = 0;
    for (; frames < 20000 && (s.sweep.running() || s.painted_cells < 25); ++frames) {
        frame([&] { draw_outcome_map_view(s, ctx); });
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    EXPECT_EQ(s.painted_cells, 25u);
    EXPECT_EQ(s.sweep.runs(), 25u);
    // The lost-wake-up region: producer 0 / consumer 2 deadlocks, producer 2 / consumer 0
    // completes.
    EXPECT_EQ(s.shown.at(0, 4).outcome, lesson::Outcome::Deadlock);
    EXPECT_EQ(s.shown.at(4, 0).outcome, lesson::Outcome::Complete);

    // Hover the top-left cell (x index 0, y index 4) and click it.
    ImGuiIO& io = ImGui::GetIO();
    const ImVec2 p(s.grid_x + s.cell_w * 0.5f, s.grid_y + s.cell_h * 0.5f);
    io.MousePos = p;
    frame([&] { draw_outcome_map_view(s, ctx); });
    ASSERT_TRUE(s.hovered);
    EXPECT_EQ(*s.hovered, std::make_pair(0, 4));
    io.MouseDown[0] = true;
    frame([&] { draw_outcome_map_view(s, ctx); });
    io.MouseDown[0] = false;
    frame([&] { draw_outcome_map_view(s, ctx); });
    ASSERT_EQ(loaded.size(), 1u);
    EXPECT_EQ(loaded[0], (lesson::Overrides{{"PRODUCER_DELAY", "0.0"}, {"CONSUMER_DELAY", "2.0"}}));

    // Colour by a metric; recompute with one more column: only the new cells run.
    s.color_by = 1;
    frame([&] { draw_outcome_map_view(s, ctx); });
    EXPECT_EQ(s.painted_cells, 25u);
    s.x.hi = 2.5f;
    s.x.n = 6;
    map_compute(s);
    s.sweep.wait();
    frame([&] { draw_outcome_map_view(s, ctx); });
    EXPECT_EQ(s.sweep.runs(), 5u);
    EXPECT_EQ(s.painted_cells, 30u);
}

TEST_F(CompareViewTest, OutcomeMapCancelKeepsDrawing) {
    OutcomeMapState s;
    map_set_lesson(s, lesson_file("05_lost_wakeup.py"), {});
    s.x.n = 100;
    s.y.n = 100;
    OutcomeMapContext ctx;
    map_compute(s);
    for (int i = 0; i < 3; ++i)
        frame([&] { draw_outcome_map_view(s, ctx); });
    s.sweep.cancel();
    s.sweep.wait();
    frame([&] { draw_outcome_map_view(s, ctx); });
    EXPECT_FALSE(s.sweep.running());
    EXPECT_LT(s.painted_cells, 10000u);
    EXPECT_EQ(s.painted_cells, s.sweep.done());
}

} // namespace

// Compare off the UI thread (the window): two long runs compute while frames keep coming and
// the compare shown before stays; the new one is adopted when it is in.
TEST_F(CompareViewTest, BackgroundCompareOfLongRunsKeepsFramesComing) {
    const lesson::Lesson long_run =
        lesson::load_lesson(std::string(CONDLAB_SOURCE_DIR) + "/tests/app/long_run.py");
    CompareViewState s;
    s.open = true;
    s.background = true;
    CompareViewContext ctx;
    const auto t0 = std::chrono::steady_clock::now();
    compare_run(s, long_run, {{"WORKERS", "16"}, {"ROUNDS", "1000"}},
                {{"WORKERS", "24"}, {"ROUNDS", "1000"}});
    // Frame times are bench_player's to measure; here: compare_run returns before the runs end.
    EXPECT_TRUE(compare_running(s)) << "compare_run returned only after the runs";
    EXPECT_FALSE(s.result.has_value());
    int frames_while_running = 0;
    double worst_ms = 0.0;
    while (compare_running(s) && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(60)) {
        const auto f0 = std::chrono::steady_clock::now();
        frame([&] { draw_compare_view(s, ctx); });
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - f0)
                .count();
        if (compare_running(s)) {
            ++frames_while_running;
            worst_ms = std::max(worst_ms, ms);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    std::printf("frames while comparing: %d, slowest %.1f ms\n", frames_while_running, worst_ms);
    ASSERT_FALSE(compare_running(s));
    ASSERT_TRUE(s.result.has_value());
    EXPECT_GT(frames_while_running, 10) << "the UI thread waited for the runs";
    ASSERT_NE(s.result->a.trace, nullptr);
    ASSERT_NE(s.result->b.trace, nullptr);
    EXPECT_GT(s.result->b.trace->step_count(), s.result->a.trace->step_count());
    frame([&] { draw_compare_view(s, ctx); });
    EXPECT_TRUE(s.drew_a);
    EXPECT_TRUE(s.drew_b);

    // A second compare: the first stays shown until the second is in.
    const std::size_t steps_b = s.result->b.trace->step_count();
    compare_set_b(s, {{"WORKERS", "8"}, {"ROUNDS", "1000"}});
    EXPECT_TRUE(compare_running(s));
    frame([&] { draw_compare_view(s, ctx); });
    EXPECT_EQ(s.result->b.trace->step_count(), steps_b);
    EXPECT_TRUE(s.drew_b) << "the previous compare is still drawn";
    compare_wait(s);
    EXPECT_LT(s.result->b.trace->step_count(), steps_b);
}
