// condlab timeline benchmark (headless: an ImGui context, no window, no GPU).
//
// Records a condition ping-pong with >= 1 M events (tests/app/timeline_test_support.h),
// then draws the timeline view for many frames in several situations and prints, per
// situation, the median and p95 thread CPU time of one frame (NewFrame .. Render, i.e. input,
// layout, level of detail and ImDrawList building) and the draw vertices / rects.
// Target (issue 5, item 8): median < 8 ms with vertices bounded by the viewport.
//
//   bench_timeline [--events N] [--frames F]
#include <imgui.h>

#include "app/fonts.h"
#include "app/theme.h"
#include "app/timeline_view.h"
#include "bench_args.h"
#include "bench_timing.h"
#include "headless_imgui.h"
#include "timeline_test_support.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <vector>

using namespace condlab;
using namespace condlab::app;

namespace {

using condlab::bench::Clock;
using condlab::bench::ms_since;

/// CPU time of this thread in ms (the machine may be loaded: wall time would count
/// the time other processes ran).
double thread_cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) * 1e-6;
}

struct Bench {
    const Trace* trace = nullptr;
    TimelineState state;
    StepId playhead = 0;

    int frame() {
        ImGui::NewFrame();
        ImGui::SetNextWindowPos({0.0f, 0.0f});
        ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
        ImGui::Begin("timeline", nullptr, ImGuiWindowFlags_NoDecoration);
        TimelineContext ctx;
        ctx.trace = trace;
        ctx.playhead = playhead;
        ctx.palette = &palette(ThemeKind::Dark);
        ctx.state = &state;
        draw_timeline(ctx);
        ImGui::End();
        ImGui::Render();
        return ImGui::GetDrawData()->TotalVtxCount;
    }

    /// `setup(i)` runs before frame i (moves the view / mouse).
    void run(const char* name, int frames, const std::function<void(int)>& setup) {
        std::vector<double> times;
        int max_vtx = 0;
        std::size_t max_rects = 0;
        for (int i = 0; i < frames; ++i) {
            setup(i);
            const double c0 = thread_cpu_ms();
            const int vtx = frame();
            times.push_back(thread_cpu_ms() - c0);
            max_vtx = std::max(max_vtx, vtx);
            max_rects = std::max(max_rects, state.drawn_rects);
        }
        std::sort(times.begin(), times.end());
        const double median = times[times.size() / 2];
        const double p95 = times[std::min(times.size() - 1, times.size() * 95 / 100)];
        std::printf("%-34s median %6.3f ms  p95 %6.3f ms  vertices <= %6d  rects <= %5zu  %s\n",
                    name, median, p95, max_vtx, max_rects,
                    median < 8.0 ? "(< 8 ms: ok)" : "(SLOW)");
    }
};

} // namespace

int main(int argc, char** argv) {
    std::size_t events = 1'000'000;
    int frames = 120;
    CLI::App cli("condlab timeline benchmark: headless frame CPU time and vertices with a large "
                 "trace",
                 "bench_timeline");
    cli.add_option("--events", events, "events in the trace (default 1000000)")
        ->check(CLI::Range(std::size_t{1000}, std::size_t{100000000}));
    cli.add_option("--frames", frames, "frames per axis mode (default 120)")
        ->check(CLI::Range(1, 100000));
    if (const auto status = condlab::bench::parse_bench_args(cli, argc, argv))
        return *status;
    auto t0 = Clock::now();
    const std::shared_ptr<const Trace> trace = timeline_testing::ping_pong_events(events);
    const double record_ms = ms_since(t0);
    std::printf("trace: %zu events, %zu steps, %zu tasks, %zu links (recorded in %.0f ms)\n",
                trace->events().size(), trace->step_count(), trace->tasks().size(),
                trace->links().size(), record_ms);

    Fonts fonts;
    ImGuiContext* ctx = create_headless_imgui({1600.0f, 500.0f}, fonts);
    ImGuiIO& io = ImGui::GetIO();

    Bench b;
    b.trace = trace.get();
    b.playhead = static_cast<StepId>(trace->step_count() / 2);
    t0 = Clock::now();
    const int first_vtx = b.frame();
    std::printf("first frame (axis + layout build):  %.1f ms, %d vertices\n", ms_since(t0),
                first_vtx);
    const auto hover = [&](int i) {
        io.MousePos = {b.state.lanes_x + 100.0f + static_cast<float>(i % 700),
                       b.state.lanes_y + b.state.layout.lanes[1].y + 5.0f};
    };
    for (AxisMode mode : {AxisMode::Hybrid, AxisMode::Iteration, AxisMode::Time}) {
        b.state.mode = mode;
        b.state.needs_fit = true;
        b.frame(); // rebuild the axis
        char name[64];
        std::snprintf(name, sizeof name, "%s: full zoom-out, no hover", axis_mode_name(mode));
        b.run(name, frames, [&](int) { io.MousePos = {-1.0f, -1.0f}; });
        std::snprintf(name, sizeof name, "%s: full zoom-out, hovering", axis_mode_name(mode));
        b.run(name, frames, hover);
        std::snprintf(name, sizeof name, "%s: zooming in (wheel)", axis_mode_name(mode));
        b.run(name, frames, [&](int i) {
            hover(i);
            io.MouseWheel = i % 60 == 59 ? -59.0f * 0.25f : 0.25f;
        });
        io.MouseWheel = 0.0f;
        b.state.needs_fit = true;
        b.frame();
        b.state.view.zoom_at(800.0, 2000.0);
        std::snprintf(name, sizeof name, "%s: deep zoom, panning", axis_mode_name(mode));
        b.run(name, frames, [&](int i) {
            hover(i);
            b.state.view.pan(7.0);
        });
    }
    ImGui::DestroyContext(ctx);
    return 0;
}
