#!/bin/sh
# Xvfb smoke test: screenshots every lesson with condlab-gui under a virtual X server and
# checks that each PNG has the requested size and is not blank.
# usage: xvfb_smoke.sh XVFB_RUN GUI PNG_CHECK OUTDIR THEME LESSON_DIR
set -u
xvfb_run=$1 gui=$2 check=$3 out=$4 theme=$5 lessons=$6
if [ -z "$xvfb_run" ] || [ ! -x "$xvfb_run" ]; then
    echo "skip: xvfb-run not found"
    exit 77
fi
mkdir -p "$out"
# One X server for all lessons; the inner script runs them in turn.
exec "$xvfb_run" -a -s "-screen 0 1280x800x24" sh -c '
    gui=$1 check=$2 out=$3 theme=$4 lessons=$5
    fail=0 n=0
    for f in "$lessons"/[0-9][0-9]_*.py; do
        name=$(basename "$f" .py)
        png="$out/${name}_${theme}.png"
        rm -f "$png"
        if ! "$gui" --screenshot "$png" --size 1280x800 --theme "$theme" "$f"; then
            echo "FAIL: condlab-gui exited non-zero for $f"; fail=1; continue
        fi
        if ! "$check" "$png" 1280 800; then
            echo "FAIL: $png looks blank"; fail=1
        fi
        n=$((n + 1))
    done
    [ "$n" -gt 0 ] || { echo "FAIL: no lessons in $lessons"; fail=1; }
    echo "screenshots checked: $n ($theme) in $out"
    exit $fail
' sh "$gui" "$check" "$out" "$theme" "$lessons"
