#include "app/lesson_list_view.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cstdio>
#include <string>

namespace condlab::app {

void draw_lesson_list(const LessonListContext& ctx) {
    if (ctx.lessons == nullptr || ctx.lessons->empty()) {
        ImGui::TextDisabled("No lessons found.");
        return;
    }
    const float fs = ImGui::GetFontSize();
    const ImGuiStyle& style = ImGui::GetStyle();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 text_col = ImGui::GetColorU32(ImGuiCol_Text);
    for (const LessonEntry& e : *ctx.lessons) {
        const bool done = ctx.completed != nullptr && ctx.completed->count(e.id) > 0;
        const bool selected = e.id == ctx.current;
        // The row is drawn by hand: "NN  title…" elided before the badge, which has a
        // column of its own at the right end, so neither covers the other.
        const ImVec2 p = ImGui::GetCursorScreenPos();
        ImGui::SetCursorScreenPos({p.x + fs * 1.2f, p.y});
        const std::string id = "##" + e.id;
        if (ImGui::Selectable(id.c_str(), selected, ImGuiSelectableFlags_SpanAllColumns) &&
            ctx.on_select) {
            ctx.on_select(e);
        }
        const ImVec2 a = ImGui::GetItemRectMin();
        const ImVec2 b = ImGui::GetItemRectMax();
        // The visible right end (the row may extend under the scrollbar).
        const float right =
            std::min(b.x, ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x);
        const std::string badge = ctx.badge ? ctx.badge(e) : std::string();
        float text_right = right - style.ItemInnerSpacing.x;
        if (!badge.empty()) {
            const float w = ImGui::CalcTextSize(badge.c_str()).x;
            const float x = right - w - style.ItemInnerSpacing.x;
            dl->AddText({x, a.y}, ctx.palette->dim_text.packed(), badge.c_str());
            text_right = x - fs * 0.5f;
        }
        char number[16];
        std::snprintf(number, sizeof number, "%02d  ", e.number);
        const float number_w = ImGui::CalcTextSize(number).x;
        // From where the row's label starts (the selectable's rectangle spans the ✓ column).
        const float text_x = p.x + fs * 1.2f;
        dl->AddText({text_x, a.y}, text_col, number);
        const float title_x = text_x + number_w;
        const ImVec2 title_size = ImGui::CalcTextSize(e.title.c_str());
        const bool elided = title_x + title_size.x > text_right;
        if (text_right > title_x) {
            ImGui::RenderTextEllipsis(dl, {title_x, a.y}, {text_right, b.y}, text_right, text_right,
                                      e.title.c_str(), nullptr, &title_size);
        }
        if (ImGui::IsItemHovered()) {
            ImGui::BeginTooltip();
            ImGui::PushTextWrapPos(fs * 30.0f);
            ImGui::TextUnformatted(e.title.c_str());
            ImGui::PopTextWrapPos();
            ImGui::TextDisabled("%s%s", e.path.filename().c_str(),
                                badge.empty() ? ""
                                              : ("  \xC2\xB7  questions right: " + badge).c_str());
            ImGui::EndTooltip();
        }
        if (ctx.row_rects != nullptr)
            ctx.row_rects->push_back(
                {e.id, {title_x, a.y, text_right - title_x, b.y - a.y}, elided});
        if (done)
            dl->AddText({p.x + 1.0f, p.y}, ctx.palette->running.packed(), "\xE2\x9C\x93"); // ✓
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
