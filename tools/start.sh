#!/usr/bin/env bash
# Set up (apt packages), build the release preset and start condlab.
# Usage: tools/start.sh [condlab arguments...]. Runnable from any directory.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash tools/setup.sh
cmake --preset release
cmake --build --preset release -j 2

if [ ! -x build/release/condlab ]; then
  echo "start: build/release/condlab was not built (is src/app or src/cli present yet?)" >&2
  exit 1
fi
exec build/release/condlab "$@"
