// condlab_app_shot: opens a lesson in the real window (under Xvfb), puts the window in a
// given state and writes a screenshot. For the screenshots the window fixes are checked
// with (tests/app/xvfb_shots.sh, ctest app.xvfb_shots) and for looking at them.
//
// usage: condlab_app_shot OUT.png LESSON [--theme dark|light] [--scale S] [--size WxH]
//                         [--no-questions] [ACTION]...
// --no-questions: the lesson's predict questions are not asked (a view they would veil).
// ACTION: help | keys (the Help window's tabs), settings (open the folded lesson
// settings), last / first (playhead), line (line step mode), forward:N (N moves),
// select:LANE (select a task lane by name)
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "app/gui.h"
#include "app/learner_gui.h"
#include "app/player_gui.h"
#include "app/shell.h"

using namespace condlab::app;

namespace {

void apply(const std::string& a, Shell& shell, PlayerGui& gui) {
    if (a == "help") {
        shell.show_help(HelpTab::Legend);
    } else if (a == "keys") {
        shell.show_help(HelpTab::Shortcuts);
    } else if (a == "settings") {
        shell.code_state().settings_open = true;
    } else if (a == "last") {
        gui.player.last();
    } else if (a == "first") {
        gui.player.first();
    } else if (a == "line") {
        gui.player.mode = StepMode::Line;
    } else if (a.rfind("forward:", 0) == 0) {
        for (int i = std::atoi(a.c_str() + 8); i > 0; --i)
            gui.player.forward();
    } else if (a.rfind("select:", 0) == 0) {
        const std::string name = a.substr(7);
        const auto& lanes = gui.timeline.layout.lanes;
        for (std::size_t i = 0; i < lanes.size(); ++i)
            if (lanes[i].name == name)
                gui.timeline.selection.lane = static_cast<int>(i);
    } else {
        std::fprintf(stderr, "condlab_app_shot: unknown action %s\n", a.c_str());
    }
}

// The player, with the actions applied after the first frame (the run and the timeline's
// layout exist then); each frame at dt = 0 so the screenshot does not depend on timing.
class ShotClient final : public WindowClient {
  public:
    ShotClient(std::vector<std::string> actions, bool questions)
        : m_actions(std::move(actions)), m_questions(questions) {}
    void attach(Shell& shell) override {
        install_player(shell, m_gui);
        if (m_gui.learner)
            m_gui.learner->ask_questions = m_questions;
    }
    void before_frame(Shell& shell) override {
        if (++m_frame == 2)
            for (const std::string& a : m_actions)
                apply(a, shell, m_gui);
        player_frame(shell, m_gui, 0.0);
    }

  private:
    PlayerGui m_gui;
    std::vector<std::string> m_actions;
    bool m_questions = true;
    int m_frame = 0;
};

} // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: condlab_app_shot OUT.png LESSON [options] [ACTION]...\n");
        return kExitUsage;
    }
    GuiOptions opts;
    opts.screenshot = argv[1];
    opts.lesson = argv[2];
    opts.width = 1280;
    opts.height = 800;
    opts.ui_scale = 1.0f;
    opts.screenshot_frames = 6;
    std::vector<std::string> actions;
    bool questions = true;
    for (int i = 3; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--no-questions") {
            questions = false;
        } else if (a == "--theme" && i + 1 < argc) {
            opts.theme = parse_theme(argv[++i]);
        } else if (a == "--scale" && i + 1 < argc) {
            opts.ui_scale = static_cast<float>(std::atof(argv[++i]));
        } else if (a == "--size" && i + 1 < argc) {
            if (const auto s = parse_size(argv[++i])) {
                opts.width = s->first;
                opts.height = s->second;
            }
        } else {
            actions.push_back(a);
        }
    }
    opts.client = std::make_shared<ShotClient>(std::move(actions), questions);
    return run_gui(opts);
}
