#!/usr/bin/env bash
# Set up (apt packages), configure, build and run the whole test suite for one preset.
# Usage: tools/test.sh [release|asan]   (default: release). Runnable from any directory.
set -euo pipefail

preset="${1:-release}"
case "$preset" in
  release | asan) ;;
  *) echo "usage: $0 [release|asan]" >&2; exit 2 ;;
esac

cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash tools/setup.sh

if [ "$preset" = asan ]; then
  export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
  export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
  export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$PWD/third_party/lsan.supp:print_suppressions=0}"
fi

cmake --preset "$preset"
cmake --build --preset "$preset" -j 2
ctest --preset "$preset"
