#include "app/lesson_list_view.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

namespace condlab::app {

void draw_lesson_list(const LessonListContext& ctx) {
    if (ctx.lessons == nullptr || ctx.lessons->empty()) {
        ImGui::TextDisabled("No lessons found.");
        return;
    }
    const float fs = ImGui::GetFontSize();
    for (const LessonEntry& e : *ctx.lessons) {
        const bool done = ctx.completed != nullptr && ctx.completed->count(e.id) > 0;
        const bool selected = e.id == ctx.current;
        char label[320];
        std::snprintf(label, sizeof label, "%02d  %s##%s", e.number, e.title.c_str(), e.id.c_str());
        const ImVec2 p = ImGui::GetCursorScreenPos();
        ImGui::SetCursorScreenPos({p.x + fs * 1.2f, p.y});
        if (ImGui::Selectable(label, selected, ImGuiSelectableFlags_SpanAllColumns) &&
            ctx.on_select) {
            ctx.on_select(e);
        }
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", e.path.filename().c_str());
        if (done) {
            ImGui::GetWindowDrawList()->AddText({p.x + 1.0f, p.y}, ctx.palette->running.packed(),
                                                "\xE2\x9C\x93"); // ✓
        }
        if (const std::string b = ctx.badge ? ctx.badge(e) : std::string(); !b.empty()) {
            // At the visible right end, over the end of a long title.
            const float w = ImGui::CalcTextSize(b.c_str()).x;
            const float right =
                std::min(ImGui::GetItemRectMax().x,
                         ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x);
            const float x = right - w - fs * 0.3f;
            ImDrawList* dl = ImGui::GetWindowDrawList();
            dl->AddRectFilled({x - fs * 0.3f, p.y}, {right, ImGui::GetItemRectMax().y},
                              ImGui::GetColorU32(selected ? ImGuiCol_Header : ImGuiCol_WindowBg));
            dl->AddText({x, p.y}, ctx.palette->dim_text.packed(), b.c_str());
        }
        if (selected) {
            ImGui::SetItemDefaultFocus();
            if (ctx.scroll_to_current)
                ImGui::SetScrollHereY(0.5f);
            if (ctx.current_rect != nullptr) {
                const ImVec2 a = ImGui::GetItemRectMin();
                const ImVec2 b = ImGui::GetItemRectMax();
                *ctx.current_rect = {a.x, a.y, b.x - a.x, b.y - a.y};
            }
        }
    }
}

} // namespace condlab::app
