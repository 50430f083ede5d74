// The default size of the window's pop-ups (Compare, Outcome map, Explore, Be the event
// loop): in font heights, so that at --scale 2 they hold what they hold at 1, and never
// more than 90 % of the display.
#pragma once

#include <imgui.h>

#include <algorithm>

namespace condlab::app {

/// Sizes the next window `w_em` x `h_em` font heights (clamped to the display) the first
/// time it appears; `centre` also centres it on the display.
inline void set_next_popup_size(float w_em, float h_em, bool centre) {
    const ImGuiIO& io = ImGui::GetIO();
    const float fs = ImGui::GetFontSize();
    ImGui::SetNextWindowSize({std::min(fs * w_em, io.DisplaySize.x * 0.9f),
                              std::min(fs * h_em, io.DisplaySize.y * 0.9f)},
                             ImGuiCond_FirstUseEver);
    if (centre)
        ImGui::SetNextWindowPos({io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.5f},
                                ImGuiCond_FirstUseEver, {0.5f, 0.5f});
}

/// SameLine() when an item `w` wide still fits on the current line, else a new line (a row
/// of controls wraps instead of running off the window's right edge).
inline void same_line_if_fits(float w, float spacing = -1.0f) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float gap = spacing >= 0.0f ? spacing : style.ItemSpacing.x;
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (ImGui::GetItemRectMax().x + gap + w <= right)
        ImGui::SameLine(0.0f, gap);
}

} // namespace condlab::app
