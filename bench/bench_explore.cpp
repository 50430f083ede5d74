// bench_explore: schedules per second of the explorer (lesson/explore.h), line tracing off.
//
// 1. random search: for each shipped lesson, `runs` random schedules (--strategy random,
//    --until budget so that no find stops it), schedules per second per lesson and overall
//    (target >= 5 000/s for lesson-sized programs).
// 2. dfs, bound 2, over every shipped lesson: total schedules and seconds (target < 10 s).
// 3. The same made-up schedules (each timer's duration drawn from a small set, seeded) of
//    each lesson replayed by condlab in process and by CPython 3.11's real asyncio in one
//    process (bench/cpython_schedules.py: the reference harness's loop, re-run per
//    schedule); prints the ratio (target: condlab >= 3x faster).
//
// Times are CPU seconds of each side (condlab: this process; CPython: its loop's
// time.process_time()), so that a loaded machine does not decide the figures.
//
//   bench_explore [RUNS]   (random schedules per lesson, default 2000)
#include "bench_args.h"
#include "lesson/explore.h"
#include "trace/keep_freed_memory.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <unistd.h>

namespace {

using namespace condlab::lesson;
namespace fs = std::filesystem;

// Process CPU time (every thread's: the wall-clock watchdog of quiet runs counts): the
// machine this runs on is shared, and wall-clock rates then mostly measure the others.
double cpu_now() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

std::vector<fs::path> shipped_lessons() {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(fs::path(CONDLAB_SOURCE_DIR) / "lessons")) {
        const std::string n = e.path().filename().string();
        if (n[0] >= '0' && n[0] <= '9' && n.ends_with(".py"))
            out.push_back(e.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<Schedule> made_up_schedules(std::size_t n, std::uint64_t seed) {
    static const double kChoices[] = {0.25, 0.5, 1.0, 1.0, 2.0, 3.0};
    std::mt19937_64 rng(seed);
    std::vector<Schedule> out(n);
    for (Schedule& s : out)
        for (TimerNumber t = 1; t <= 24; ++t)
            if (rng() % 2)
                s.durations[t] = kChoices[rng() % std::size(kChoices)];
    return out;
}

/// CPython's seconds for `schedules` of `lesson` (one process), or a negative number.
double cpython_seconds(const fs::path& lesson, const std::vector<Schedule>& schedules) {
    const fs::path file =
        fs::temp_directory_path() / ("bench_explore_" + std::to_string(::getpid()) + ".jsonl");
    {
        std::ofstream out(file);
        for (const Schedule& s : schedules) {
            out << "{";
            const char* sep = "";
            for (const auto& [t, d] : s.durations) {
                out << sep << "\"" << t << "\": " << d;
                sep = ", ";
            }
            out << "}\n";
        }
    }
    const std::string cmd = "/usr/bin/python3 '" CONDLAB_SOURCE_DIR
                            "/bench/cpython_schedules.py' '" +
                            lesson.string() + "' '" + file.string() + "'";
    double secs = -1;
    if (FILE* p = ::popen(cmd.c_str(), "r")) {
        char line[512];
        unsigned long n = 0;
        while (std::fgets(line, sizeof line, p))
            if (std::sscanf(line, "schedules %lu cpu-seconds %lf", &n, &secs) == 2)
                break;
        while (std::fgets(line, sizeof line, p)) {
        }
        ::pclose(p);
    }
    fs::remove(file);
    return secs;
}

} // namespace

int main(int argc, char** argv) {
    condlab::keep_freed_memory_in_process(); // as condlab's own main does
    std::uint64_t runs = 2000;
    CLI::App cli("condlab explorer benchmark: schedules per second over every lesson, and "
                 "CPython replaying the same schedules",
                 "bench_explore");
    cli.add_option("RUNS", runs, "random schedules per lesson (default 2000)")
        ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{100000000}));
    if (const auto status = condlab::bench::parse_bench_args(cli, argc, argv))
        return *status;
    start_interpreter();
    const std::vector<fs::path> lessons = shipped_lessons();
    std::vector<Lesson> loaded;
    for (const fs::path& p : lessons) {
        loaded.push_back(load_lesson(p));
        (void)run(loaded.back(), {}, ExploreOptions::quiet_run_options()); // warm up
    }

    std::printf("bench_explore: random search, %llu schedules per lesson, line tracing off\n",
                static_cast<unsigned long long>(runs));
    std::uint64_t total = 0;
    double total_secs = 0;
    for (const Lesson& l : loaded) {
        ExploreOptions o;
        o.strategy = ExploreStrategy::Random;
        o.runs = runs;
        o.until = ExploreUntil::reaching(Outcome::Budget);
        const double t0 = cpu_now();
        const ExploreResult r = explore(l, {}, o);
        const double secs = cpu_now() - t0;
        total += r.explored;
        total_secs += secs;
        std::printf(
            "  %-36s %6llu schedules %8.0f /s\n", fs::path(l.path).filename().string().c_str(),
            static_cast<unsigned long long>(r.explored), static_cast<double>(r.explored) / secs);
    }
    std::printf("  all lessons: %llu schedules in %.3f CPU s = %.0f schedules/s (target >= 5000)\n",
                static_cast<unsigned long long>(total), total_secs,
                static_cast<double>(total) / total_secs);

    std::uint64_t dfs_total = 0;
    const double t1 = cpu_now();
    for (const Lesson& l : loaded) {
        ExploreOptions o;
        o.until = ExploreUntil::reaching(Outcome::Budget);
        dfs_total += explore(l, {}, o).explored;
    }
    std::printf("dfs, bound 2, every lesson exhaustively: %llu schedules in %.3f CPU s (target "
                "< 10 s)\n",
                static_cast<unsigned long long>(dfs_total), cpu_now() - t1);

    std::printf("made-up schedules, condlab in process vs CPython 3.11 in one process:\n");
    double ours_all = 0, theirs_all = 0;
    for (std::size_t i = 0; i < loaded.size(); ++i) {
        const std::vector<Schedule> schedules = made_up_schedules(200, i + 1);
        const double t2 = cpu_now();
        for (const Schedule& s : schedules)
            (void)run_schedule(loaded[i], s, ExploreOptions::quiet_run_options());
        const double ours = cpu_now() - t2;
        const double theirs = cpython_seconds(lessons[i], schedules);
        ours_all += ours;
        theirs_all += theirs > 0 ? theirs : 0;
        std::printf("  %-36s condlab %7.1f us  CPython %7.1f us  ratio %.1fx\n",
                    lessons[i].filename().string().c_str(), 1e6 * ours / 200.0,
                    1e6 * theirs / 200.0, theirs / ours);
    }
    std::printf("  all lessons: ratio %.1fx (target >= 3x)\n", theirs_all / ours_all);
    return 0;
}
