// Output console: what the program printed up to the playhead, with virtual time.
#include <imgui.h>

#include <cmath>
#include <cstdlib>
#include <string>

#include "app/player_views.h"

namespace condlab::app {

bool starts_with_time(std::string_view text, double time) {
    std::size_t i = 0;
    if (text.substr(0, 2) == "t=")
        i = 2;
    std::size_t j = i;
    int decimals = -1;
    while (j < text.size() && ((text[j] >= '0' && text[j] <= '9') || text[j] == '.')) {
        if (decimals >= 0)
            ++decimals;
        if (text[j] == '.')
            decimals = 0;
        ++j;
    }
    // A time has a decimal point ("1.0") or a "t=" prefix; "3 items" is a count.
    if (j == i || (decimals < 1 && i == 0) ||
        (j < text.size() && text[j] != ' ' && text[j] != 's' && text[j] != ':')) {
        return false;
    }
    const double v = std::strtod(std::string(text.substr(i, j - i)).c_str(), nullptr);
    // Equal at the precision printed ("1.0" for 0.96 .. 1.04).
    const double tolerance = 0.5 * std::pow(10.0, -std::max(decimals, 0)) + 1e-9;
    return std::fabs(v - time) <= tolerance;
}

void draw_output_view(const PlayerViewContext& ctx, OutputViewState& state) {
    const Player& player = *ctx.player;
    const lesson::RunResult* r = player.result();
    if (r == nullptr) {
        ImGui::TextDisabled("No run yet.");
        return;
    }
    const auto lines = player.output_so_far(state.veiled ? state.veil_after : kNoEvent);
    const bool show_stderr = player.at_last() && !r->stderr_text.empty() && !state.veiled;
    const Palette& p = *ctx.palette;
    ImGui::BeginChild("##output_lines", ImVec2(0, 0), false);
    if (ctx.fonts != nullptr && ctx.fonts->mono != nullptr)
        ImGui::PushFont(ctx.fonts->mono);
    const ImVec4 dim(p.dim_text.r, p.dim_text.g, p.dim_text.b, 1.0f);
    ImGui::PushTextWrapPos(0.0f);
    for (const auto& l : lines) {
        if (!starts_with_time(l.text, l.time)) {
            ImGui::TextColored(dim, "t=%-5s", format_time(l.time).c_str());
            ImGui::SameLine();
        }
        ImGui::TextUnformatted(l.text.c_str());
    }
    if (show_stderr) {
        ImGui::PushStyleColor(ImGuiCol_Text,
                              ImVec4(p.error_text.r, p.error_text.g, p.error_text.b, 1.0f));
        ImGui::TextUnformatted(r->stderr_text.c_str());
        ImGui::PopStyleColor();
    }
    ImGui::PopTextWrapPos();
    if (lines.empty() && !show_stderr)
        ImGui::TextDisabled("(nothing printed yet)");
    if (state.veiled)
        ImGui::TextDisabled("(the rest after your answer)");
    if (ctx.fonts != nullptr && ctx.fonts->mono != nullptr)
        ImGui::PopFont();
    if (lines.size() != state.last_count) {
        state.last_count = lines.size();
        ImGui::SetScrollHereY(1.0f);
    }
    ImGui::EndChild();
}

} // namespace condlab::app
