#pragma once
// The window's command-line options, defined once with CLI11: `condlab [FILE] [options]`
// (src/cli registers them on its top level) and `condlab-gui` (parse_gui_args in gui.h).
#include "app/gui.h"

namespace CLI {
class App;
}

namespace condlab::app {

/// Registers the window's options on `cli`, writing into `options`: the positional FILE (a
/// path, or a lesson's number / name when no such file exists: `condlab 13` opens lesson 13
/// like `--lesson 13`), --lesson, --lessons (default: lesson/discovery.h's lessons directory),
/// --screenshot, --step, --size, --theme, --scale, --frames, --settings. `options` must
/// outlive the parse.
void add_window_options(CLI::App& cli, GuiOptions& options);

/// The options that only the window itself can honour (not the text fallback): --screenshot,
/// --step, --size, --theme, --scale, --frames, --settings.
[[nodiscard]] bool has_window_only_options(const CLI::App& cli);

} // namespace condlab::app
