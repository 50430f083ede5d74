// condlab runtime benchmark: the workloads of bench/cpython_workloads.py, natively.
//
// Each workload mirrors the Python definition exactly (same tasks, creation order, loops
// and op count); one benchmark iteration is one whole asyncio.run() of it on a fresh Loop.
// Right after each workload's native runs, the binary starts
// `python3 bench/cpython_workloads.py` for it (CPython 3.11's real asyncio on the
// virtual-clock loop of tools/reference_harness.py). At the end it prints, per workload:
// native ns/op (median of the repetitions), CPython ns/op (median of its repeats), the
// ratio CPython/native, and whether both ran the same schedule (the workload's check value
// and end virtual time agree).
//
// Both sides are timed by the wall clock (as the script does, with perf_counter). On a
// loaded machine that penalises whoever gets less CPU, so the table also has CPU-time
// columns: native CPU ns/op from Google Benchmark, CPython CPU ns/op from the rusage of
// the script's process (one process per workload), minus the CPU time of a run of the
// script that does no workload (interpreter start-up and imports).
//
//   bench_runtime [--quick] [--python-repeat N] [--no-python] [benchmark flags...]
//
// [SECTION] Workloads
// [SECTION] Benchmarks
// [SECTION] Reporter and main
#include "bench_args.h"
#include "runtime/runtime.h"

#include <CLI/CLI.hpp>
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <sys/resource.h>
#include <sys/time.h>

#ifndef CONDLAB_SOURCE_DIR
#define CONDLAB_SOURCE_DIR "."
#endif

using namespace condlab;

namespace {

// [SECTION] Workloads

/// What one run returns: ops (for ns/op) and the check value the Python side prints.
struct WorkResult {
    long ops = 0;
    long check = 0;
};

// (a) condition_ping_pong: one Condition, `turn`, two players created ping then pong.
struct PingPong : RefCounted {
    Ref<Condition> cond;
    int turn = 0;
    long counter = 0;
};

Coro<void> player(Ref<PingPong> st, int me, int other, long rounds) {
    for (long i = 0; i < rounds; ++i) {
        bool acquired = co_await st->cond->acquire(); // async with cond:
        (void)acquired;
        while (st->turn != me) {
            bool woke = co_await st->cond->wait();
            (void)woke;
        }
        st->turn = other;
        ++st->counter;
        st->cond->notify();
        st->cond->release();
    }
}

Coro<WorkResult> condition_ping_pong(Loop& loop, long rounds) {
    Ref<PingPong> st = make_ref<PingPong>();
    st->cond = make_ref<Condition>(loop);
    Ref<GatheringFuture> g =
        gather(loop, awaitables(player(st, 0, 1, rounds), player(st, 1, 0, rounds)));
    std::any r = co_await g;
    co_return WorkResult{rounds, st->counter};
}

// (b) notify_all_fanout: W waiters (index order), K rounds of notify_all with acks.
struct Fanout : RefCounted {
    Ref<Condition> cond;
    long gen = 0;
    long acked = 0;
};

Coro<void> fanout_waiter(Ref<Fanout> st, long waiters, long rounds) {
    long seen = 0;
    for (long i = 0; i < rounds; ++i) {
        bool acquired = co_await st->cond->acquire();
        (void)acquired;
        while (st->gen == seen) {
            bool woke = co_await st->cond->wait();
            (void)woke;
        }
        seen = st->gen;
        ++st->acked;
        if (st->acked == waiters)
            st->cond->notify_all();
        st->cond->release();
    }
}

Coro<WorkResult> notify_all_fanout(Loop& loop, long waiters, long rounds) {
    Ref<Fanout> st = make_ref<Fanout>();
    st->cond = make_ref<Condition>(loop);
    std::vector<Awaitable> tasks;
    tasks.reserve(static_cast<std::size_t>(waiters));
    for (long i = 0; i < waiters; ++i)
        tasks.emplace_back(Future(create_task(loop, fanout_waiter(st, waiters, rounds))));
    co_await sleep(loop, 0);
    for (long i = 0; i < rounds; ++i) {
        bool acquired = co_await st->cond->acquire();
        (void)acquired;
        st->acked = 0;
        ++st->gen;
        st->cond->notify_all();
        while (st->acked < waiters) {
            bool woke = co_await st->cond->wait();
            (void)woke;
        }
        st->cond->release();
    }
    Ref<GatheringFuture> g = gather(loop, std::move(tasks));
    std::any r = co_await g;
    co_return WorkResult{waiters * rounds, st->gen};
}

// (c) lock_handoff: T workers, A acquisitions each, sleep(0) while holding the lock.
struct Handoff : RefCounted {
    Ref<Lock> lock;
    long counter = 0;
};

Coro<void> handoff_worker(Loop& loop, Ref<Handoff> st, long per_task) {
    for (long i = 0; i < per_task; ++i) {
        bool acquired = co_await st->lock->acquire();
        (void)acquired;
        ++st->counter;
        co_await sleep(loop, 0);
        st->lock->release();
    }
}

Coro<WorkResult> lock_handoff(Loop& loop, long tasks_n, long per_task) {
    Ref<Handoff> st = make_ref<Handoff>();
    st->lock = make_ref<Lock>(loop);
    std::vector<Awaitable> workers;
    for (long i = 0; i < tasks_n; ++i)
        workers.push_back(to_awaitable(handoff_worker(loop, st, per_task)));
    Ref<GatheringFuture> g = gather(loop, std::move(workers));
    std::any r = co_await g;
    co_return WorkResult{tasks_n * per_task, st->counter};
}

// (d) equal_deadline_sleeps: S sleepers, K rounds of sleep(i % 10) (0 = bare yield).
struct Woke : RefCounted {
    long woke = 0;
};

Coro<void> sleeper(Loop& loop, Ref<Woke> st, long i, long rounds) {
    const double d = static_cast<double>(i % 10);
    for (long k = 0; k < rounds; ++k) {
        co_await sleep(loop, d);
        ++st->woke;
    }
}

Coro<WorkResult> equal_deadline_sleeps(Loop& loop, long sleepers, long rounds) {
    Ref<Woke> st = make_ref<Woke>();
    std::vector<Awaitable> all;
    for (long i = 0; i < sleepers; ++i)
        all.push_back(to_awaitable(sleeper(loop, st, i, rounds)));
    Ref<GatheringFuture> g = gather(loop, std::move(all));
    std::any r = co_await g;
    co_return WorkResult{sleepers * rounds, st->woke};
}

// (e) wait_for_stress: W waiters on cond.wait_for(gen > seen), K notify_all rounds.
struct Stress : RefCounted {
    Ref<Condition> cond;
    long gen = 0;
    long pred_calls = 0;
};

Coro<void> stress_waiter(Ref<Stress> st, long rounds) {
    long seen = 0;
    while (seen < rounds) {
        bool acquired = co_await st->cond->acquire();
        (void)acquired;
        Stress* s = st.get();
        auto pred = [s, &seen] {
            ++s->pred_calls;
            return s->gen > seen;
        };
        bool ok = co_await st->cond->wait_for(pred);
        (void)ok;
        seen = st->gen;
        st->cond->release();
    }
}

Coro<WorkResult> wait_for_stress(Loop& loop, long waiters, long rounds) {
    Ref<Stress> st = make_ref<Stress>();
    st->cond = make_ref<Condition>(loop);
    std::vector<Awaitable> tasks;
    for (long i = 0; i < waiters; ++i)
        tasks.emplace_back(Future(create_task(loop, stress_waiter(st, rounds))));
    co_await sleep(loop, 0);
    for (long i = 0; i < rounds; ++i) {
        bool acquired = co_await st->cond->acquire();
        (void)acquired;
        ++st->gen;
        st->cond->notify_all();
        st->cond->release();
        co_await sleep(loop, 0);
    }
    Ref<GatheringFuture> g = gather(loop, std::move(tasks));
    std::any r = co_await g;
    co_return WorkResult{waiters * rounds, st->pred_calls};
}

// [SECTION] Benchmarks

struct Workload {
    const char* name;
    long full[2];
    long quick[2];
    Coro<WorkResult> (*make)(Loop&, long, long);
};

Coro<WorkResult> ping_pong_2(Loop& loop, long r, long) { return condition_ping_pong(loop, r); }

const Workload kWorkloads[] = {
    {"condition_ping_pong", {100'000, 0}, {5'000, 0}, ping_pong_2},
    {"notify_all_fanout", {1'000, 100}, {100, 20}, notify_all_fanout},
    {"lock_handoff", {100, 1'000}, {20, 250}, lock_handoff},
    {"equal_deadline_sleeps", {10'000, 5}, {1'000, 3}, equal_deadline_sleeps},
    {"wait_for_stress", {1'000, 100}, {100, 20}, wait_for_stress},
};

bool g_quick = false;

/// One asyncio.run() of the workload; also the end virtual time and iteration count.
struct RunInfo {
    WorkResult result;
    double vtime = 0;
    std::uint64_t iterations = 0;
    bool ok = false;
};

RunInfo run_workload(const Workload& w) {
    const long* a = g_quick ? w.quick : w.full;
    Loop loop;
    RunOutcome out = loop.run(make_backend(w.make(loop, a[0], a[1])));
    RunInfo info;
    info.ok = out.kind == OutcomeKind::Complete;
    if (info.ok)
        info.result = std::any_cast<WorkResult>(out.result);
    info.vtime = out.time;
    info.iterations = out.iterations;
    return info;
}

void bm_workload(benchmark::State& state, const Workload* w) {
    long ops = 0;
    for (auto _ : state) {
        RunInfo info = run_workload(*w);
        if (!info.ok) {
            state.SkipWithError("the workload did not complete");
            break;
        }
        ops = info.result.ops;
        benchmark::DoNotOptimize(info.result.check);
    }
    state.counters["ops"] = static_cast<double>(ops);
    state.SetItemsProcessed(state.iterations() * ops);
}

// [SECTION] Reporter and main

/// Console output as usual, plus the median real time per iteration of each workload.
class CollectingReporter : public benchmark::ConsoleReporter {
  public:
    void ReportRuns(const std::vector<Run>& runs) override {
        ConsoleReporter::ReportRuns(runs);
        for (const Run& run : runs) {
            if (run.error_occurred)
                continue;
            const std::string name = run.run_name.function_name;
            const bool median = run.run_type == Run::RT_Aggregate && run.aggregate_name == "median";
            if (run.run_type == Run::RT_Iteration || median) {
                double ops = 0;
                if (auto it = run.counters.find("ops"); it != run.counters.end())
                    ops = it->second;
                if (ops <= 0)
                    continue;
                const double iters = static_cast<double>(run.iterations);
                double ns = run.real_accumulated_time / iters * 1e9 / ops;
                double cpu_ns = run.cpu_accumulated_time / iters * 1e9 / ops;
                if (median || !m_median.count(name)) {
                    m_ns[name] = ns;
                    m_cpu_ns[name] = cpu_ns;
                }
                if (median)
                    m_median[name] = true;
            }
        }
    }
    /// Median wall-clock ns per op of each workload.
    [[nodiscard]] const std::map<std::string, double>& ns_per_op() const { return m_ns; }
    /// CPU ns per op of the median (wall-clock) repetition.
    [[nodiscard]] const std::map<std::string, double>& cpu_ns_per_op() const { return m_cpu_ns; }

  private:
    std::map<std::string, double> m_ns;
    std::map<std::string, double> m_cpu_ns;
    std::map<std::string, bool> m_median;
};

struct PythonRow {
    double ns_per_op = 0;
    double cpu_ns_per_op = 0; // process CPU time / (ops * repeats)
    long ops = 0;
    std::string check;
    double vtime = -1;
};

/// Minimal field extraction from the script's one-object-per-line JSON.
std::string json_field(const std::string& line, const std::string& key) {
    std::string pat = "\"" + key + "\": ";
    std::size_t p = line.find(pat);
    if (p == std::string::npos)
        return {};
    p += pat.size();
    std::size_t e = line.find_first_of(",}", p);
    std::string v = line.substr(p, e - p);
    if (!v.empty() && v.front() == '"')
        v = v.substr(1, v.size() - 2);
    return v;
}

double children_cpu_seconds() {
    rusage ru{};
    getrusage(RUSAGE_CHILDREN, &ru);
    auto sec = [](const timeval& tv) { return static_cast<double>(tv.tv_sec) + tv.tv_usec * 1e-6; };
    return sec(ru.ru_utime) + sec(ru.ru_stime);
}

/// CPU seconds of the script's start-up (a run with a workload name that matches nothing).
double python_startup_cpu() {
    std::string cmd = std::string("python3 \"") + CONDLAB_SOURCE_DIR +
                      "/bench/cpython_workloads.py\" --only none > /dev/null 2>&1";
    const double cpu0 = children_cpu_seconds();
    if (std::system(cmd.c_str()) != 0)
        return 0.0;
    return children_cpu_seconds() - cpu0;
}

/// Runs the script for one workload (its own process, so its CPU time can be measured).
void run_python_workload(const std::string& name, int repeat, double startup_cpu,
                         std::map<std::string, PythonRow>& rows) {
    std::string cmd = std::string("python3 \"") + CONDLAB_SOURCE_DIR +
                      "/bench/cpython_workloads.py\" --verbose --only " + name + " --repeat " +
                      std::to_string(repeat) + (g_quick ? " --quick" : "") + " 2>&1";
    std::printf("%s\n", cmd.c_str());
    std::fflush(stdout);
    const double cpu0 = children_cpu_seconds();
    FILE* p = popen(cmd.c_str(), "r");
    if (!p)
        return;
    char buf[4096];
    while (std::fgets(buf, sizeof buf, p)) {
        std::string line(buf);
        if (!line.empty() && line.front() == '{') {
            std::string w = json_field(line, "workload");
            rows[w].ns_per_op = std::atof(json_field(line, "ns_per_op").c_str());
            rows[w].ops = std::atol(json_field(line, "ops").c_str());
        } else if (std::size_t c = line.find(": check="); c != std::string::npos) {
            // "<name>: check=<v> virtual_time=<t> iterations=<n> seconds=<s>"
            std::string w = line.substr(0, c);
            std::size_t v0 = c + 8, v1 = line.find(' ', v0);
            rows[w].check = line.substr(v0, v1 - v0);
            std::size_t t0 = line.find("virtual_time=");
            if (t0 != std::string::npos)
                rows[w].vtime = std::atof(line.c_str() + t0 + 13);
        } else {
            std::fputs(buf, stderr);
        }
    }
    int status = pclose(p);
    const double cpu = std::max(0.0, children_cpu_seconds() - cpu0 - startup_cpu);
    if (status != 0)
        std::fprintf(stderr, "cpython_workloads.py exited with status %d\n", status);
    if (auto it = rows.find(name); it != rows.end() && it->second.ops > 0)
        it->second.cpu_ns_per_op = cpu * 1e9 / (static_cast<double>(it->second.ops) * repeat);
}

/// Whether --benchmark_filter selects a workload: "all" or one or more names or parts of
/// names separated by '|'; a leading '-' excludes instead. (Not a full regex: <regex> trips
/// g++ 12's -Wmaybe-uninitialized in the asan preset.)
bool selected_by_filter(const std::string& name) {
    std::string filter = benchmark::GetBenchmarkFilter();
    const bool exclude = !filter.empty() && filter.front() == '-';
    if (exclude)
        filter.erase(0, 1);
    if (filter.empty() || filter == "all" || filter == ".")
        return !exclude;
    bool match = false;
    for (std::size_t from = 0; from <= filter.size();) {
        const std::size_t bar = std::min(filter.find('|', from), filter.size());
        const std::string part = filter.substr(from, bar - from);
        match = match || (!part.empty() && name.find(part) != std::string::npos);
        from = bar + 1;
    }
    return match != exclude;
}

} // namespace

int main(int argc, char** argv) {
    int python_repeat = 3;
    bool no_python = false;
    CLI::App cli("condlab runtime benchmark: native workloads vs CPython 3.11 asyncio "
                 "(Google Benchmark's --benchmark_* options pass through)",
                 "bench_runtime");
    cli.add_flag("--quick", g_quick, "scaled-down sizes");
    cli.add_flag("--no-python", no_python, "skip the CPython runs");
    cli.add_option("--python-repeat", python_repeat, "CPython runs per workload (default 3)")
        ->check(CLI::Range(1, 1000));
    cli.allow_extras(); // --benchmark_filter=... and the other Google Benchmark flags
    if (const auto status = condlab::bench::parse_bench_args(cli, argc, argv))
        return *status;
    const bool run_py = !no_python;
    condlab::bench::PassedArgs passed(cli, argv[0]);

    for (const Workload& w : kWorkloads) {
        benchmark::RegisterBenchmark(w.name, bm_workload, &w)
            ->Unit(benchmark::kMillisecond)
            ->Repetitions(5)
            ->ReportAggregatesOnly(true)
            ->UseRealTime();
    }
    benchmark::Initialize(&passed.count, passed.pointers.data());
    if (benchmark::ReportUnrecognizedArguments(passed.count, passed.pointers.data()))
        return 2; // a usage error, as condlab's
    // Each workload's two sides run back to back (native, then CPython), not all native
    // runs first: on a noisy machine whose speed drifts over minutes, both sides of a ratio
    // then see the same state of it.
    const double startup = run_py ? python_startup_cpu() : 0.0;
    if (run_py)
        std::printf("CPython 3.11 asyncio (real asyncio, virtual clock) runs after each workload;"
                    " its script start-up (%.3f s CPU) is subtracted from its CPU time.\n",
                    startup);
    CollectingReporter reporter;
    std::map<std::string, RunInfo> native; // the native schedule, to compare with CPython's
    std::map<std::string, PythonRow> py;
    for (const Workload& w : kWorkloads) {
        if (!selected_by_filter(w.name))
            continue;
        benchmark::RunSpecifiedBenchmarks(&reporter, std::string("^") + w.name + "(/|$)");
        if (!reporter.ns_per_op().count(w.name))
            continue;
        native[w.name] = run_workload(w);
        if (run_py)
            run_python_workload(w.name, python_repeat, startup, py);
    }
    benchmark::Shutdown();

    std::printf("\n%-22s %7s | %12s %13s %8s | %12s %13s %8s | %s\n", "workload", "ops",
                "native ns/op", "CPython ns/op", "ratio", "native CPU", "CPython CPU", "ratio",
                "same schedule");
    std::printf("%-22s %7s | %12s %13s %8s | %12s %13s %8s |\n", "", "", "(wall)", "(wall)", "",
                "ns/op", "ns/op", "");
    int below_target = 0;
    for (const Workload& w : kWorkloads) {
        auto it = reporter.ns_per_op().find(w.name);
        if (it == reporter.ns_per_op().end())
            continue;
        const RunInfo& nat = native[w.name];
        const double native_cpu = reporter.cpu_ns_per_op().at(w.name);
        std::string ratio = "-", cpy = "-", same = "-", cpu_cpy = "-", cpu_ratio = "-";
        if (auto p = py.find(w.name); p != py.end() && p->second.ns_per_op > 0) {
            double r = p->second.ns_per_op / it->second;
            char b[64];
            std::snprintf(b, sizeof b, "%.1fx", r);
            ratio = b;
            std::snprintf(b, sizeof b, "%.1f", p->second.ns_per_op);
            cpy = b;
            if (r < 50)
                ++below_target;
            if (p->second.cpu_ns_per_op > 0) {
                std::snprintf(b, sizeof b, "%.1f", p->second.cpu_ns_per_op);
                cpu_cpy = b;
                std::snprintf(b, sizeof b, "%.1fx", p->second.cpu_ns_per_op / native_cpu);
                cpu_ratio = b;
            }
            bool ok = p->second.check == std::to_string(nat.result.check) &&
                      std::fabs(p->second.vtime - nat.vtime) < 1e-9 &&
                      p->second.ops == nat.result.ops;
            same = std::string(ok ? "yes" : "NO") + " (check " + std::to_string(nat.result.check) +
                   " vs " + p->second.check + ")";
        }
        std::printf("%-22s %7ld | %12.1f %13s %8s | %12.1f %13s %8s | %s\n", w.name, nat.result.ops,
                    it->second, cpy.c_str(), ratio.c_str(), native_cpu, cpu_cpy.c_str(),
                    cpu_ratio.c_str(), same.c_str());
    }
    if (run_py && below_target)
        std::printf("\n%d workload(s) below the 50x target (wall-clock ratio).\n", below_target);
    return 0;
}
