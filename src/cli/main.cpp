// The `condlab` executable: the command line (cli.h) and the window (app/gui.h). Without a
// display run_gui() says so and the CLI prints the lesson as text instead.
#include "app/gui.h"
#include "app/player_gui.h"
#include "cli/cli.h"
#include "trace/keep_freed_memory.h"

#include <iostream>
#include <string>
#include <vector>

namespace {

std::optional<int> open_window(const condlab::app::GuiOptions& given, std::ostream&,
                               std::ostream&) {
    namespace app = condlab::app;
    app::GuiOptions options = given;
    app::attach_player(options);
    const int status = app::run_gui(options);
    if (status == app::kExitNoDisplay)
        return std::nullopt;
    return status;
}

} // namespace

int main(int argc, char** argv) {
    // A process-wide allocator setting, so the program decides it, not a library: each run's
    // trace reuses the pages of the last one.
    condlab::keep_freed_memory_in_process();
    const std::vector<std::string> args(argv + 1, argv + argc);
    return condlab::cli::run_cli(args, std::cout, std::cerr, open_window,
                                 /*process_ends_after=*/true);
}
