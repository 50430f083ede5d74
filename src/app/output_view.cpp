// Output console: what the program printed up to the playhead, with virtual time.
#include <imgui.h>

#include "app/player_views.h"

namespace condlab::app {

void draw_output_view(const PlayerViewContext& ctx, OutputViewState& state) {
    const Player& player = *ctx.player;
    const lesson::RunResult* r = player.result();
    if (r == nullptr) {
        ImGui::TextDisabled("No run yet.");
        return;
    }
    const auto lines = player.output_so_far();
    const Palette& p = *ctx.palette;
    ImGui::BeginChild("##output_lines", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
    if (ctx.fonts != nullptr && ctx.fonts->mono != nullptr) {
        ImGui::PushFont(ctx.fonts->mono);
    }
    const ImVec4 dim(p.dim_text.r, p.dim_text.g, p.dim_text.b, 1.0f);
    for (const auto& l : lines) {
        ImGui::TextColored(dim, "t=%-5s", format_time(l.time).c_str());
        ImGui::SameLine();
        ImGui::TextUnformatted(l.text.c_str());
    }
    if (player.at_last() && !r->stderr_text.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text,
                              ImVec4(p.error_text.r, p.error_text.g, p.error_text.b, 1.0f));
        ImGui::TextUnformatted(r->stderr_text.c_str());
        ImGui::PopStyleColor();
    }
    if (lines.empty() && !(player.at_last() && !r->stderr_text.empty())) {
        ImGui::TextDisabled("(nothing printed yet)");
    }
    if (ctx.fonts != nullptr && ctx.fonts->mono != nullptr) {
        ImGui::PopFont();
    }
    if (lines.size() != state.last_count) {
        state.last_count = lines.size();
        ImGui::SetScrollHereY(1.0f);
    }
    ImGui::EndChild();
}

} // namespace condlab::app
