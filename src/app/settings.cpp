#include "app/settings.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <system_error>
#include <unistd.h>

namespace condlab::app {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

bool parse_float(std::string_view s, float& out) {
    // std::from_chars for float is available in libstdc++ 11+.
    float v = 0.0f;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || ptr != s.data() + s.size() || !std::isfinite(v))
        return false;
    out = v;
    return true;
}

bool parse_int(std::string_view s, int& out) {
    int v = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || ptr != s.data() + s.size())
        return false;
    out = v;
    return true;
}

std::string format_float(float v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4f", static_cast<double>(v));
    return buf;
}

} // namespace

Settings parse_settings(std::string_view text) {
    Settings s;
    std::string section;
    while (!text.empty()) {
        const size_t nl = text.find('\n');
        std::string_view line = trim(text.substr(0, nl));
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        if (line.empty() || line.front() == '#' || line.front() == ';')
            continue;
        if (line.front() == '[' && line.back() == ']') {
            section = std::string(trim(line.substr(1, line.size() - 2)));
            continue;
        }
        const size_t eq = line.find('=');
        if (eq == std::string_view::npos)
            continue;
        const std::string key = section + "." + std::string(trim(line.substr(0, eq)));
        const std::string_view value = trim(line.substr(eq + 1));
        int i = 0;
        float f = 0.0f;
        if (key == "window.width" && parse_int(value, i)) {
            s.window_width = std::clamp(i, 320, 16384);
        } else if (key == "window.height" && parse_int(value, i)) {
            s.window_height = std::clamp(i, 240, 16384);
        } else if (key == "layout.left" && parse_float(value, f)) {
            s.splits.left = f;
        } else if (key == "layout.right" && parse_float(value, f)) {
            s.splits.right = f;
        } else if (key == "layout.left_split" && parse_float(value, f)) {
            s.splits.left_split = f;
        } else if (key == "layout.centre_split" && parse_float(value, f)) {
            s.splits.centre_split = f;
        } else if (key == "layout.right_split_0" && parse_float(value, f)) {
            s.splits.right_splits[0] = f;
        } else if (key == "layout.right_split_1" && parse_float(value, f)) {
            s.splits.right_splits[1] = f;
        } else if (key == "layout.right_split_2" && parse_float(value, f)) {
            s.splits.right_splits[2] = f;
        } else if (key == "session.last_lesson") {
            s.last_lesson = std::string(value);
        } else if (key == "session.speed" && parse_float(value, f)) {
            s.speed = std::clamp(f, 0.05f, 100.0f);
        } else if (key == "session.completed") {
            s.completed = std::string(value);
        } else if (key == "session.axis_mode") {
            if (value == "iteration" || value == "time" || value == "hybrid")
                s.axis_mode = std::string(value);
        } else if (key == "session.step_mode") {
            if (value == "line" || value == "event")
                s.step_mode = std::string(value);
        } else if (key == "recent.file" && !value.empty() && s.recent_files.size() < 8) {
            s.recent_files.emplace_back(value);
        } else if (key == "session.export_dir") {
            s.export_dir = std::string(value);
        } else if (key == "session.theme") {
            if (auto t = parse_theme(value))
                s.theme = *t;
        }
    }
    s.splits = sanitize(s.splits);
    return s;
}

std::string serialize_settings(const Settings& s) {
    std::ostringstream out;
    out << "# condlab settings (written by the app; safe to delete)\n";
    out << "[window]\n";
    out << "width=" << s.window_width << "\n";
    out << "height=" << s.window_height << "\n";
    out << "\n[layout]\n";
    out << "left=" << format_float(s.splits.left) << "\n";
    out << "right=" << format_float(s.splits.right) << "\n";
    out << "left_split=" << format_float(s.splits.left_split) << "\n";
    out << "centre_split=" << format_float(s.splits.centre_split) << "\n";
    for (size_t i = 0; i < 3; ++i)
        out << "right_split_" << i << "=" << format_float(s.splits.right_splits[i]) << "\n";
    out << "\n[session]\n";
    out << "last_lesson=" << s.last_lesson << "\n";
    out << "speed=" << format_float(s.speed) << "\n";
    out << "theme=" << theme_name(s.theme) << "\n";
    out << "axis_mode=" << s.axis_mode << "\n";
    out << "step_mode=" << s.step_mode << "\n";
    if (!s.completed.empty())
        out << "completed=" << s.completed << "\n";
    if (!s.export_dir.empty())
        out << "export_dir=" << s.export_dir << "\n";
    if (!s.recent_files.empty()) {
        out << "\n[recent]\n";
        for (const std::string& f : s.recent_files)
            out << "file=" << f << "\n";
    }
    return out.str();
}

Settings settings_to_save(Settings session, const Settings& stored,
                          std::optional<ThemeKind> theme_arg, bool size_arg) {
    if (theme_arg && session.theme == *theme_arg)
        session.theme = stored.theme;
    if (size_arg) {
        session.window_width = stored.window_width;
        session.window_height = stored.window_height;
    }
    return session;
}

std::optional<std::filesystem::path> settings_path_from(const char* xdg_config_home,
                                                        const char* home) {
    // XDG Base Directory spec: a relative $XDG_CONFIG_HOME is invalid and must be ignored.
    if (xdg_config_home != nullptr && xdg_config_home[0] == '/')
        return std::filesystem::path(xdg_config_home) / "condlab" / "settings.ini";
    if (home != nullptr && home[0] != '\0')
        return std::filesystem::path(home) / ".config" / "condlab" / "settings.ini";
    return std::nullopt;
}

std::optional<std::filesystem::path> default_settings_path() {
    return settings_path_from(std::getenv("XDG_CONFIG_HOME"), std::getenv("HOME"));
}

Settings load_settings(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return {};
    std::ostringstream buf;
    buf << in.rdbuf();
    return parse_settings(buf.str());
}

bool save_settings(const std::filesystem::path& path, const Settings& settings) {
    std::error_code ec;
    if (path.has_parent_path()) {
        std::filesystem::create_directories(path.parent_path(), ec);
        if (ec)
            return false;
    }
    std::filesystem::path tmp = path;
    tmp += ".tmp." + std::to_string(::getpid());
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out)
            return false;
        out << serialize_settings(settings);
        if (!out.flush()) {
            out.close();
            std::filesystem::remove(tmp, ec);
            return false;
        }
    }
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::filesystem::remove(tmp, ec);
        return false;
    }
    return true;
}

} // namespace condlab::app
