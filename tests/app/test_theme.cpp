// Palette checks: the arrows (a light core in a dark edge) keep a WCAG contrast ratio of at
// least 3:1 against every colour a lane can have, in both themes; the contrast maths
// matches WCAG's published values.
#include <imgui.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app/theme.h"
#include "app/timeline_view.h"
#include "lane_colours.h"

using namespace condlab;
using namespace condlab::app;

TEST(Theme, ContrastRatioMatchesWcag) {
    const Colour black{0, 0, 0, 1}, white{1, 1, 1, 1};
    EXPECT_NEAR(contrast_ratio(black, white), 21.0, 1e-9);
    EXPECT_NEAR(contrast_ratio(white, white), 1.0, 1e-9);
    // #777777 on white is the classic 4.48:1.
    const float g = 119.0f / 255.0f;
    EXPECT_NEAR(contrast_ratio({g, g, g, 1}, white), 4.48, 0.01);
}

TEST(Theme, ArrowsHaveThreeToOneContrastOnEveryLaneColour) {
    for (ThemeKind kind : {ThemeKind::Dark, ThemeKind::Light}) {
        const Palette& p = palette(kind);
        for (const auto& [kind_name, core] :
             {std::pair{"notify", p.arrow_notify}, std::pair{"lock", p.arrow_lock},
              std::pair{"event", p.arrow_event}}) {
            for (const auto& [lane, c] : lane_colours(kind)) {
                const double best =
                    std::max(contrast_ratio(core, c), contrast_ratio(p.arrow_edge, c));
                EXPECT_GE(best, 3.0)
                    << theme_name(kind) << " " << kind_name << " arrow on " << lane;
            }
            // The core stands out from its own edge, so the arrow reads as one line.
            EXPECT_GE(contrast_ratio(core, p.arrow_edge), 3.0) << kind_name;
        }
    }
}

TEST(Theme, DeadlineMarksHaveThreeToOneContrastOnEveryLaneColour) {
    for (ThemeKind kind : {ThemeKind::Dark, ThemeKind::Light}) {
        const DeadlineColours d = deadline_colours(palette(kind));
        for (const auto& [lane, c] : lane_colours(kind))
            EXPECT_GE(std::max(contrast_ratio(d.core, c), contrast_ratio(d.edge, c)), 3.0)
                << theme_name(kind) << " deadline mark on " << lane;
        EXPECT_GE(contrast_ratio(d.core, d.edge), 3.0);
    }
}

TEST(Theme, WaiterCountDigitsAreReadableOnTheirFill) {
    for (ThemeKind kind : {ThemeKind::Dark, ThemeKind::Light}) {
        const Palette& p = palette(kind);
        EXPECT_GE(contrast_ratio(p.count_text, composite(p.waiting_cond, lane_background(kind))),
                  4.5)
            << theme_name(kind);
    }
}

// Menus and popups are opaque (the panels' text showed through the File and Help menus);
// progress bars are a neutral blue, not ImGui's amber (the timeline's "budget" colour),
// with the overlay text readable on the filled part.
TEST(Theme, PopupsAreOpaqueAndProgressBarsNeutral) {
    ImGuiContext* ctx = ImGui::CreateContext();
    for (ThemeKind kind : {ThemeKind::Dark, ThemeKind::Light}) {
        apply_imgui_theme(kind, 1.0f);
        const ImVec4* c = ImGui::GetStyle().Colors;
        EXPECT_EQ(c[ImGuiCol_PopupBg].w, 1.0f) << theme_name(kind);
        EXPECT_EQ(c[ImGuiCol_MenuBarBg].w, 1.0f) << theme_name(kind);
        const ImVec4 bar = c[ImGuiCol_PlotHistogram];
        EXPECT_GT(bar.z, bar.x) << theme_name(kind) << ": blue, not amber";
        EXPECT_GT(bar.z, bar.y) << theme_name(kind);
        const Colour fill{bar.x, bar.y, bar.z, 1.0f};
        const ImVec4 t = c[ImGuiCol_Text];
        EXPECT_GE(contrast_ratio({t.x, t.y, t.z, 1.0f}, fill), 4.5) << theme_name(kind);
    }
    ImGui::DestroyContext(ctx);
}
