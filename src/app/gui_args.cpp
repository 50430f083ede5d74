// The window's command-line options (gui_args.h), with CLI11.
#include "app/gui_args.h"

#include "lesson/discovery.h"
#include "trace/step_number.h"

#include <CLI/CLI.hpp>

#include <charconv>
#include <filesystem>

namespace condlab::app {

namespace {

std::optional<int> to_int(const std::string& s) {
    int v = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size())
        return std::nullopt;
    return v;
}

std::optional<float> to_float(const std::string& s) {
    float v = 0.0f;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size())
        return std::nullopt;
    return v;
}

// A CLI11 check: "" when `ok`, else the message (CLI11 prefixes the option's name).
std::string unless(bool ok, const std::string& message) { return ok ? std::string() : message; }

constexpr const char* kWindowOnly[] = {"--screenshot", "--step",   "--size",    "--theme",
                                       "--scale",      "--frames", "--settings"};

} // namespace

std::optional<std::pair<int, int>> parse_size(const std::string& text) {
    const size_t x = text.find_first_of("xX");
    if (x == std::string::npos)
        return std::nullopt;
    const auto w = to_int(text.substr(0, x));
    const auto h = to_int(text.substr(x + 1));
    if (!w || !h || *w < 64 || *h < 64 || *w > 16384 || *h > 16384)
        return std::nullopt;
    return std::pair{*w, *h};
}

void add_window_options(CLI::App& cli, GuiOptions& o) {
    if (auto dir = lesson::find_lessons_dir())
        o.lesson_dir = *dir;
    cli.add_option_function<std::string>(
           "FILE",
           [&o](const std::string& v) {
               std::error_code ec;
               if (std::filesystem::exists(v, ec) || v.ends_with(".py") ||
                   v.find('/') != std::string::npos) {
                   o.file = v;
               } else {
                   o.lesson = v; // a lesson's number, name or stem
               }
           },
           "a program, or a lesson's number, name or stem")
        ->type_name("");
    cli.add_option_function<std::string>(
           "--lesson", [&o](const std::string& v) { o.lesson = v; },
           "open this lesson (number, name or stem)")
        ->type_name("ID");
    cli.add_option_function<std::string>(
           "--lessons", [&o](const std::string& v) { o.lesson_dir = v; }, "the lessons directory")
        ->type_name("DIR");
    cli.add_option_function<std::string>(
           "--screenshot", [&o](const std::string& v) { o.screenshot = v; },
           "render, write this PNG and exit")
        ->type_name("OUT.png");
    cli.add_option_function<std::string>(
           "--step", [&o](const std::string& v) { o.step = to_int(v); },
           "put the playhead on step N as the window shows it (from 1)")
        ->type_name("N")
        ->check([](const std::string& v) {
            const auto n = to_int(v);
            return unless(n && step_from_display(*n).has_value(),
                          "needs a step number as the window shows it (1 is the first step), "
                          "got '" +
                              v + "'");
        });
    cli.add_option_function<std::string>(
           "--size",
           [&o](const std::string& v) {
               const auto s = parse_size(v);
               o.width = s->first;
               o.height = s->second;
           },
           "window size in pixels")
        ->type_name("WxH")
        ->check([](const std::string& v) {
            return unless(parse_size(v).has_value(), "needs WxH (64..16384), got '" + v + "'");
        });
    cli.add_option_function<std::string>(
           "--theme", [&o](const std::string& v) { o.theme = parse_theme(v); },
           "colour theme (default: from the settings)")
        ->type_name("dark|light")
        ->check([](const std::string& v) {
            return unless(parse_theme(v).has_value(), "must be dark or light, got '" + v + "'");
        });
    cli.add_option_function<std::string>(
           "--scale", [&o](const std::string& v) { o.ui_scale = *to_float(v); },
           "UI scale (default: the monitor's)")
        ->type_name("S")
        ->check([](const std::string& v) {
            const auto s = to_float(v);
            return unless(s && *s >= 0.5f && *s <= 4.0f,
                          "needs a number in 0.5..4, got '" + v + "'");
        });
    cli.add_option_function<std::string>(
           "--frames", [&o](const std::string& v) { o.screenshot_frames = *to_int(v); },
           "frames rendered before --screenshot is taken (default 4)")
        ->type_name("N")
        ->check([](const std::string& v) {
            const auto n = to_int(v);
            return unless(n && *n >= 1 && *n <= 1000, "needs 1..1000, got '" + v + "'");
        });
    cli.add_option_function<std::string>(
           "--settings", [&o](const std::string& v) { o.settings_path = v; },
           "settings file (default: ~/.config/condlab/settings.ini)")
        ->type_name("PATH");
}

bool has_window_only_options(const CLI::App& cli) {
    for (const char* name : kWindowOnly) {
        const CLI::Option* opt = cli.get_option_no_throw(name);
        if (opt != nullptr && opt->count() > 0)
            return true;
    }
    return false;
}

std::string gui_usage(const std::string& program) {
    CLI::App cli("condlab's window", program);
    GuiOptions unused;
    add_window_options(cli, unused);
    return cli.help();
}

ParsedGuiArgs parse_gui_args(const std::vector<std::string>& args) {
    ParsedGuiArgs r;
    CLI::App cli("condlab's window", "condlab");
    add_window_options(cli, r.options);
    std::vector<std::string> reversed(args.rbegin(), args.rend()); // CLI11 parses from the back
    try {
        cli.parse(reversed);
    } catch (const CLI::CallForHelp&) {
        r.help = true;
    } catch (const CLI::ParseError& e) {
        r.error = e.what();
    }
    return r;
}

} // namespace condlab::app
