// Transport: first / back / play-pause / forward / last, by line or by scheduling event,
// speed, scrub bar, "step k of N · t = … s · iteration i", and the keyboard shortcuts
// Space, ←/→ (one move), Shift+←/→ (the other granularity), Home/End.
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "app/player_views.h"

namespace condlab::app {

namespace {

bool key_pressed(ImGuiKey key, bool repeat = true) {
    const int index = ImGui::GetKeyIndex(key);
    return index >= 0 && ImGui::IsKeyPressed(index, repeat);
}

StepMode other(StepMode m) { return m == StepMode::Line ? StepMode::Event : StepMode::Line; }

} // namespace

bool draw_run_progress(const PlayerViewContext& ctx) {
    Player& player = *ctx.player;
    if (!player.running()) {
        // The run the learner stopped: what it was doing when it ended.
        const std::string stopped = player.stopped_summary();
        if (!stopped.empty()) {
            const Palette& p = ctx.palette != nullptr ? *ctx.palette : palette(ThemeKind::Dark);
            ImGui::TextColored(ImColor(p.failed.packed()).Value, "\xE2\x96\xA0 %s",
                               stopped.c_str());
            record_item(ctx, "stopped_note");
            ImGui::SameLine();
            ImGui::TextDisabled("(the run before it is shown)");
        }
        return false;
    }
    // The run goes on on the worker thread; the previous run stays shown meanwhile.
    const double seconds = player.running_seconds();
    const double budget = lesson::RunOptions{}.max_wall_seconds;
    char overlay[96];
    std::snprintf(overlay, sizeof overlay, "running %.1f s \xC2\xB7 %llu steps", seconds,
                  static_cast<unsigned long long>(player.running_steps()));
    ImGui::ProgressBar(static_cast<float>(std::min(1.0, seconds / budget)),
                       ImVec2(ImGui::GetFontSize() * 16.0f, 0.0f), overlay);
    record_item(ctx, "run_progress");
    if (ImGui::IsItemHovered()) {
        ImGui::SetTooltip("A run takes at most %.0f s of wall clock (its budget), then it is\n"
                          "analysed. The previous run stays shown until this one is in.",
                          budget);
    }
    ImGui::SameLine();
    bool stopped = ImGui::SmallButton("Stop");
    record_item(ctx, "stop_run");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Stop this run now (Esc): keep the run shown now");
    const ImGuiIO& io = ImGui::GetIO();
    if (!io.WantTextInput && key_pressed(ImGuiKey_Escape, false))
        stopped = true;
    if (stopped)
        player.stop_run();
    return stopped;
}

void record_item(const PlayerViewContext& ctx, std::string name) {
    if (ctx.item_rects == nullptr)
        return;
    const ImVec2 a = ImGui::GetItemRectMin();
    const ImVec2 b = ImGui::GetItemRectMax();
    ctx.item_rects->emplace_back(std::move(name), Rect{a.x, a.y, b.x - a.x, b.y - a.y});
}

bool handle_transport_keys(Player& player) {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput || ImGui::IsAnyItemActive())
        return false;
    const std::size_t before = player.position_index();
    const bool was_playing = player.playing();
    if (key_pressed(ImGuiKey_Space, false))
        player.toggle_play();
    const StepMode m = io.KeyShift ? other(player.mode) : player.mode;
    if (key_pressed(ImGuiKey_RightArrow)) {
        player.pause();
        player.forward(m);
    }
    if (key_pressed(ImGuiKey_LeftArrow)) {
        player.pause();
        player.back(m);
    }
    if (key_pressed(ImGuiKey_Home, false))
        player.first();
    if (key_pressed(ImGuiKey_End, false))
        player.last();
    return before != player.position_index() || was_playing != player.playing();
}

bool draw_transport_view(const PlayerViewContext& ctx, TransportState& state) {
    Player& player = *ctx.player;
    const std::size_t before = player.position_index();
    const bool has = player.position_count() > 1;
    ImGui::BeginDisabled(!has);
    if (ImGui::Button("|\xE2\x97\x80##first"))
        player.first();
    record_item(ctx, "first");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("First step (Home)");
    ImGui::SameLine();
    if (ImGui::Button("\xE2\x97\x80##back")) {
        player.pause();
        player.back();
    }
    record_item(ctx, "back");
    if (ImGui::IsItemHovered()) {
        ImGui::SetTooltip("Step back (\xE2\x86\x90; Shift+\xE2\x86\x90: by %s)",
                          player.mode == StepMode::Line ? "event" : "line");
    }
    ImGui::SameLine();
    if (ImGui::Button(player.playing() ? "\xE2\x9D\x9A\xE2\x9D\x9A##play" : "\xE2\x96\xB6##play",
                      ImVec2(ImGui::GetFrameHeight() * 1.6f, 0))) {
        player.toggle_play();
    }
    record_item(ctx, "play");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Play / pause (Space)");
    ImGui::SameLine();
    if (ImGui::Button("\xE2\x96\xB6##forward")) {
        player.pause();
        player.forward();
    }
    record_item(ctx, "forward");
    if (ImGui::IsItemHovered()) {
        ImGui::SetTooltip("Step forward (\xE2\x86\x92; Shift+\xE2\x86\x92: by %s)",
                          player.mode == StepMode::Line ? "event" : "line");
    }
    ImGui::SameLine();
    if (ImGui::Button("\xE2\x96\xB6|##last"))
        player.last();
    record_item(ctx, "last");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Last step (End)");
    ImGui::EndDisabled();

    ImGui::SameLine();
    int mode = player.mode == StepMode::Line ? 0 : 1;
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6.5f);
    if (ImGui::Combo("##mode", &mode, "by line\0by event\0"))
        player.mode = mode == 0 ? StepMode::Line : StepMode::Event;
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Step by executed line or by scheduling event (task slice)");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7.0f);
    ImGui::SliderFloat("##speed", &player.speed, 0.25f, 16.0f, "speed %.2gx",
                       ImGuiSliderFlags_Logarithmic);
    // The status on the same row when it fits, else on a row of its own (never cut).
    const std::string status = player.status_text();
    ImGui::SameLine();
    if (ImGui::CalcTextSize(status.c_str()).x > ImGui::GetContentRegionAvail().x)
        ImGui::NewLine();
    ImGui::TextUnformatted(status.c_str());
    draw_run_progress(ctx);

    // Scrub bar over every position.
    if (has) {
        int pos = static_cast<int>(player.position_index());
        ImGui::SetNextItemWidth(-1.0f);
        if (ImGui::SliderInt("##scrub", &pos, 0, static_cast<int>(player.position_count() - 1),
                             "")) {
            player.pause();
            player.seek_position(static_cast<std::size_t>(std::max(pos, 0)));
        }
        record_item(ctx, "scrub");
    }
    bool changed = before != player.position_index();
    if (state.keys_enabled)
        changed = handle_transport_keys(player) || changed;
    return changed;
}

} // namespace condlab::app
