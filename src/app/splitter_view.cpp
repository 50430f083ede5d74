#include "app/splitter_view.h"

#include <imgui.h>

namespace condlab::app {

namespace {

bool vertical_bar(SplitterId id) {
    return id == SplitterId::LeftColumn || id == SplitterId::RightColumn;
}

const char* const kSplitterIds[kSplitterCount] = {
    "##split_left",    "##split_right",   "##split_left_rows", "##split_centre_rows",
    "##split_right_0", "##split_right_1", "##split_right_2"};

} // namespace

bool draw_splitters(const SplitterViewContext& ctx, SplitRatios& ratios, SplitterViewState& state) {
    const ImGuiIO& io = ImGui::GetIO();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    bool changed = false;
    for (int i = 0; i < kSplitterCount; ++i) {
        const auto id = static_cast<SplitterId>(i);
        const Rect& r = ctx.layout->splitters[static_cast<size_t>(i)];
        if (r.w <= 0.0f || r.h <= 0.0f)
            continue;
        const bool vertical = vertical_bar(id);
        ImGui::SetCursorScreenPos({r.x, r.y});
        ImGui::InvisibleButton(kSplitterIds[i], {r.w, r.h});
        const bool hovered = ImGui::IsItemHovered();
        const bool active = ImGui::IsItemActive();
        if (ImGui::IsItemActivated()) {
            state.active = id;
            state.drag_start = ratios;
            state.drag_origin = vertical ? io.MousePos.x : io.MousePos.y;
        }
        if (active && state.active == id) {
            const float now = vertical ? io.MousePos.x : io.MousePos.y;
            const SplitRatios next =
                drag_splitter(state.drag_start, id, now - state.drag_origin, ctx.area, ctx.metrics);
            if (!(next == ratios)) {
                ratios = next;
                changed = true;
            }
        } else if (state.active == id && !active) {
            state.active.reset();
        }
        if (hovered || active)
            ImGui::SetMouseCursor(vertical ? ImGuiMouseCursor_ResizeEW : ImGuiMouseCursor_ResizeNS);
        const Colour& c = hovered || active ? ctx.palette->splitter_hover : ctx.palette->splitter;
        // A thin line in the middle of the bar; the whole bar is the grab area.
        if (vertical) {
            const float x = r.x + r.w * 0.5f;
            dl->AddLine({x, r.y}, {x, r.y + r.h}, c.packed(), hovered || active ? 2.0f : 1.0f);
        } else {
            const float y = r.y + r.h * 0.5f;
            dl->AddLine({r.x, y}, {r.x + r.w, y}, c.packed(), hovered || active ? 2.0f : 1.0f);
        }
    }
    return changed;
}

} // namespace condlab::app
