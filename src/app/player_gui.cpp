// The lesson player wired into the Shell (player_gui.h).
#include "app/player_gui.h"

#include "app/explore_gui.h"
#include "app/explore_view.h"
#include "app/learner_gui.h"
#include "app/player_content.h"
#include "app/state_report.h"
#include "trace/chrome_trace.h"
#include "trace/step_number.h"
#include "trace/trace_json.h"

#include <imgui.h>

#include <GLFW/glfw3.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace condlab::app {

namespace {

void load_completed(Shell& shell) {
    std::stringstream ss(shell.settings().completed);
    std::string id;
    while (std::getline(ss, id, ','))
        if (!id.empty())
            shell.completed_lessons().insert(id);
}

void store_completed(Shell& shell) {
    std::string s;
    for (const std::string& id : shell.completed_lessons())
        s += (s.empty() ? "" : ",") + id;
    shell.settings().completed = s;
}

} // namespace

std::string export_trace(const Player& player, ExportKind kind, const std::filesystem::path& path) {
    const Trace* t = player.trace();
    if (t == nullptr)
        return "no run to export yet";
    if (kind == ExportKind::Png)
        return "a PNG is written by the window";
    // The exporters of src/trace, as `condlab run --chrome-trace / --trace-json` use them.
    const std::string text =
        kind == ExportKind::ChromeTrace ? write_chrome_trace(*t) : write_trace_json(*t);
    std::ofstream out(path, std::ios::binary);
    out << text;
    out.close();
    if (!out)
        return "cannot write " + path.string();
    return {};
}

void install_player(Shell& shell, PlayerGui& gui) {
    load_completed(shell);
    gui.player.speed = shell.settings().speed;
    gui.player.mode = shell.settings().step_mode == "line" ? StepMode::Line : StepMode::Event;
    gui.timeline.readable_axis_rule = true; // zero-time moments at least 6 px wide at fit
    for (const AxisMode m : {AxisMode::Iteration, AxisMode::Time, AxisMode::Hybrid}) {
        if (shell.settings().axis_mode == axis_mode_name(m)) {
            gui.timeline.mode = m;
            gui.timeline.preferred = m;
        }
    }
    gui.explore = make_explore_gui();
    gui.explore_view = make_explore_view_state();
    install_learner(gui); // questions veil panels, edit mode, file watching
    gui.content = std::make_unique<PlayerContent>(shell, gui);
    shell.set_content(gui.content.get());
}

void player_frame(Shell& shell, PlayerGui& gui, double dt) {
    const auto now = std::chrono::steady_clock::now();
    if (dt < 0.0) {
        dt = gui.last_frame.time_since_epoch().count() == 0
                 ? 0.0
                 : std::chrono::duration<double>(now - gui.last_frame).count();
        dt = std::min(dt, 0.25);
    }
    gui.last_frame = now;
    gui.rects.clear();
    gui.player.poll(); // a finished background run replaces the shown one
    if (shell.requested_step && !gui.player.running() && gui.player.trace() != nullptr) {
        if (const auto s = step_from_display(*shell.requested_step))
            gui.player.seek_step(*s);
        shell.requested_step.reset();
    }
    gui.player.advance(dt);
    shell.markers() = gui.player.line_markers(palette(shell.theme()));
    int focus = gui.player.focus_line();
    // The module docstring is the lesson text (left column): while the program is still in
    // it (the first position), show the code after it instead.
    if (const SourceDocument* doc = shell.document();
        doc != nullptr && focus > 0 && focus <= doc->docstring_end_line) {
        focus = doc->docstring_end_line + 1;
    }
    shell.code_state().focus_line = focus;
    if (gui.player.position_index() != gui.last_position ||
        gui.player.run_count() != gui.last_run) {
        // Follow the task that ran the current step (or the error at the end of a failed
        // run): bring its line into view.
        gui.last_position = gui.player.position_index();
        gui.last_run = gui.player.run_count();
        if (focus > 0) {
            shell.code_state().scroll_to_line = focus;
            shell.code_state().scroll_align = 0.35f;
        }
    }
    shell.set_error(gui.player.error_mark());
    shell.settings().speed = gui.player.speed;
    shell.settings().step_mode = gui.player.mode == StepMode::Line ? "line" : "event";
    shell.settings().axis_mode = axis_mode_name(gui.timeline.preferred);
    if (!shell.current_lesson().empty() && gui.player.any_goal_reached() &&
        shell.completed_lessons().insert(shell.current_lesson()).second) {
        store_completed(shell);
    }
    learner_frame(shell, gui);
}

namespace {

// The player in the real window: runs on a worker thread, the state report for the X-event
// tests when CONDLAB_TEST_STATE names a file.
class PlayerClient final : public WindowClient {
  public:
    PlayerClient() {
        if (const char* path = std::getenv("CONDLAB_TEST_STATE"); path != nullptr && *path != '\0')
            m_report.path = path;
    }
    void attach(Shell& shell) override {
        // Runs go to a worker thread: frames keep coming during a long run.
        m_gui.player.run_in_background([] { glfwPostEmptyEvent(); });
        install_player(shell, m_gui);
        if (!m_report.path.empty()) {
            m_gui.record_rects = true;
            shell.item_rects = &m_gui.rects;
        }
    }
    void before_frame(Shell& shell) override {
        if (!m_report.path.empty())
            update_state_report(m_report, shell, m_gui); // (the rectangles of the last frame)
        player_frame(shell, m_gui);
        if (m_gui.player.playing())
            glfwPostEmptyEvent(); // keep frames coming while playing (the window waits otherwise)
    }
    [[nodiscard]] bool busy() const override { return m_gui.player.running(); }

  private:
    PlayerGui m_gui;
    StateReport m_report;
};

} // namespace

void attach_player(GuiOptions& options) { options.client = std::make_shared<PlayerClient>(); }

} // namespace condlab::app
