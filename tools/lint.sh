#!/usr/bin/env bash
# Naming lint: clang-tidy with only the checks of .clang-tidy (readability-identifier-naming)
# over every src/ translation unit of the release build's compile_commands.json, JOBS at a
# time (default 2). Every finding fails, each printed once (a header's findings come from
# every unit that includes it). Needs the compile database and the generated glad headers:
# cmake --preset release and one build (tools/test.sh does both).
# Usage: tools/lint.sh [JOBS [REGEX]]   (REGEX: only the units whose path it matches)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)
jobs=${1:-2}
only=${2:-}
db_dir=build/release
tidy=${CLANG_TIDY:-clang-tidy}

if [ ! -f "$db_dir/compile_commands.json" ]; then
  echo "lint: $db_dir/compile_commands.json is missing; run cmake --preset release" >&2
  exit 2
fi

mapfile -t units < <(python3 - "$db_dir/compile_commands.json" "$root/src/" "$only" <<'PY'
import json, os, re, sys
db, prefix, only = sys.argv[1], sys.argv[2], sys.argv[3]
for entry in json.load(open(db)):
    path = os.path.normpath(os.path.join(entry["directory"], entry["file"]))
    if path.startswith(prefix) and re.search(only, path):
        print(path)
PY
)
if [ ${#units[@]} -eq 0 ]; then
  echo "lint: no src/ translation units in $db_dir/compile_commands.json" >&2
  exit 2
fi

out_dir=$(mktemp -d)
trap 'rm -rf "$out_dir"' EXIT

# One unit: its diagnostics into $out_dir/<n>.txt; a failed run without a finding (clang
# could not parse the unit) is written as one "error:" line so that it fails too.
lint_one() {
  local n=$1 unit=$2 log
  log="$LINT_OUT/$n.txt"
  # -Wno-*: g++ options clang does not know are not findings.
  if ! "$LINT_TIDY" -p "$LINT_DB" --quiet --extra-arg=-Wno-unknown-warning-option \
       --extra-arg=-Wno-ignored-optimization-argument "$unit" > "$log" 2>&1; then
    grep -q ': error: ' "$log" || echo "$unit:1:1: error: clang-tidy failed on this unit" >> "$log"
  fi
}
export -f lint_one
export LINT_TIDY="$tidy" LINT_DB="$db_dir" LINT_OUT="$out_dir"

start=$SECONDS
for i in "${!units[@]}"; do printf '%s\0%s\0' "$i" "${units[$i]}"; done |
  xargs -0 -n 2 -P "$jobs" bash -c 'lint_one "$1" "$2"' _
elapsed=$((SECONDS - start))

# Each finding once, relative paths.
mapfile -t failing < <(cat "$out_dir"/*.txt | grep -E '^[^ ]+:[0-9]+:[0-9]+: error: ' |
                         sed -e "s|^$root/||" -e 's/,-warnings-as-errors\]$/]/' |
                         sort -u | sort -t: -k1,1 -k2,2n -k3,3n)
if [ ${#failing[@]} -gt 0 ]; then
  echo "lint: ${#failing[@]} findings:" >&2
  printf '  %s\n' "${failing[@]}" >&2
  echo "lint: FAILED (${#units[@]} src/ units, ${elapsed}s)" >&2
  exit 1
fi
echo "lint: ${#units[@]} src/ translation units pass the naming checks (${elapsed}s)"
