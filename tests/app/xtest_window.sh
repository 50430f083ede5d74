#!/bin/sh
# Runs the XTest window suite (xtest_window.cpp) on its own Xvfb server.
# usage: xtest_window.sh XVFB_RUN TEST_BINARY [GTEST_ARGS...]
set -u
xvfb_run=$1 bin=$2
shift 2
if [ -z "$xvfb_run" ] || [ ! -x "$xvfb_run" ]; then
    echo "skip: xvfb-run not found"
    exit 77
fi
exec "$xvfb_run" -a -s "-screen 0 1600x1000x24" "$bin" "$@"
