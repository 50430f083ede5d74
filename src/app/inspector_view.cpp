// Inspector: variables (globals, each task's locals) and every primitive's state at the
// playhead, from the trace's snapshots and object states.
#include <imgui.h>

#include <algorithm>
#include <string>

#include "app/player_views.h"

namespace condlab::app {

namespace {

std::string task_list(const Trace& t, std::span<const TaskId> ids) {
    std::string s;
    for (TaskId id : ids) {
        if (!s.empty())
            s += ", ";
        s += t.task_name(id);
    }
    return s.empty() ? "none" : s;
}

std::string describe_object(const Trace& t, const ObjectState& st) {
    switch (st.kind) {
    case ObjectKind::Lock:
        if (!st.locked)
            return "unlocked";
        return "held by " + t.task_name(st.holder) +
               (st.waiters.empty() ? "" : "; queue: " + task_list(t, st.waiters));
    case ObjectKind::Condition:
        return "waiters (in order): " + task_list(t, st.waiters);
    case ObjectKind::Event:
        return std::string(st.set ? "set" : "not set") +
               (st.waiters.empty() ? "" : "; waiting: " + task_list(t, st.waiters));
    case ObjectKind::Semaphore:
    case ObjectKind::BoundedSemaphore:
        return "value " + std::to_string(st.value) +
               (st.waiters.empty() ? "" : "; waiting: " + task_list(t, st.waiters));
    case ObjectKind::Queue:
    case ObjectKind::LifoQueue:
    case ObjectKind::PriorityQueue: {
        std::string s = "size " + std::to_string(st.value);
        if (!st.contents.empty()) {
            s += ": [";
            for (std::size_t i = 0; i < st.contents.size(); ++i)
                s += (i ? ", " : "") + std::string(st.contents[i]);
            s += "]";
        }
        if (!st.waiters.empty())
            s += "; waiting: " + task_list(t, st.waiters);
        return s;
    }
    case ObjectKind::Barrier:
        return std::to_string(st.value) + " waiting" + (st.set ? ", broken" : "") +
               (st.waiters.empty() ? "" : ": " + task_list(t, st.waiters));
    case ObjectKind::Future:
        break;
    }
    return {};
}

} // namespace

void draw_inspector_view(const PlayerViewContext& ctx) {
    const Player& player = *ctx.player;
    const Trace* t = player.trace();
    if (t == nullptr || t->step_count() == 0) {
        ImGui::TextDisabled("No trace (the program did not run).");
        return;
    }
    const Palette& p = *ctx.palette;
    const ImVec4 dim(p.dim_text.r, p.dim_text.g, p.dim_text.b, 1.0f);
    const StepId s = player.step();
    const auto vars = t->snapshot_at(s);
    const Tick tick = player.position().at_end() ? tick_end(s) : tick_begin(s);
    const bool mono = ctx.fonts != nullptr && ctx.fonts->mono != nullptr;

    ImGui::BeginChild("##inspector_body", ImVec2(0, 0), false);
    if (ImGui::BeginTable("##vars", 2, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg)) {
        // Names as wide as the longest one needs, but the values keep at least 40 %.
        float name_w = ImGui::GetFontSize() * 4.0f;
        for (const SnapshotEntryView& v : vars) {
            const float nw = ImGui::CalcTextSize(v.name.data(), v.name.data() + v.name.size()).x;
            name_w = std::max(name_w, nw + ImGui::CalcTextSize("  ").x + 8.0f);
            if (v.scope != kNoTask) { // the task's header row ("main.<locals>.w#1")
                name_w =
                    std::max(name_w, ImGui::CalcTextSize(t->task_name(v.scope).c_str()).x + 8.0f);
            }
        }
        name_w = std::min(name_w, ImGui::GetContentRegionAvail().x * 0.6f);
        ImGui::TableSetupColumn("name", ImGuiTableColumnFlags_WidthFixed, name_w);
        ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
        TaskId scope = kNoTask - 1; // no scope yet
        for (const SnapshotEntryView& v : vars) {
            if (v.scope != scope) {
                scope = v.scope;
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                if (scope == kNoTask) {
                    ImGui::TextColored(dim, "globals");
                } else {
                    const SpanView sp = t->span_at(scope, tick);
                    ImGui::TextColored(dim, "%s", t->task_name(scope).c_str());
                    if (ImGui::IsItemHovered())
                        ImGui::SetTooltip("%s", t->task_name(scope).c_str());
                    ImGui::TableNextColumn();
                    // Wrapped in its column ("waiting on condition" is wider than a narrow
                    // panel's value column; unwrapped it went under the scrollbar).
                    ImGui::PushStyleColor(ImGuiCol_Text, dim);
                    ImGui::TextWrapped("%s", status_name(sp.status));
                    ImGui::PopStyleColor();
                }
            }
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::Text("  %.*s", static_cast<int>(v.name.size()), v.name.data());
            ImGui::TableNextColumn();
            if (mono)
                ImGui::PushFont(ctx.fonts->mono);
            // Values wrap in their column; hovering shows the whole value in a tooltip.
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextUnformatted(v.repr.data(), v.repr.data() + v.repr.size());
            ImGui::PopTextWrapPos();
            if (mono)
                ImGui::PopFont();
            if (ImGui::IsItemHovered()) {
                ImGui::PushTextWrapPos(ImGui::GetFontSize() * 40.0f);
                ImGui::BeginTooltip();
                ImGui::Text("%.*s =", static_cast<int>(v.name.size()), v.name.data());
                ImGui::TextUnformatted(v.repr.data(), v.repr.data() + v.repr.size());
                ImGui::EndTooltip();
                ImGui::PopTextWrapPos();
            }
        }
        ImGui::EndTable();
    }
    bool header = false;
    for (const ObjectRecord& o : t->objects()) {
        if (o.kind == ObjectKind::Future || o.created_step > s)
            continue;
        if (!header) {
            ImGui::Spacing();
            ImGui::TextColored(dim, "primitives");
            ImGui::Separator();
            header = true;
        }
        const ObjectState st = t->object_state_at_tick(o.id, tick);
        ImGui::Text("%s", t->object_name(o.id).c_str());
        ImGui::SameLine();
        ImGui::TextColored(dim, "(%s)", object_kind_name(o.kind));
        ImGui::Indent();
        ImGui::TextWrapped("%s", describe_object(*t, st).c_str());
        ImGui::Unindent();
    }
    if (vars.empty() && !header)
        ImGui::TextDisabled("Nothing to show at this step.");
    ImGui::EndChild();
}

} // namespace condlab::app
