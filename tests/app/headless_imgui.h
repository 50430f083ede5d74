#pragma once
// A headless ImGui context for tests and benchmarks: no window, no GPU, the app's fonts
// built into the atlas and the dark theme applied.
#include <imgui.h>

#include "app/fonts.h"
#include "app/theme.h"

namespace condlab::app {

/// Creates the context (current from now on) of `size` pixels; fills `fonts`.
inline ImGuiContext* create_headless_imgui(ImVec2 size, Fonts& fonts) {
    ImGuiContext* ctx = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = size;
    io.DeltaTime = 1.0f / 60.0f;
    fonts = load_fonts(io.Fonts, 1.0f);
    unsigned char* pixels = nullptr;
    int w = 0;
    int h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    apply_imgui_theme(ThemeKind::dark, 1.0f);
    return ctx;
}

} // namespace condlab::app
