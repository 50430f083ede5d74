// Proves Google Benchmark and condlab_add_benchmark() work.
#include <benchmark/benchmark.h>

#include <numeric>
#include <vector>

static void bm_accumulate(benchmark::State& state) {
    std::vector<int> v(static_cast<size_t>(state.range(0)), 1);
    for (auto _ : state)
        benchmark::DoNotOptimize(std::accumulate(v.begin(), v.end(), 0));
}
BENCHMARK(bm_accumulate)->Arg(64);
