#include "app/theme.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace condlab::app {

std::string_view theme_name(ThemeKind kind) { return kind == ThemeKind::Light ? "light" : "dark"; }

std::optional<ThemeKind> parse_theme(std::string_view name) {
    if (name == "dark")
        return ThemeKind::Dark;
    if (name == "light")
        return ThemeKind::Light;
    return std::nullopt;
}

unsigned int Colour::packed() const {
    auto byte = [](float v) {
        return static_cast<unsigned int>(std::lround(std::clamp(v, 0.0f, 1.0f) * 255.0f));
    };
    return byte(r) | (byte(g) << 8) | (byte(b) << 16) | (byte(a) << 24);
}

Colour hsl(float h, float s, float l, float a) {
    h = std::fmod(h, 360.0f) / 60.0f;
    const float c = (1.0f - std::fabs(2.0f * l - 1.0f)) * s;
    const float x = c * (1.0f - std::fabs(std::fmod(h, 2.0f) - 1.0f));
    const float m = l - c / 2.0f;
    float r = 0, g = 0, b = 0;
    switch (static_cast<int>(h)) {
    case 0:
        r = c;
        g = x;
        break;
    case 1:
        r = x;
        g = c;
        break;
    case 2:
        g = c;
        b = x;
        break;
    case 3:
        g = x;
        b = c;
        break;
    case 4:
        r = x;
        b = c;
        break;
    default:
        r = c;
        b = x;
        break;
    }
    return {r + m, g + m, b + m, a};
}

namespace {

Colour rgb(int r, int g, int b, float a = 1.0f) {
    return {static_cast<float>(r) / 255.0f, static_cast<float>(g) / 255.0f,
            static_cast<float>(b) / 255.0f, a};
}

Palette make_dark() {
    Palette p;
    p.running = hsl(120, 0.44f, 0.34f);
    p.ready = hsl(75, 0.55f, 0.47f);
    p.blocked_lock = hsl(0, 0.70f, 0.50f);
    p.waiting_cond = hsl(275, 0.55f, 0.58f);
    p.waiting_other = hsl(212, 0.65f, 0.55f);
    p.sleeping = hsl(0, 0.0f, 0.78f, 0.35f);
    p.sleeping_hatch = hsl(0, 0.0f, 0.85f, 0.55f);
    p.done_outline = hsl(0, 0.0f, 0.70f);
    p.failed = hsl(310, 0.80f, 0.55f);
    p.cancelled = hsl(0, 0.0f, 0.38f);
    p.arrow_notify = hsl(275, 0.85f, 0.80f);
    p.arrow_lock = hsl(120, 0.60f, 0.72f);
    p.arrow_event = hsl(205, 0.85f, 0.75f);
    p.arrow_edge = rgb(10, 10, 14);
    p.count_text = rgb(12, 8, 18);
    p.lock_held = hsl(120, 0.50f, 0.40f);
    p.lock_held_with_waiters = hsl(50, 0.90f, 0.52f);
    p.code_background = rgb(24, 26, 31);
    p.line_number = rgb(110, 116, 128);
    p.line_hover = rgb(255, 255, 255, 0.06f);
    p.line_selected = rgb(90, 140, 255, 0.18f);
    p.marker_executed = rgb(160, 230, 140);
    p.marker_next = rgb(235, 70, 60);
    p.error_line = rgb(220, 50, 50, 0.28f);
    p.error_text = rgb(255, 120, 110);
    p.syn_text = rgb(220, 223, 228);
    p.syn_keyword = rgb(198, 120, 221);
    p.syn_builtin = rgb(86, 182, 194);
    p.syn_string = rgb(152, 195, 121);
    p.syn_comment = rgb(120, 128, 140);
    p.syn_number = rgb(209, 154, 102);
    p.syn_decorator = rgb(229, 192, 123);
    p.syn_definition = rgb(97, 175, 239);
    p.syn_operator = rgb(171, 178, 191);
    p.heading = rgb(240, 200, 120);
    p.inline_code = rgb(152, 195, 121);
    p.inline_code_bg = rgb(255, 255, 255, 0.07f);
    p.dim_text = rgb(140, 146, 156);
    p.accent = rgb(97, 175, 239);
    p.splitter = rgb(60, 64, 72);
    p.splitter_hover = rgb(97, 175, 239);
    return p;
}

Palette make_light() {
    Palette p;
    p.running = hsl(120, 0.44f, 0.34f);
    p.ready = hsl(75, 0.55f, 0.47f);
    p.blocked_lock = hsl(0, 0.72f, 0.48f);
    p.waiting_cond = hsl(275, 0.55f, 0.52f);
    p.waiting_other = hsl(212, 0.70f, 0.50f);
    p.sleeping = hsl(0, 0.0f, 0.80f, 0.60f);
    p.sleeping_hatch = hsl(0, 0.0f, 0.60f, 0.60f);
    p.done_outline = hsl(0, 0.0f, 0.35f);
    p.failed = hsl(310, 0.80f, 0.48f);
    p.cancelled = hsl(0, 0.0f, 0.35f);
    p.arrow_notify = hsl(275, 0.85f, 0.80f);
    p.arrow_lock = hsl(120, 0.60f, 0.72f);
    p.arrow_event = hsl(205, 0.85f, 0.75f);
    p.arrow_edge = rgb(10, 10, 14);
    p.count_text = rgb(255, 255, 255);
    p.lock_held = hsl(120, 0.50f, 0.40f);
    p.lock_held_with_waiters = hsl(48, 0.95f, 0.50f);
    p.code_background = rgb(250, 250, 248);
    p.line_number = rgb(150, 150, 150);
    p.line_hover = rgb(0, 0, 0, 0.05f);
    p.line_selected = rgb(40, 100, 230, 0.14f);
    p.marker_executed = rgb(90, 190, 80);
    p.marker_next = rgb(220, 40, 30);
    p.error_line = rgb(230, 40, 40, 0.18f);
    p.error_text = rgb(190, 20, 20);
    p.syn_text = rgb(36, 41, 46);
    p.syn_keyword = rgb(160, 30, 170);
    p.syn_builtin = rgb(0, 120, 140);
    p.syn_string = rgb(30, 125, 40);
    p.syn_comment = rgb(125, 130, 135);
    p.syn_number = rgb(175, 90, 0);
    p.syn_decorator = rgb(150, 110, 0);
    p.syn_definition = rgb(20, 90, 200);
    p.syn_operator = rgb(80, 85, 90);
    p.heading = rgb(150, 70, 0);
    p.inline_code = rgb(30, 125, 40);
    p.inline_code_bg = rgb(0, 0, 0, 0.06f);
    p.dim_text = rgb(110, 110, 110);
    p.accent = rgb(20, 90, 200);
    p.splitter = rgb(200, 200, 204);
    p.splitter_hover = rgb(20, 90, 200);
    return p;
}

ImVec4 v4(const Colour& c) { return {c.r, c.g, c.b, c.a}; }

} // namespace

const Palette& palette(ThemeKind kind) {
    static const Palette dark = make_dark();
    static const Palette light = make_light();
    return kind == ThemeKind::Light ? light : dark;
}

Colour lane_background(ThemeKind kind) {
    return kind == ThemeKind::Light ? Colour{1.0f, 1.0f, 1.0f, 1.0f}
                                    : Colour{0.13f, 0.14f, 0.16f, 1.0f};
}

Colour composite(const Colour& top, const Colour& bottom) {
    const float a = top.a;
    return {top.r * a + bottom.r * (1.0f - a), top.g * a + bottom.g * (1.0f - a),
            top.b * a + bottom.b * (1.0f - a), 1.0f};
}

double relative_luminance(const Colour& c) {
    const auto lin = [](float v) {
        const double s = std::clamp(static_cast<double>(v), 0.0, 1.0);
        return s <= 0.04045 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

double contrast_ratio(const Colour& a, const Colour& b) {
    const double la = relative_luminance(a);
    const double lb = relative_luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

void apply_imgui_theme(ThemeKind kind, float scale) {
    ImGuiStyle style;
    if (kind == ThemeKind::Light)
        ImGui::StyleColorsLight(&style);
    else
        ImGui::StyleColorsDark(&style);
    style.WindowRounding = 0.0f;
    style.ChildRounding = 3.0f;
    style.FrameRounding = 3.0f;
    style.GrabRounding = 3.0f;
    style.PopupRounding = 3.0f;
    style.ScrollbarRounding = 6.0f;
    style.TabRounding = 3.0f;
    style.WindowBorderSize = 0.0f;
    style.ChildBorderSize = 1.0f;
    style.FramePadding = {6.0f, 4.0f};
    style.ItemSpacing = {8.0f, 5.0f};
    style.WindowPadding = {8.0f, 8.0f};
    style.ScrollbarSize = 12.0f;
    const Palette& p = palette(kind);
    ImVec4* c = style.Colors;
    if (kind == ThemeKind::Dark) {
        c[ImGuiCol_WindowBg] = {0.11f, 0.12f, 0.14f, 1.0f};
        c[ImGuiCol_ChildBg] = v4(lane_background(kind));
        c[ImGuiCol_MenuBarBg] = {0.09f, 0.10f, 0.12f, 1.0f};
        c[ImGuiCol_Border] = {0.25f, 0.27f, 0.31f, 1.0f};
        c[ImGuiCol_Header] = {0.24f, 0.36f, 0.56f, 0.55f};
        c[ImGuiCol_HeaderHovered] = {0.28f, 0.42f, 0.66f, 0.70f};
        c[ImGuiCol_HeaderActive] = {0.30f, 0.46f, 0.72f, 0.85f};
        c[ImGuiCol_Text] = v4(p.syn_text);
    } else {
        c[ImGuiCol_WindowBg] = {0.95f, 0.95f, 0.94f, 1.0f};
        c[ImGuiCol_ChildBg] = v4(lane_background(kind));
        c[ImGuiCol_MenuBarBg] = {0.90f, 0.90f, 0.89f, 1.0f};
        c[ImGuiCol_Border] = {0.78f, 0.78f, 0.80f, 1.0f};
        c[ImGuiCol_Text] = v4(p.syn_text);
        // Frames (slider tracks, combo boxes, radio buttons, the scrub bar) sit on white
        // panels: give them a grey fill and an outline, or they vanish.
        c[ImGuiCol_FrameBg] = {0.88f, 0.89f, 0.91f, 1.0f};
        c[ImGuiCol_FrameBgHovered] = {0.82f, 0.86f, 0.94f, 1.0f};
        c[ImGuiCol_FrameBgActive] = {0.76f, 0.82f, 0.94f, 1.0f};
        c[ImGuiCol_Button] = {0.84f, 0.87f, 0.93f, 1.0f};
        c[ImGuiCol_SliderGrab] = {0.18f, 0.42f, 0.82f, 1.0f};
        c[ImGuiCol_SliderGrabActive] = {0.10f, 0.32f, 0.72f, 1.0f};
        c[ImGuiCol_CheckMark] = {0.10f, 0.36f, 0.80f, 1.0f};
        c[ImGuiCol_BorderShadow] = {0.0f, 0.0f, 0.0f, 0.0f};
        c[ImGuiCol_ScrollbarBg] = {0.93f, 0.93f, 0.93f, 1.0f};
        style.FrameBorderSize = 1.0f;
    }
    // Progress bars (a run in the background, checks) in a neutral blue that the overlay
    // text reads on: ImGui's default is the amber the timeline uses for "budget".
    if (kind == ThemeKind::Dark) {
        c[ImGuiCol_PlotHistogram] = {0.18f, 0.34f, 0.58f, 1.0f};
        c[ImGuiCol_PlotHistogramHovered] = {0.22f, 0.40f, 0.66f, 1.0f};
    } else {
        c[ImGuiCol_PlotHistogram] = {0.64f, 0.77f, 0.95f, 1.0f};
        c[ImGuiCol_PlotHistogramHovered] = {0.55f, 0.71f, 0.93f, 1.0f};
    }
    // Menus and popups opaque: ImGui's 0.94 / 0.98 alpha lets the panels' text show through.
    c[ImGuiCol_PopupBg].w = 1.0f;
    c[ImGuiCol_TextDisabled] = v4(p.dim_text);
    c[ImGuiCol_Separator] = v4(p.splitter);
    c[ImGuiCol_SeparatorHovered] = v4(p.splitter_hover);
    c[ImGuiCol_SeparatorActive] = v4(p.splitter_hover);
    style.ScaleAllSizes(scale);
    ImGui::GetStyle() = style;
}

} // namespace condlab::app
