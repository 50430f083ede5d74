// Entry point of condlab's desktop app. The `condlab` executable (src/cli) parses its
// command line, fills GuiOptions and calls run_gui(); when it returns kExitNoDisplay it
// falls back to text output. `condlab-gui` (gui_main.cpp) is a thin standalone wrapper.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/theme.h"
#include "app/window_client.h"

namespace condlab::app {

class Shell;

/// Exit codes of run_gui().
inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;      ///< e.g. a file could not be read or written
inline constexpr int kExitUsage = 2;      ///< bad command line (parse_gui_args)
inline constexpr int kExitNoDisplay = 10; ///< no display / no GL context: use text output

struct GuiOptions {
    std::optional<std::filesystem::path> file; ///< a .py file to open (lesson or any program)
    std::optional<std::string> lesson;         ///< lesson id or number ("03", "03_wait_and_notify")
    std::filesystem::path lesson_dir = CONDLAB_SOURCE_DIR "/lessons";
    std::optional<std::filesystem::path> screenshot; ///< render, write this PNG, exit
    /// --step N: the playhead's step as the window shows it (from 1; used once runs exist).
    std::optional<int> step;
    std::optional<int> width, height; ///< window size in pixels (--size WxH)
    std::optional<ThemeKind> theme;   ///< default: from settings (dark)
    float ui_scale = 0.0f;            ///< 0 = from the monitor's content scale
    int screenshot_frames = 4;        ///< frames rendered before the screenshot is taken
    /// Settings file; default $XDG_CONFIG_HOME/condlab/settings.ini. Screenshots never
    /// read or write settings (reproducible images).
    std::optional<std::filesystem::path> settings_path;
    /// The player (attach_player) or a test's driver; none: an empty shell.
    std::shared_ptr<WindowClient> client;
};

/// Opens the window and runs until it is closed (or the screenshot is written).
/// Without a display prints one line "condlab: no display (...)" to stderr and returns
/// kExitNoDisplay.
int run_gui(const GuiOptions& options);

struct ParsedGuiArgs {
    GuiOptions options;
    std::string error; ///< non-empty: usage error (print with gui_usage())
    bool help = false;
};

/// Parses `[FILE.py] [--lesson ID] [--lessons DIR] [--screenshot OUT.png] [--step N]
/// [--size WxH] [--theme dark|light] [--scale S] [--frames N] [--settings PATH]`.
[[nodiscard]] ParsedGuiArgs parse_gui_args(const std::vector<std::string>& args);
[[nodiscard]] std::string gui_usage(const std::string& program);

/// Parses "1280x800" (also 'X'); nullopt unless both are in 64..16384.
[[nodiscard]] std::optional<std::pair<int, int>> parse_size(const std::string& text);

} // namespace condlab::app
