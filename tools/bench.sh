#!/usr/bin/env bash
# Build the release preset's benchmarks and run every benchmark binary in build/release/bench.
# Usage: tools/bench.sh [args...]   (args go to every binary; e.g. --benchmark_filter=...)
#        BENCH_QUICK=1 tools/bench.sh   scaled-down sizes for bench_runtime (and its CPython run)
# bench_runtime also runs bench/cpython_workloads.py (CPython 3.11 asyncio) and prints
# native ns/op, CPython ns/op and the ratio per workload. bench_process times whole processes
# (`condlab run --no-line-trace FILE` against `python3 tools/reference_harness.py FILE`) for
# bench/wait_for_stress.py and bench/held_lock_wait_for_stress.py and prints the median ratio
# over interleaved runs. Runnable from any directory.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash tools/setup.sh
cmake --preset release
# Only the benchmarks (and what they link): the bench directory of the Makefile build tree.
if [ -f build/release/bench/Makefile ]; then
  make -C build/release/bench -j 2
else
  cmake --build --preset release -j 2
fi

mapfile -t binaries < <(find build/release/bench -path '*/CMakeFiles' -prune -o -type f -executable -print | sort)
if [ "${#binaries[@]}" -eq 0 ]; then
  echo "bench: no benchmark binaries in build/release/bench" >&2
  exit 1
fi

status=0
for bin in "${binaries[@]}"; do
  echo "=== $bin"
  extra=()
  if [ "$(basename "$bin")" = bench_runtime ] && [ -n "${BENCH_QUICK:-}" ]; then
    extra=(--quick)
  fi
  "$bin" "${extra[@]}" "$@" || status=$?
done
exit "$status"
