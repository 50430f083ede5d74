#!/bin/sh
# Xvfb screenshots of the window in the states issue 21 fixed, each checked not to be blank
# and to have the requested size: the Help window (legend, shortcuts), a selected task's
# arrows, the light theme, --scale 2, 1280x720, the compare view and the outcome map (also at
# --scale 2); the Explore view (dark and light: the made-early timer highlighted on its lane),
# an event-loop run that reached lesson 20's goal, and the "cancel" chips on lesson 20's
# waiting lanes.
# usage: xvfb_shots.sh XVFB_RUN SHOT PNG_CHECK OUTDIR
set -u
xvfb_run=$1 shot=$2 check=$3 out=$4
if [ -z "$xvfb_run" ] || [ ! -x "$xvfb_run" ]; then
    echo "skip: xvfb-run not found"
    exit 77
fi
mkdir -p "$out"
exec "$xvfb_run" -a -s "-screen 0 2600x1700x24" sh -c '
    shot=$1 check=$2 out=$3
    fail=0
    run() { # NAME W H ARGS...
        name=$1 w=$2 h=$3; shift 3
        rm -f "$out/$name.png"
        if ! "$shot" "$out/$name.png" "$@" --size "${w}x${h}"; then
            echo "FAIL: $name: condlab_app_shot exited non-zero"; fail=1; return
        fi
        "$check" "$out/$name.png" "$w" "$h" || { echo "FAIL: $name looks blank"; fail=1; }
    }
    run help_dark 1280 800 01 help
    run keys_light 1280 800 01 --theme light keys
    run arrows_selected 1280 800 11 last select:c0
    run light 1280 800 03 --theme light last
    run scale2 2560 1600 17 --scale 2 last
    run panels_720 1280 720 12 last
    run settings_open 1280 800 06 settings
    run line_mode 1280 800 03 line forward:4
    run failed_run 1280 800 02 last
    export CONDLAB_VIEW=compare
    run compare 1280 800 05
    run compare_720 1280 720 12 --no-questions
    run compare_scale2 2560 1600 05 --scale 2 --theme light
    export CONDLAB_VIEW=map
    run map 1280 800 14 --theme light --no-questions
    run map_scale2 2560 1600 12 --scale 2 --no-questions
    export CONDLAB_VIEW=explore
    run explore 1280 800 05
    run explore_light 1280 800 05 --theme light
    export CONDLAB_VIEW=eventloop:+1,n,n,n,n,n
    run eventloop 1280 800 20
    export CONDLAB_VIEW=eventloop
    run eventloop_cancel_chips 1280 800 20 --theme light
    unset CONDLAB_VIEW
    echo "screenshots in $out"
    exit $fail
' sh "$shot" "$check" "$out"
