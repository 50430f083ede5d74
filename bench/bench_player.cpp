// condlab lesson player benchmark (headless: an ImGui context, no window, no GPU).
//
// For every shipped lesson: the re-run after a parameter change (lesson::run + the
// player's index) plus one full redraw of the app (shell + every player panel + the
// timeline), median and max over F changes. And the first frame: from creating the ImGui
// context to the end of the first drawn frame with the default lesson opened and run.
// Targets (issue 5, item 8): re-run + redraw < 16 ms for every lesson; first frame < 500 ms.
// With a display ($DISPLAY, e.g. under xvfb-run) it also starts the real condlab R times and
// reports the median of "first frame N ms after start" (CONDLAB_STARTUP_REPORT: from exec to
// the first frame drawn in the window, with the first lesson opened and run), and the median
// time from exec of each start-up phase it printed (where the time goes).
//
//   bench_player [--changes F] [--starts R]
#include <imgui.h>

#include "app/fonts.h"
#include "app/player_gui.h"
#include "app/shell.h"
#include "app/theme.h"
#include "bench_args.h"
#include "bench_timing.h"
#include "headless_imgui.h"
#include "lesson/discovery.h"
#include "trace/keep_freed_memory.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#ifndef CONDLAB_EXE
#define CONDLAB_EXE "condlab"
#endif

using namespace condlab;
using namespace condlab::app;

namespace {

using condlab::bench::Clock;
using condlab::bench::median;
using condlab::bench::ms_since;

struct Headless {
    Headless() {
        ctx = create_headless_imgui({1280.0f, 800.0f}, fonts);
        shell = std::make_unique<Shell>(CONDLAB_SOURCE_DIR "/lessons", Settings{});
        install_player(*shell, gui);
    }
    ~Headless() {
        shell.reset();
        ImGui::DestroyContext(ctx);
    }
    void frame() {
        player_frame(*shell, gui, 0.0);
        ImGui::NewFrame();
        shell->draw(fonts);
        ImGui::Render();
    }
    ImGuiContext* ctx = nullptr;
    Fonts fonts;
    PlayerGui gui;
    std::unique_ptr<Shell> shell;
};

/// Two values of a parameter to alternate between.
std::pair<std::string, std::string> two_values(const lesson::Param& p) {
    const lesson::ParamSpec& s = *p.spec;
    switch (s.kind) {
    case lesson::ParamSpec::Kind::Bool:
        return {"True", "False"};
    case lesson::ParamSpec::Kind::Choice:
        return {s.choices.front().repr(), s.choices.back().repr()};
    case lesson::ParamSpec::Kind::Int:
        return {std::to_string(static_cast<long long>(s.lo)),
                std::to_string(static_cast<long long>(s.hi))};
    case lesson::ParamSpec::Kind::Float:
        return {lesson::python_float_repr(s.lo), lesson::python_float_repr(s.hi)};
    }
    return {p.text, p.text};
}

/// The real window's first frame with the first run shown, from exec (one per start; empty
/// without a display). `early`: the first frame drawn at all (the run still in progress on
/// the worker thread), when the window drew one.
/// Each start-up phase ("glfw initialised", "window created", ...) with its times from exec,
/// in the order the first start printed them.
using Phases = std::vector<std::pair<std::string, std::vector<double>>>;

std::vector<double> window_first_frames(int starts, std::vector<double>* early = nullptr,
                                        Phases* phases = nullptr) {
    std::vector<double> out;
    const char* display = std::getenv("DISPLAY");
    if (display == nullptr || *display == '\0')
        return out;
    const std::string cmd = "CONDLAB_STARTUP_REPORT=1 \"" CONDLAB_EXE
                            "\" --screenshot /tmp/condlab_bench_first_frame.png --frames 1 2>&1";
    for (int i = 0; i < starts; ++i) {
        FILE* p = popen(cmd.c_str(), "r");
        if (p == nullptr)
            break;
        char line[512];
        while (std::fgets(line, sizeof line, p) != nullptr) {
            double ms = 0;
            static constexpr std::string_view kPhase = "condlab: startup: ";
            const std::string_view text(line);
            const std::size_t at = text.rfind(" at ");
            if (phases != nullptr && text.substr(0, kPhase.size()) == kPhase &&
                at != std::string_view::npos && std::sscanf(line + at, " at %lf ms", &ms) == 1) {
                // "condlab: startup: PHASE at N ms"
                const std::string name(text.substr(kPhase.size(), at - kPhase.size()));
                auto it = std::find_if(phases->begin(), phases->end(),
                                       [&](const auto& e) { return e.first == name; });
                if (it == phases->end())
                    it = phases->insert(phases->end(), {name, {}});
                it->second.push_back(ms);
            } else if (std::sscanf(line, "condlab: first frame %lf ms after start", &ms) == 1) {
                out.push_back(ms);
            } else if (early != nullptr &&
                       std::sscanf(line, "condlab: first frame (run in progress) %lf ms", &ms) ==
                           1) {
                early->push_back(ms);
            }
        }
        pclose(p);
    }
    return out;
}

/// The real window's frame times while a long run (tests/app/long_run.py, about 96 k steps)
/// goes on in the worker thread, frame to frame (empty without a display).
std::vector<double> frames_during_long_run() {
    std::vector<double> out;
    const char* display = std::getenv("DISPLAY");
    if (display == nullptr || *display == '\0')
        return out;
    const std::string cmd = "CONDLAB_STARTUP_REPORT=1 \"" CONDLAB_EXE "\" \"" CONDLAB_SOURCE_DIR
                            "/tests/app/long_run.py\" --screenshot "
                            "/tmp/condlab_bench_long_run.png --frames 1 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    if (p == nullptr)
        return out;
    char line[512];
    while (std::fgets(line, sizeof line, p) != nullptr) {
        double ms = 0;
        if (std::sscanf(line, "condlab: frame during a run %lf ms", &ms) == 1)
            out.push_back(ms);
    }
    pclose(p);
    return out;
}

} // namespace

int main(int argc, char** argv) {
    condlab::keep_freed_memory_in_process(); // as condlab's own main does
    int changes = 21;
    int starts = 7;
    CLI::App cli("condlab player benchmark: the first frame, frames during a long run, and "
                 "re-run + redraw after a parameter change",
                 "bench_player");
    cli.add_option("--changes", changes, "parameter changes per lesson (default 21)")
        ->check(CLI::Range(1, 100000));
    cli.add_option("--starts", starts, "window starts for the first frame (default 7)")
        ->check(CLI::Range(1, 1000));
    if (const auto status = condlab::bench::parse_bench_args(cli, argc, argv))
        return *status;
    // First frame.
    double first_frame_ms = 0;
    {
        const auto t0 = Clock::now();
        Headless h;
        h.shell->open_default();
        h.frame();
        first_frame_ms = ms_since(t0);
    }
    std::printf("first frame, headless (context + fonts + open + run + draw): %.1f ms\n",
                first_frame_ms);
    std::vector<double> early;
    Phases phases;
    const std::vector<double> window = window_first_frames(starts, &early, &phases);
    if (window.empty()) {
        std::printf("first frame in a window: no display (run under xvfb-run for this figure)\n\n");
    } else {
        std::printf("first frame in a window, from exec: median %.0f ms of %zu starts, min %.0f, "
                    "max %.0f (target < 500)\n\n",
                    median(window), window.size(), *std::min_element(window.begin(), window.end()),
                    *std::max_element(window.begin(), window.end()));
        if (!early.empty()) {
            std::printf("(first frame drawn at all, the run still in progress on the worker: "
                        "median %.0f ms of %zu)\n\n",
                        median(early), early.size());
        }
        // Where the time goes: each phase's median time from exec (docs/window.md, Start-up).
        std::printf("start-up phases, median ms after exec:\n");
        for (const auto& [name, times] : phases)
            std::printf("  %-36s %6.0f\n", name.c_str(), median(times));
        std::printf("\n");
    }

    if (std::vector<double> frames = frames_during_long_run(); !frames.empty()) {
        std::sort(frames.begin(), frames.end());
        std::printf("frames while a 96 k-step run goes on: %zu, median %.1f ms, 95th percentile "
                    "%.1f ms, max %.1f ms (target: each < 50 ms)\n\n",
                    frames.size(), median(frames), frames[frames.size() * 95 / 100], frames.back());
    }

    std::printf("%-34s %6s %7s %9s %9s %9s %9s\n", "lesson", "steps", "param", "run med",
                "run+draw", "max", "draw med");
    Headless h;
    double worst = 0;
    const auto dir = lesson::find_lessons_dir();
    for (const auto& path : lesson::lesson_files(dir ? *dir : CONDLAB_SOURCE_DIR "/lessons")) {
        if (!h.shell->open_file(path))
            continue;
        h.frame();
        Player& p = h.gui.player;
        const lesson::Param* param = nullptr;
        for (const lesson::Param& q : p.lesson()->params) {
            if (q.spec) {
                param = &q;
                break;
            }
        }
        std::vector<double> total, run, draw;
        const auto values = param ? two_values(*param) : std::pair<std::string, std::string>{};
        for (int i = 0; i < changes; ++i) {
            p.last();
            const auto t0 = Clock::now();
            if (param != nullptr)
                p.set_param(param->name, i % 2 == 0 ? values.second : values.first);
            else
                p.rerun();
            const double r = ms_since(t0);
            const auto t1 = Clock::now();
            h.frame();
            const double d = ms_since(t1);
            run.push_back(r);
            draw.push_back(d);
            total.push_back(r + d);
        }
        auto median = [](std::vector<double> v) {
            std::sort(v.begin(), v.end());
            return v[v.size() / 2];
        };
        const double mx = *std::max_element(total.begin(), total.end());
        worst = std::max(worst, median(total));
        std::printf("%-34s %6zu %7s %7.2fms %7.2fms %7.2fms %7.2fms\n",
                    path.filename().string().c_str(), p.step_count(),
                    param ? param->name.substr(0, 7).c_str() : "-", median(run), median(total), mx,
                    median(draw));
    }
    std::printf("\nworst lesson median re-run + redraw: %.2f ms (target < 16)\n", worst);
    return 0;
}
