// condlab trace benchmark: record and analyse a run of over 1 M trace events.
//
// Workload: condition ping-pong (two tasks, one Condition, `while turn != me: wait()`,
// notify()), sized so the recorded trace holds >= 1 M events. Benchmarks:
//   BM_Run/plain       the run without an observer (baseline)
//   BM_Run/recorded    the same run with a Recorder attached + Recorder::finish()
//   BM_Analyze         analyze() (outcome, diagnostics, metrics) of that trace
// Then a summary: ns per event for recording (total and over the baseline), analysis
// ns per event, bytes per event (Trace::memory_bytes(): capacity x element size of every
// array + the string pool), and the recorded / plain ratio.
//
//   bench_trace [--events N] [benchmark flags...]
#include "bench_args.h"
#include "runtime/condition.h"
#include "runtime/coro.h"
#include "runtime/loop.h"
#include "runtime/task.h"
#include "trace/analysis.h"
#include "trace/keep_freed_memory.h"
#include "trace/recorder.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

using namespace condlab;

namespace {

struct PingPong : RefCounted {
    Ref<Condition> cond;
    int turn = 0;
};

Coro<void> player(Ref<PingPong> st, int me, long rounds) {
    for (long i = 0; i < rounds; ++i) {
        bool acquired = co_await st->cond->acquire();
        (void)acquired;
        while (st->turn != me) {
            bool woke = co_await st->cond->wait();
            (void)woke;
        }
        st->turn = 1 - me;
        st->cond->notify();
        st->cond->release();
    }
}

Coro<void> ping_pong(Loop& loop, long rounds) {
    Ref<PingPong> st = make_ref<PingPong>();
    st->cond = make_ref<Condition>(loop);
    loop.set_label(st->cond->id(), "cond");
    Task a = create_task(loop, player(st, 0, rounds), "ping");
    Task b = create_task(loop, player(st, 1, rounds), "pong");
    std::any ra = co_await a;
    std::any rb = co_await b;
}

/// One run; with a recorder when `trace` is given.
void run_once(long rounds, std::shared_ptr<const Trace>* trace) {
    Loop loop;
    if (!trace) {
        RunOutcome out = loop.run(make_backend(ping_pong(loop, rounds)));
        benchmark::DoNotOptimize(out.iterations);
        return;
    }
    Recorder rec;
    loop.set_observer(&rec);
    RunOutcome out = loop.run(make_backend(ping_pong(loop, rounds)));
    loop.set_observer(nullptr);
    *trace = rec.finish_shared(out);
}

long g_rounds = 0;
std::size_t g_events = 0;
std::shared_ptr<const Trace> g_trace;

void BM_Run_plain(benchmark::State& state) {
    for (auto _ : state)
        run_once(g_rounds, nullptr);
    state.counters["events"] = static_cast<double>(g_events);
    state.counters["ns/event"] = benchmark::Counter(static_cast<double>(g_events),
                                                    benchmark::Counter::kIsIterationInvariantRate |
                                                        benchmark::Counter::kInvert);
}

void BM_Run_recorded(benchmark::State& state) {
    std::shared_ptr<const Trace> t;
    for (auto _ : state) {
        run_once(g_rounds, &t);
        state.PauseTiming();
        t.reset(); // freeing the trace is not part of recording
        state.ResumeTiming();
    }
    state.counters["events"] = static_cast<double>(g_events);
    state.counters["ns/event"] = benchmark::Counter(static_cast<double>(g_events),
                                                    benchmark::Counter::kIsIterationInvariantRate |
                                                        benchmark::Counter::kInvert);
}

void BM_Analyze(benchmark::State& state) {
    for (auto _ : state) {
        Analysis a = analyze(*g_trace);
        benchmark::DoNotOptimize(a.metrics.wakeups);
    }
    state.counters["ns/event"] = benchmark::Counter(static_cast<double>(g_events),
                                                    benchmark::Counter::kIsIterationInvariantRate |
                                                        benchmark::Counter::kInvert);
}

double thread_cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

/// Median thread CPU time of 5 runs (CPU time: the machine may be shared / loaded).
double seconds_of(void (*fn)()) {
    std::vector<double> runs;
    for (int i = 0; i < 5; ++i) {
        const double t0 = thread_cpu_seconds();
        fn();
        runs.push_back(thread_cpu_seconds() - t0);
    }
    std::sort(runs.begin(), runs.end());
    return runs[runs.size() / 2];
}

} // namespace

int main(int argc, char** argv) {
    condlab::keep_freed_memory_in_process(); // as condlab's own main does
    std::size_t target = 1'000'000;
    CLI::App cli("condlab trace benchmark: record + analyse a large run (Google Benchmark's "
                 "--benchmark_* options pass through)",
                 "bench_trace");
    cli.add_option("--events", target, "events to record (default 1000000)")
        ->check(CLI::Range(std::size_t{1000}, std::size_t{1000000000}));
    cli.allow_extras(); // --benchmark_filter=... and the other Google Benchmark flags
    if (const auto status = condlab::bench::parse_bench_args(cli, argc, argv))
        return *status;
    condlab::bench::PassedArgs passed(cli, argv[0]);
    benchmark::Initialize(&passed.count, passed.pointers.data());
    if (benchmark::ReportUnrecognizedArguments(passed.count, passed.pointers.data()))
        return 2; // a usage error, as condlab's

    // Calibrate: events per round, then size the run to reach the target.
    std::shared_ptr<const Trace> probe;
    run_once(1000, &probe);
    const double per_round = static_cast<double>(probe->events().size()) / 1000.0;
    g_rounds = static_cast<long>(static_cast<double>(target) / per_round) + 1;
    run_once(g_rounds, &g_trace);
    g_events = g_trace->events().size();

    benchmark::RegisterBenchmark("BM_Run/plain", BM_Run_plain)->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("BM_Run/recorded", BM_Run_recorded)->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("BM_Analyze", BM_Analyze)->Unit(benchmark::kMillisecond);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();

    // Summary (median thread CPU time of 5 runs, timed here so the ratios come from one
    // process).
    const double plain = seconds_of([] { run_once(g_rounds, nullptr); });
    const double recorded = seconds_of([] {
        std::shared_ptr<const Trace> t;
        run_once(g_rounds, &t);
    });
    const double analysis = seconds_of([] {
        Analysis a = analyze(*g_trace);
        benchmark::DoNotOptimize(a.metrics.wakeups);
    });
    const double ev = static_cast<double>(g_events);
    const Trace& t = *g_trace;
    std::printf(
        "\ntrace benchmark: condition ping-pong, %ld rounds (thread CPU time, median of 5)\n",
        g_rounds);
    std::printf("  events %zu, steps %zu, spans %zu, object changes %zu, links %zu\n", g_events,
                t.step_count(), t.data().spans.size(), t.data().changes.size(),
                t.data().links.size());
    std::printf("  run, no recorder     %8.1f ms  %6.1f ns/event\n", plain * 1e3, plain * 1e9 / ev);
    std::printf("  run + record + finish%8.1f ms  %6.1f ns/event  (x%.2f the plain run; "
                "recording adds %.1f ns/event)\n",
                recorded * 1e3, recorded * 1e9 / ev, recorded / plain,
                (recorded - plain) * 1e9 / ev);
    std::printf("  analyze              %8.1f ms  %6.1f ns/event\n", analysis * 1e3,
                analysis * 1e9 / ev);
    std::printf("  memory               %8.1f MB  %6.1f bytes/event (limit 64)\n",
                static_cast<double>(t.memory_bytes()) / 1e6,
                static_cast<double>(t.memory_bytes()) / ev);
    std::printf("  1 M events recorded in %.3f s (limit 0.5 s)\n", recorded * 1e6 / ev);
    return 0;
}
