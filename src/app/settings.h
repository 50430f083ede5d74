// Persistent user settings (window size, splitters, last lesson, speed, theme, axis and step
// modes, recent files), stored as a
// small INI file in the XDG config directory: $XDG_CONFIG_HOME/condlab/settings.ini or
// ~/.config/condlab/settings.ini. Pure parse/serialize plus file load/save; no ImGui.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/splitter.h"
#include "app/theme.h"

namespace condlab::app {

struct Settings {
    int window_width = 1280;
    int window_height = 800;
    SplitRatios splits;
    std::string last_lesson; ///< lesson id (file stem), e.g. "03_wait_and_notify"
    float speed = 1.0f;      ///< playback speed (steps per second multiplier)
    ThemeKind theme = ThemeKind::Dark;
    std::string completed;            ///< lessons whose goal was reached: ids separated by ','
    std::string axis_mode = "hybrid"; ///< the timeline's axis: "iteration", "time", "hybrid"
    std::string step_mode = "event";  ///< the transport's step: "line" or "event"
    /// Files opened with File → Open or dropped on the window, newest first (at most 8).
    std::vector<std::string> recent_files{};
    std::string export_dir{}; ///< the folder File → Export last wrote to

    bool operator==(const Settings&) const = default;
};

/// Parses INI text. Unknown keys and malformed values are ignored (defaults kept);
/// numeric values are clamped to sane ranges.
[[nodiscard]] Settings parse_settings(std::string_view text);
/// Serializes to INI text that parse_settings() reads back to an equal Settings.
[[nodiscard]] std::string serialize_settings(const Settings& settings);

/// The settings file path from the environment: $XDG_CONFIG_HOME/condlab/settings.ini,
/// else $HOME/.config/condlab/settings.ini; nullopt when neither variable is set.
[[nodiscard]] std::optional<std::filesystem::path> default_settings_path();
/// Same, with explicit environment values (nullptr = unset); for tests.
[[nodiscard]] std::optional<std::filesystem::path> settings_path_from(const char* xdg_config_home,
                                                                      const char* home);

/// What to save at the end of a session: `session` (the window's settings at exit) except
/// what the command line set for this run only (--theme, --size), which keeps the `stored`
/// value unless the user changed it in the window.
[[nodiscard]] Settings settings_to_save(Settings session, const Settings& stored,
                                        std::optional<ThemeKind> theme_arg, bool size_arg);

/// Loads the file; a missing or unreadable file gives the defaults.
[[nodiscard]] Settings load_settings(const std::filesystem::path& path);
/// Writes atomically (temp file + rename), creating the directory. Returns false on error.
bool save_settings(const std::filesystem::path& path, const Settings& settings);

} // namespace condlab::app
