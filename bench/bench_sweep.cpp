// bench_sweep: a 100 x 100 outcome map of the lost-wake-up lesson (lessons/05_lost_wakeup.py)
// over PRODUCER_DELAY x CONSUMER_DELAY (0..5 each), line tracing off, trace recorded and
// analysed per cell (outcome + metrics), as the outcome map view computes it. Prints runs per
// second and total seconds; the target is < 10 s on a 2-core machine.
//
// Then a fix goal (lesson/fix_goal_check.h) decided over a 20 x 20 grid: lesson 05's
// `# goal: fix complete over PRODUCER_DELAY, CONSUMER_DELAY` with both `# param:` grids widened
// to 0..9.5 step 0.5 (20 values each), for the shipped program (fails), its reference fix
// (passes every cell: all 400 run) and the fix under a metric condition (a trace and its
// analysis per cell). The target is < 2 s each.
//
//   bench_sweep [N]   (N x N grid, default 100)
#include "bench_args.h"
#include "lesson/fix_goal_check.h"
#include "lesson/sweep.h"
#include "trace/keep_freed_memory.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

using namespace condlab::lesson;

// lesson 05 (or its fix) with both delays on a 20-value grid.
Lesson widened(const std::string& path) {
    std::string text = read_source_file(path);
    for (std::size_t at = text.find("0..5 step 0.5"); at != std::string::npos;
         at = text.find("0..5 step 0.5", at))
        text.replace(at, 13, "0..9.5 step 0.5");
    return parse_lesson_source(text, path);
}

// Decides `goal` for `program` over the shipped lesson's grid; returns the seconds.
double decide(const char* what, const Lesson& program, const Lesson& shipped, const FixGoal& goal) {
    const FixGoalResult r = check_fix_goal(program, shipped, goal);
    std::printf("  %-34s %zu cells, %zu fail, %.3f s  (target < 2 s)\n", what, r.cells.size(),
                r.failed, r.seconds);
    return r.seconds;
}

int bench_fix_goal() {
    const std::string dir = std::string(CONDLAB_SOURCE_DIR) + "/lessons/";
    const Lesson shipped = widened(dir + "05_lost_wakeup.py");
    const Lesson fix = widened(dir + "fixes/lost_wakeup.py");
    if (shipped.fix_goals.empty() || !shipped.errors.empty()) {
        std::printf("bench_sweep: lesson 05 has no fix goal\n");
        return 1;
    }
    FixGoal goal = shipped.fix_goals[0];
    FixGoal metric = parse_fix_goal("fix complete and lost_notifies == 0 over PRODUCER_DELAY, "
                                    "CONSUMER_DELAY | with metrics");
    std::printf("bench_sweep: a fix goal over a 20 x 20 grid (lessons/05_lost_wakeup.py, "
                "PRODUCER_DELAY x CONSUMER_DELAY 0..9.5 step 0.5)\n");
    double worst = decide("shipped program, complete", shipped, shipped, goal);
    worst = std::max(worst, decide("reference fix, complete", fix, shipped, goal));
    worst = std::max(worst, decide("reference fix, + lost_notifies == 0", fix, shipped, metric));
    return worst < 2.0 ? 0 : 1;
}

} // namespace

int main(int argc, char** argv) {
    condlab::keep_freed_memory_in_process(); // as condlab's own main does
    using namespace condlab::lesson;
    int n = 100;
    CLI::App cli("condlab sweep benchmark: an N x N outcome map of the lost-wake-up lesson",
                 "bench_sweep");
    cli.add_option("N", n, "values per axis (default 100)")->check(CLI::Range(2, 10000));
    if (const auto status = condlab::bench::parse_bench_args(cli, argc, argv))
        return *status;
    Lesson l = load_lesson(std::string(CONDLAB_SOURCE_DIR) + "/lessons/05_lost_wakeup.py");
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
    std::printf("bench_sweep: %d x %d map of lessons/05_lost_wakeup.py (PRODUCER_DELAY x "
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
    const int fix_status = bench_fix_goal();
    return (secs < 10.0 || n != 100 ? 0 : 1) | fix_status;
}
