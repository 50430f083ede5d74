// condlab edit benchmark (headless: an ImGui context, no window, no GPU).
//
// For every shipped lesson, in the code view's edit mode: a keystroke pause ends, the edited
// program is parsed and re-run (lesson::run + the player's index, learner_gui.h) and the
// whole app is redrawn (shell, editor, every player panel, the timeline) - one frame.
// Median and max over E edits; target (issue 22): under 16 ms for every lesson. The fix
// goal's background check is off here (it runs on its own thread in the window).
// Kept edits go to a temporary XDG_DATA_HOME, never the user's.
//
//   bench_edit [--edits E]
#include <imgui.h>

#include "app/learner_gui.h"
#include "app/player_gui.h"
#include "app/shell.h"
#include "bench_args.h"
#include "bench_timing.h"
#include "headless_imgui.h"
#include "lesson/discovery.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

using namespace condlab;
using namespace condlab::app;

using condlab::bench::Clock;
using condlab::bench::median;
using condlab::bench::ms_since;

int main(int argc, char** argv) {
    int edits = 21;
    CLI::App cli("condlab edit benchmark: edit -> re-run + redraw per lesson (headless)",
                 "bench_edit");
    cli.add_option("--edits", edits, "edits per lesson (default 21)")->check(CLI::Range(1, 100000));
    if (const auto status = condlab::bench::parse_bench_args(cli, argc, argv))
        return *status;
    const auto data = std::filesystem::temp_directory_path() /
                      ("condlab_bench_edit_" + std::to_string(::getpid()));
    ::setenv("XDG_DATA_HOME", data.c_str(), 1);

    Fonts fonts;
    ImGuiContext* ctx = create_headless_imgui({1280.0f, 800.0f}, fonts);
    {
        auto shell = std::make_unique<Shell>(CONDLAB_SOURCE_DIR "/lessons", Settings{});
        PlayerGui gui;
        install_player(*shell, gui);
        LearnerGui& l = *gui.learner;
        l.ask_questions = false;
        l.check_fix_goals = false;
        l.own_clock = true;
        auto frame = [&] {
            player_frame(*shell, gui, 0.0);
            ImGui::NewFrame();
            shell->draw(fonts);
            ImGui::Render();
        };
        std::printf("%-34s %7s %9s %9s %9s  %s\n", "lesson", "steps", "med ms", "max ms", "run ms",
                    "under 16 ms");
        double worst = 0;
        int under = 0;
        int lessons = 0;
        const auto dir = lesson::find_lessons_dir();
        for (const auto& path : lesson::lesson_files(dir ? *dir : CONDLAB_SOURCE_DIR "/lessons")) {
            if (!shell->open_file(path))
                continue;
            l.editor.editing = true;
            frame();
            frame();
            const std::string base = l.editor.text;
            std::vector<double> total;
            std::vector<double> run;
            for (int i = 0; i < edits; ++i) {
                gui.player.last();
                // The learner typed (a comment line, so every edit still runs) and paused.
                l.editor.text = base + "# edit " + std::to_string(i) + "\n";
                editor_changed(l.editor, l.clock);
                l.clock += CodeEditor::kTypingPause + 0.01;
                const int runs = gui.player.run_count();
                const auto t0 = Clock::now();
                frame();
                total.push_back(ms_since(t0));
                run.push_back(gui.player.last_run_ms());
                if (gui.player.run_count() != runs + 1) {
                    std::printf("%s: the edit did not re-run\n", path.filename().c_str());
                    return 1;
                }
            }
            editor_reset(l.editor); // forget the kept edit
            const double med = median(total);
            const double max = *std::max_element(total.begin(), total.end());
            worst = std::max(worst, med);
            ++lessons;
            under += med < 16.0 ? 1 : 0;
            std::printf("%-34s %7zu %9.2f %9.2f %9.2f  %s\n", path.stem().c_str(),
                        gui.player.step_count(), med, max, median(run), med < 16.0 ? "yes" : "NO");
        }
        std::printf("\nedit -> re-run + redraw: %d of %d lessons under 16 ms (median); worst "
                    "median %.2f ms\n",
                    under, lessons, worst);
    }
    ImGui::DestroyContext(ctx);
    std::error_code ec;
    std::filesystem::remove_all(data, ec);
    return 0;
}
