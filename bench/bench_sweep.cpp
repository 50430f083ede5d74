// bench_sweep: a 100 x 100 outcome map of the lost-wake-up lesson (lessons/04_lost_wakeup.py)
// over PRODUCER_DELAY x CONSUMER_DELAY (0..5 each), line tracing off, trace recorded and
// analysed per cell (outcome + metrics), as the outcome map view computes it. Prints runs per
// second and total seconds; the target is < 10 s on a 2-core machine.
//
//   bench_sweep [N]   (N x N grid, default 100)
#include "lesson/sweep.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

int main(int argc, char** argv) {
    using namespace condlab::lesson;
    int n = argc > 1 ? std::atoi(argv[1]) : 100;
    if (n < 1)
        n = 100;
    Lesson l = load_lesson(std::string(CONDLAB_SOURCE_DIR) + "/lessons/04_lost_wakeup.py");
    SweepSpec spec;
    std::string nn = std::to_string(n);
    spec.x = parse_sweep_axis("PRODUCER_DELAY=0:5:" + nn, &l);
    spec.y = parse_sweep_axis("CONSUMER_DELAY=0:5:" + nn, &l);

    // Warm up the interpreter (first run imports modules).
    (void)run(l, spec.cell_overrides(0, 0), sweep_run_options());

    SweepCache cache;
    auto t0 = std::chrono::steady_clock::now();
    SweepResult r = run_sweep(l, spec, sweep_run_options(), &cache);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    std::size_t counts[6] = {};
    for (const SweepCell& c : r.cells)
        ++counts[static_cast<int>(c.outcome)];
    std::printf("bench_sweep: %d x %d map of lessons/04_lost_wakeup.py (PRODUCER_DELAY x "
                "CONSUMER_DELAY, 0..5), line tracing off\n",
                n, n);
    std::printf("  runs           %zu\n", r.runs);
    std::printf("  total seconds  %.3f  (target < 10 s for 100 x 100)\n", secs);
    std::printf("  runs / second  %.0f\n", static_cast<double>(r.runs) / secs);
    std::printf("  per run        %.3f ms\n", 1000.0 * secs / static_cast<double>(r.runs));
    std::printf("  outcomes       complete %zu, deadlock %zu, other %zu\n", counts[0], counts[3],
                r.cells.size() - counts[0] - counts[3]);

    // The cached recompute (what the map view does when nothing changed).
    auto t1 = std::chrono::steady_clock::now();
    SweepResult again = run_sweep(l, spec, sweep_run_options(), &cache);
    double csecs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
    std::printf("  cached recompute %.3f s (%zu runs)\n", csecs, again.runs);
    return secs < 10.0 || n != 100 ? 0 : 1;
}
