// The `condlab` executable: the command line (cli.h) and, when src/app is built in, the
// window (app/gui.h). Without a display run_gui() says so and the CLI prints the lesson as
// text instead.
#include "cli/cli.h"

#include <iostream>
#include <string>
#include <vector>

#if CONDLAB_HAVE_GUI
#include "app/gui.h"
#include "lesson/discovery.h"
#if __has_include("app/player_gui.h")
#include "app/player_gui.h"
#define CONDLAB_HAVE_PLAYER 1
#endif

namespace {

std::optional<int> open_window(const std::vector<std::string>& args, std::ostream& out,
                               std::ostream& err) {
    namespace app = condlab::app;
    const auto parsed = app::parse_gui_args(args);
    if (parsed.help) {
        out << app::gui_usage("condlab");
        return app::exit_ok;
    }
    if (!parsed.error.empty()) {
        err << "condlab: " << parsed.error << "\n" << app::gui_usage("condlab");
        return condlab::cli::kExitUsage;
    }
    auto options = parsed.options;
    bool explicit_dir = false;
    for (const std::string& a : args)
        explicit_dir = explicit_dir || a == "--lessons";
    if (!explicit_dir) {
        if (auto dir = condlab::lesson::find_lessons_dir())
            options.lesson_dir = *dir;
    }
#if CONDLAB_HAVE_PLAYER
    app::attach_player(options);
#endif
    const int status = app::run_gui(options);
    if (status == app::exit_no_display)
        return std::nullopt;
    return status;
}

} // namespace
#endif

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    condlab::cli::GuiFunction gui;
#if CONDLAB_HAVE_GUI
    gui = open_window;
#endif
    return condlab::cli::run_cli(args, std::cout, std::cerr, gui);
}
