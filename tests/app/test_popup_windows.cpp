// The window's pop-ups at --scale 2 and at 1 (issue 21): the Compare A/B and Outcome map
// windows open at a size in font heights, so the compare's lanes get width and the map's
// controls and legend are not cut; the compare's runs start right under the metrics and the
// divergence (no empty column under the table); the Help legend's sample arrows grow with
// the font.
#include <imgui.h>
#include <imgui_internal.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "app/compare_view.h"
#include "app/fonts.h"
#include "app/help_view.h"
#include "app/outcome_map_view.h"
#include "app/theme.h"
#include "headless_imgui.h"
#include "lesson/lesson.h"

using namespace condlab;
using namespace condlab::app;

namespace {

/// A headless context at a UI scale (fonts and style scaled as the window does).
class ScaledContext {
  public:
    explicit ScaledContext(float scale)
        : m_ctx(create_headless_imgui({1280.0f * scale, 800.0f * scale}, m_fonts, scale)) {}
    ~ScaledContext() { ImGui::DestroyContext(m_ctx); }
    ScaledContext(const ScaledContext&) = delete;
    ScaledContext& operator=(const ScaledContext&) = delete;

    template <class F> void frame(F&& body) {
        ImGui::SetCurrentContext(m_ctx);
        ImGui::NewFrame();
        body();
        ImGui::Render();
    }

  private:
    Fonts m_fonts; // before m_ctx: the context's creation fills it
    ImGuiContext* m_ctx = nullptr;
};

lesson::Lesson lesson_file(const char* name) {
    return lesson::load_lesson(std::string(CONDLAB_SOURCE_DIR) + "/lessons/" + name);
}

/// A window's inner rectangle and whether its content fits sideways.
struct WindowBox {
    float left = 0, right = 0, top = 0, bottom = 0;
    bool fits_sideways = false;
};

WindowBox window_box(const char* name) {
    const ImGuiWindow* w = ImGui::FindWindowByName(name);
    if (w == nullptr)
        return {};
    return {w->InnerRect.Min.x, w->InnerRect.Max.x, w->InnerRect.Min.y, w->InnerRect.Max.y,
            w->ContentSize.x <= w->InnerRect.GetWidth() + 1.0f};
}

class PopupScale : public testing::TestWithParam<float> {};

} // namespace

// Lesson 05's two presets in the Compare A/B window at scale 1 and 2: both runs' lanes are
// wide (the labels were counted twice at scale 2: the lanes had no width), they span the
// window, and they start right under the metrics and the divergence line.
TEST_P(PopupScale, CompareWindowGivesTheLanesTheRoom) {
    const float scale = GetParam();
    ScaledContext ui(scale);
    CompareViewState s;
    s.open = true;
    compare_presets(s, lesson_file("05_lost_wakeup.py"), "consumer-first", "producer-first");
    ASSERT_TRUE(s.result && s.result->divergence.found);
    CompareViewContext ctx;
    for (int i = 0; i < 4; ++i)
        ui.frame([&] { draw_compare_window(s, ctx); });
    const WindowBox w = window_box("Compare A/B");
    ASSERT_GT(w.right, w.left);
    const float fs = 15.0f * scale;
    // The default size is in font heights: the same content at both scales.
    EXPECT_GE(w.right - w.left, fs * 60.0f) << "scale " << scale;
    EXPECT_TRUE(w.fits_sideways) << "scale " << scale;
    ASSERT_TRUE(s.drew_table && s.drew_a && s.drew_b);
    for (const TimelineState* t : {&s.timeline_a, &s.timeline_b}) {
        EXPECT_GT(t->lanes_w, (w.right - w.left) * 0.5f) << "scale " << scale;
        EXPECT_LE(t->lanes_x + t->lanes_w, w.right + 1.0f);
        // The whole run is shown.
        EXPECT_LE(t->view.to_x(t->axis.total_units()), t->lanes_w + 1.0f);
    }
    // Runs right under the table and the divergence text (at most two lines and a gap).
    EXPECT_GT(s.runs_top, s.table_bottom);
    EXPECT_LT(s.runs_top - s.table_bottom, fs * 4.0f) << "scale " << scale;
    // The table is three lines, not a column the window's height.
    EXPECT_LT(s.table_bottom - w.top, fs * 9.0f) << "scale " << scale;
    // The B run ends at the window's bottom (no empty band under it).
    EXPECT_GT(s.timeline_b.lanes_y, s.timeline_a.lanes_y);
    EXPECT_LE(s.timeline_b.lanes_y, w.bottom);
}

// Lesson 12's map of the wake-up choice by the number of waiters at scale 1 and 2: the
// window's controls and the outcome legend fit its width.
TEST_P(PopupScale, OutcomeMapControlsAndLegendFit) {
    const float scale = GetParam();
    ScaledContext ui(scale);
    OutcomeMapState s;
    s.open = true;
    const lesson::Lesson l = lesson_file("12_thundering_herd.py");
    map_set_lesson(s, l, {});
    ASSERT_GE(s.x.param, 0);
    s.y.lo = 1.0f;
    s.y.hi = 2.0f;
    s.y.n = 2;
    map_compute(s);
    s.sweep.wait();
    OutcomeMapContext ctx;
    for (int i = 0; i < 3; ++i)
        ui.frame([&] { draw_outcome_map_window(s, ctx); });
    const WindowBox w = window_box("Outcome map");
    ASSERT_GT(w.right, w.left);
    EXPECT_GE(w.right - w.left, 15.0f * scale * 40.0f) << "scale " << scale;
    EXPECT_TRUE(w.fits_sideways) << "scale " << scale;
    EXPECT_GT(s.painted_cells, 0u);
    EXPECT_GT(s.legend_right, w.left);
    EXPECT_LE(s.legend_right, w.right) << "scale " << scale;
    EXPECT_LE(s.compute_x + s.compute_w, w.right);
    EXPECT_LE(s.grid_y + s.cell_h, w.bottom);
}

INSTANTIATE_TEST_SUITE_P(Scales, PopupScale, testing::Values(1.0f, 2.0f));

// The legend's sample arrow drawn in a box twice as big is the same drawing twice as big:
// its line widths and head grow too (they were fixed 1x pixels).
TEST(HelpLegend, SampleArrowScalesWithTheFont) {
    ScaledContext ui(1.0f);
    const std::vector<LegendEntry> entries = legend_entries(palette(ThemeKind::Dark));
    for (const LegendEntry& e : entries) {
        if (e.swatch != SwatchKind::Arrow && e.swatch != SwatchKind::Outline &&
            e.swatch != SwatchKind::Playhead && e.swatch != SwatchKind::Forever)
            continue;
        ImVec2 lo[2], hi[2];
        ui.frame([&] {
            ImGui::Begin("swatch");
            ImDrawList* dl = ImGui::GetWindowDrawList();
            // Without antialiasing: its fringe is one pixel at every size.
            const ImDrawListFlags flags = dl->Flags;
            dl->Flags &=
                ~(ImDrawListFlags_AntiAliasedLines | ImDrawListFlags_AntiAliasedLinesUseTex |
                  ImDrawListFlags_AntiAliasedFill);
            for (int i = 0; i < 2; ++i) {
                const float k = static_cast<float>(i + 1);
                const ImVec2 a{100.0f, 100.0f}, b{a.x + 45.0f * k, a.y + 15.0f * k};
                const int from = dl->VtxBuffer.Size;
                draw_legend_swatch(dl, a, b, e);
                lo[i] = {1e9f, 1e9f};
                hi[i] = {-1e9f, -1e9f};
                for (int v = from; v < dl->VtxBuffer.Size; ++v) {
                    lo[i].x = std::min(lo[i].x, dl->VtxBuffer[v].pos.x - a.x);
                    lo[i].y = std::min(lo[i].y, dl->VtxBuffer[v].pos.y - a.y);
                    hi[i].x = std::max(hi[i].x, dl->VtxBuffer[v].pos.x - a.x);
                    hi[i].y = std::max(hi[i].y, dl->VtxBuffer[v].pos.y - a.y);
                }
            }
            dl->Flags = flags;
            ImGui::End();
        });
        // Twice the box: twice every extent (ImGui puts thin lines on half pixels).
        EXPECT_NEAR(lo[1].x, 2.0f * lo[0].x, 0.75f) << e.name;
        EXPECT_NEAR(lo[1].y, 2.0f * lo[0].y, 0.75f) << e.name;
        EXPECT_NEAR(hi[1].x, 2.0f * hi[0].x, 0.75f) << e.name;
        EXPECT_NEAR(hi[1].y, 2.0f * hi[0].y, 0.75f) << e.name;
    }
}
