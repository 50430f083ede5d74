#pragma once
// A headless ImGui context for tests and benchmarks: no window, no GPU, the app's fonts
// built into the atlas and the dark theme applied.
#include <imgui.h>
#include <imgui_internal.h>

#include <string>
#include <string_view>
#include <vector>

#include "app/fonts.h"
#include "app/theme.h"

namespace condlab::app {

/// Sets the current context's display to `display` pixels at font scale `scale`: the app's
/// fonts at that scale built into the atlas (fills `fonts`), the dark theme scaled.
inline void set_headless_scale(float scale, ImVec2 display, Fonts& fonts) {
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = display;
    fonts = load_fonts(io.Fonts, scale);
    unsigned char* pixels = nullptr;
    int w = 0;
    int h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    apply_imgui_theme(ThemeKind::Dark, scale);
}

/// Creates the context (current from now on) of `size` pixels at font scale `scale`; fills
/// `fonts`.
inline ImGuiContext* create_headless_imgui(ImVec2 size, Fonts& fonts, float scale = 1.0f) {
    ImGuiContext* ctx = ImGui::CreateContext();
    ImGui::SetCurrentContext(ctx); // CreateContext keeps another current one
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DeltaTime = 1.0f / 60.0f;
    set_headless_scale(scale, size, fonts);
    return ctx;
}

/// Input for a fixture that draws one frame per call of frame(): each event is one frame,
/// as a person's input arrives between frames.
class FrameInput {
  public:
    FrameInput() = default;
    FrameInput(const FrameInput&) = delete;
    FrameInput& operator=(const FrameInput&) = delete;
    virtual ~FrameInput() = default;
    virtual void frame() = 0;

    void mouse(float x, float y, bool down) {
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = {x, y};
        io.MouseDown[0] = down;
        frame();
    }
    /// Left click: button up, down, up at (x, y).
    void click(float x, float y) {
        mouse(x, y, false);
        mouse(x, y, true);
        mouse(x, y, false);
    }
    /// Key `k` pressed for one frame and released for the next (with Shift held if asked).
    void key(int k, bool shift = false) {
        ImGuiIO& io = ImGui::GetIO();
        io.KeyShift = shift;
        io.KeysDown[k] = true;
        frame();
        io.KeysDown[k] = false;
        io.KeyShift = false;
        frame();
    }
};

/// Starts capturing the text ImGui renders (call after ImGui::NewFrame()).
inline void begin_text_capture() { ImGui::LogToBuffer(); }

/// The text rendered since begin_text_capture(), one item per line or separated by spaces;
/// stops capturing (call before ImGui::Render()).
inline std::string end_text_capture() {
    std::string text = GImGui->LogBuffer.c_str();
    ImGui::LogFinish();
    return text;
}

/// Every "step K of N" in `text` (K, N digits), in order: how many places print where the
/// playhead is.
inline std::vector<std::string> step_of_phrases(std::string_view text) {
    std::vector<std::string> out;
    const auto digits = [&](std::size_t p) {
        std::size_t q = p;
        while (q < text.size() && text[q] >= '0' && text[q] <= '9')
            ++q;
        return q;
    };
    for (std::size_t p = text.find("step "); p != std::string_view::npos;
         p = text.find("step ", p + 1)) {
        const std::size_t k = digits(p + 5);
        if (k == p + 5 || text.substr(k, 4) != " of ")
            continue;
        const std::size_t n = digits(k + 4);
        if (n > k + 4)
            out.emplace_back(text.substr(p, n - p));
    }
    return out;
}

} // namespace condlab::app
