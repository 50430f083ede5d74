// condlab-gui: standalone wrapper around run_gui() (the final `condlab` executable in
// src/cli calls run_gui() itself and falls back to text output without a display).
#include <cstdio>
#include <string>
#include <vector>

#include "app/gui.h"
#include "app/player_gui.h"
#include "trace/keep_freed_memory.h"

int main(int argc, char** argv) {
    condlab::keep_freed_memory_in_process(); // each run's trace reuses the last one's pages
    const std::vector<std::string> args(argv + 1, argv + argc);
    const auto parsed = condlab::app::parse_gui_args(args);
    if (parsed.help) {
        std::fputs(condlab::app::gui_usage("condlab-gui").c_str(), stdout);
        return condlab::app::kExitOk;
    }
    if (!parsed.error.empty()) {
        std::fprintf(stderr, "condlab-gui: %s\n%s", parsed.error.c_str(),
                     condlab::app::gui_usage("condlab-gui").c_str());
        return condlab::app::kExitUsage;
    }
    auto options = parsed.options;
    condlab::app::attach_player(options);
    return condlab::app::run_gui(options);
}
