// Legibility rules of the window that need no run: long lane names elide in the middle,
// lane metrics scale with the font (HiDPI), the light theme's frames stand out from the
// white panels they sit on.
#include <imgui.h>

#include <gtest/gtest.h>

#include <string>

#include "app/text_wrap.h"
#include "app/theme.h"
#include "app/timeline_view.h"

using namespace condlab;
using namespace condlab::app;

namespace {

float chars(std::string_view s) { // 1 px per UTF-8 character
    float n = 0;
    for (char c : s)
        n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1.0f : 0.0f;
    return n;
}

Colour from(const ImVec4& v) { return {v.x, v.y, v.z, v.w}; }

} // namespace

TEST(Legibility, LongNamesElideInTheMiddle) {
    EXPECT_EQ(elide_middle("c0", 10.0f, chars), "c0");
    const std::string e = elide_middle("main.<locals>.w#1", 10.0f, chars);
    EXPECT_LE(chars(e), 10.0f);
    EXPECT_EQ(e, "main\xE2\x80\xA6"
                 ">.w#1");
    EXPECT_EQ(elide_middle("abcdef", 1.0f, chars), "\xE2\x80\xA6");
    // Never cuts a UTF-8 sequence.
    const std::string u = elide_middle("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 3.0f, chars);
    EXPECT_EQ(u, "\xC3\xA9\xE2\x80\xA6\xC3\xA9");
}

TEST(Legibility, LaneMetricsScaleWithTheFont) {
    const LaneMetrics one = lane_metrics_for(15.0f);
    const LaneMetrics two = lane_metrics_for(30.0f);
    EXPECT_EQ(one.task_height, LaneMetrics{}.task_height);
    EXPECT_EQ(two.task_height, 2.0f * one.task_height);
    EXPECT_EQ(two.object_height, 2.0f * one.object_height);
    EXPECT_GE(two.task_height, 30.0f); // a label fits in its lane
}

TEST(Legibility, LightThemeFramesAreVisibleOnWhitePanels) {
    ImGuiContext* ctx = ImGui::CreateContext();
    apply_imgui_theme(ThemeKind::Light, 1.0f);
    const ImGuiStyle& st = ImGui::GetStyle();
    const Colour panel = from(st.Colors[ImGuiCol_ChildBg]);
    // Slider tracks, combo frames, radio circles and the scrub bar are FrameBg; their
    // outline is Border (FrameBorderSize > 0).
    EXPECT_GT(st.FrameBorderSize, 0.0f);
    EXPECT_GE(contrast_ratio(from(st.Colors[ImGuiCol_Border]), panel), 1.5);
    EXPECT_GE(contrast_ratio(from(st.Colors[ImGuiCol_FrameBg]), panel), 1.2);
    EXPECT_GE(
        contrast_ratio(from(st.Colors[ImGuiCol_SliderGrab]), from(st.Colors[ImGuiCol_FrameBg])),
        3.0);
    EXPECT_GE(
        contrast_ratio(from(st.Colors[ImGuiCol_CheckMark]), from(st.Colors[ImGuiCol_FrameBg])),
        3.0);
    ImGui::DestroyContext(ctx);
}
