// The player window's content (player_content.h).
#include "app/player_content.h"

#include "app/explore_gui.h"
#include "app/explore_view.h"
#include "app/learner_gui.h"

#include <imgui.h>

namespace condlab::app {

namespace {

PlayerViewContext view_ctx(Shell& shell, PlayerGui& gui) {
    return {&gui.player, &palette(shell.theme()), shell.fonts(),
            gui.record_rects ? &gui.rects : nullptr};
}

} // namespace

bool PlayerContent::veiled() const { return learner_veiled(m_gui); }

// -----------------------------------------------------------------------------------------
// [SECTION] Panels
// -----------------------------------------------------------------------------------------

void PlayerContent::draw_goal_banner() {
    draw_question_panel(m_shell, m_gui);
    if (veiled())
        return; // the goal's status would tell the outcome
    if (m_gui.player.lesson() != nullptr && !m_gui.player.lesson()->goals.empty()) {
        draw_goal_banner_view(view_ctx(m_shell, m_gui));
        ImGui::Separator();
    }
    draw_fix(m_shell, m_gui);
}

void PlayerContent::draw_timeline() {
    if (veiled())
        draw_learner_veiled_timeline(m_shell, m_gui);
    else
        draw_run_timeline();
}

void PlayerContent::draw_run_timeline() {
    PlayerGui& gui = m_gui;
    const PlayerViewContext ctx = view_ctx(m_shell, gui);
    draw_transport_view(ctx, gui.transport);
    const Trace* t = gui.player.trace();
    const lesson::RunResult* r = gui.player.result();
    if (t == nullptr || t->step_count() == 0) {
        ImGui::TextDisabled("%s", r != nullptr           ? r->summary.c_str()
                                  : gui.player.running() ? "Running\xE2\x80\xA6"
                                                         : "No run.");
        return;
    }
    if (gui.timeline.cached_trace != t)
        gui.timeline.invalidate();
    TimelineContext tc;
    tc.trace = t;
    tc.outcome = r != nullptr && r->analysis ? &r->analysis->outcome : nullptr;
    tc.playhead = gui.player.step();
    tc.palette = ctx.palette;
    tc.state = &gui.timeline;
    tc.overlay = [this](ImDrawList* dl, float x0, float y0) {
        draw_explore_view_overlay(m_shell, m_gui, *m_gui.explore_view, dl, x0, y0);
    };
    tc.on_seek = [&gui](StepId s) {
        gui.player.pause();
        gui.player.seek_step(s);
    };
    app::draw_timeline(tc);
    if (gui.timeline.show_keys) {
        gui.timeline.show_keys = false;
        m_shell.show_help(HelpTab::Legend);
    }
}

void PlayerContent::draw_parameters() {
    if (draw_parameters_view(view_ctx(m_shell, m_gui)))
        m_gui.timeline.invalidate();
}

void PlayerContent::draw_inspector() {
    if (veiled())
        draw_veil_note(m_shell);
    else
        draw_inspector_view(view_ctx(m_shell, m_gui));
}

void PlayerContent::draw_output() {
    // A question's answer may be the next line printed ("what does it print next?").
    m_gui.output.veiled = veiled();
    m_gui.output.veil_after = learner_output_limit(m_gui);
    draw_output_view(view_ctx(m_shell, m_gui), m_gui.output);
}

void PlayerContent::draw_diagnostics() {
    if (veiled())
        draw_veil_note(m_shell);
    else
        draw_diagnostics_view(view_ctx(m_shell, m_gui));
}

void PlayerContent::draw_menus() {
    if (veiled()) {
        ImGui::TextDisabled("(compare & map after the answer)");
        return;
    }
    draw_explore(m_shell, m_gui, *m_gui.explore);           // Compare A/B, Outcome map
    draw_explore_view(m_shell, m_gui, *m_gui.explore_view); // Explore timings, event loop
}

bool PlayerContent::draw_code() { return draw_learner_code(m_shell, m_gui); }

// -----------------------------------------------------------------------------------------
// [SECTION] Events
// -----------------------------------------------------------------------------------------

void PlayerContent::file_opened(const std::filesystem::path& path) {
    if (!m_gui.player.load_file(path))
        m_shell.set_status("Could not run: " + m_gui.player.load_error());
    m_gui.timeline.needs_fit = true;
    m_gui.timeline.invalidate();
    m_gui.timeline.selection = {};
    player_frame(m_shell, m_gui, 0.0);
    open_in_editor(m_shell, m_gui, path);
}

void PlayerContent::line_hovered(int line) {
    m_gui.hovered_line = line;
    const auto events = m_gui.player.line_events(line);
    if (events.empty())
        return;
    ImGui::BeginTooltip();
    ImGui::TextDisabled("line %d", line);
    for (const std::string& e : events)
        ImGui::TextUnformatted(e.c_str());
    ImGui::EndTooltip();
}

std::string PlayerContent::lesson_badge(const LessonEntry& lesson) {
    return answer_badge(m_gui, lesson);
}

std::string PlayerContent::export_trace(ExportKind kind, const std::filesystem::path& path) {
    return app::export_trace(m_gui.player, kind, path);
}

std::string describe_views(const Shell& shell, const PlayerGui& gui) {
    return describe_explore(*gui.explore) + describe_explore_view(*gui.explore_view) +
           describe_learner(shell, gui);
}

} // namespace condlab::app
