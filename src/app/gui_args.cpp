#include "app/gui.h"

#include "trace/step_number.h"

#include <charconv>

namespace condlab::app {

namespace {

std::optional<int> to_int(const std::string& s) {
    int v = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size()) {
        return std::nullopt;
    }
    return v;
}

} // namespace

std::optional<std::pair<int, int>> parse_size(const std::string& text) {
    const size_t x = text.find_first_of("xX");
    if (x == std::string::npos) {
        return std::nullopt;
    }
    const auto w = to_int(text.substr(0, x));
    const auto h = to_int(text.substr(x + 1));
    if (!w || !h || *w < 64 || *h < 64 || *w > 16384 || *h > 16384) {
        return std::nullopt;
    }
    return std::pair{*w, *h};
}

std::string gui_usage(const std::string& program) {
    return "usage: " + program +
           " [FILE.py] [--lesson ID] [--lessons DIR] [--screenshot OUT.png] [--step N]\n"
           "       [--size WxH] [--theme dark|light] [--scale S] [--frames N] [--settings PATH]\n";
}

ParsedGuiArgs parse_gui_args(const std::vector<std::string>& args) {
    ParsedGuiArgs r;
    GuiOptions& o = r.options;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&](std::string& out) {
            if (i + 1 >= args.size()) {
                r.error = a + " needs a value";
                return false;
            }
            out = args[++i];
            return true;
        };
        std::string v;
        if (a == "-h" || a == "--help") {
            r.help = true;
        } else if (a == "--lesson") {
            if (!value(v))
                break;
            o.lesson = v;
        } else if (a == "--lessons") {
            if (!value(v))
                break;
            o.lesson_dir = v;
        } else if (a == "--screenshot") {
            if (!value(v))
                break;
            o.screenshot = v;
        } else if (a == "--step") {
            if (!value(v))
                break;
            const auto n = to_int(v);
            if (!n || !step_from_display(*n)) {
                r.error = "--step needs a step number as the window shows it (1 is the first "
                          "step), got '" +
                          v + "'";
                break;
            }
            o.step = *n;
        } else if (a == "--size") {
            if (!value(v))
                break;
            const auto s = parse_size(v);
            if (!s) {
                r.error = "--size needs WxH (64..16384), got '" + v + "'";
                break;
            }
            o.width = s->first;
            o.height = s->second;
        } else if (a == "--theme") {
            if (!value(v))
                break;
            o.theme = parse_theme(v);
            if (!o.theme) {
                r.error = "--theme must be dark or light, got '" + v + "'";
                break;
            }
        } else if (a == "--scale") {
            if (!value(v))
                break;
            float s = 0.0f;
            const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), s);
            if (ec != std::errc{} || p != v.data() + v.size() || s < 0.5f || s > 4.0f) {
                r.error = "--scale needs a number in 0.5..4, got '" + v + "'";
                break;
            }
            o.ui_scale = s;
        } else if (a == "--frames") {
            if (!value(v))
                break;
            const auto n = to_int(v);
            if (!n || *n < 1 || *n > 1000) {
                r.error = "--frames needs 1..1000, got '" + v + "'";
                break;
            }
            o.screenshot_frames = *n;
        } else if (a == "--settings") {
            if (!value(v))
                break;
            o.settings_path = v;
        } else if (!a.empty() && a[0] == '-') {
            r.error = "unknown option " + a;
            break;
        } else if (!o.file) {
            o.file = a;
        } else {
            r.error = "more than one file given: " + a;
            break;
        }
    }
    return r;
}

} // namespace condlab::app
