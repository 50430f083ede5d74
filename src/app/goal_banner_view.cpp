// Goal banner: the lesson's goals with a live "reached" / "not yet" status.
#include <imgui.h>

#include "app/markdown.h"
#include "app/markdown_view.h"
#include "app/player_views.h"

namespace condlab::app {

void draw_goal_banner_view(const PlayerViewContext& ctx) {
    const Player& player = *ctx.player;
    const lesson::Lesson* l = player.lesson();
    if (l == nullptr || l->goals.empty())
        return;
    const Palette& p = *ctx.palette;
    const auto reached = player.goals_reached();
    for (std::size_t i = 0; i < l->goals.size(); ++i) {
        const lesson::Goal& g = l->goals[i];
        const bool ok = i < reached.size() && reached[i];
        const Colour c = ok ? p.lock_held : p.accent;
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(c.r, c.g, c.b, 1.0f));
        ImGui::TextUnformatted(ok ? "\xE2\x9C\x93 Goal reached:" : "\xE2\x97\x8E Goal:");
        ImGui::PopStyleColor();
        ImGui::SameLine();
        // The description is Markdown (`code`, **strong**); the wanted outcome itself is
        // never shown: finding it is the challenge.
        const md::Document doc = md::parse(g.description);
        if (ctx.fonts != nullptr) {
            ImGui::BeginGroup();
            draw_markdown({&doc, ctx.palette, ctx.fonts});
            ImGui::EndGroup();
        } else {
            ImGui::TextWrapped("%s", g.description.c_str());
        }
        if (!ok && player.result() != nullptr) {
            ImGui::TextDisabled("(not yet: this run ends in %s)",
                                lesson::describe_outcome(*player.result()).c_str());
        }
    }
}

} // namespace condlab::app
