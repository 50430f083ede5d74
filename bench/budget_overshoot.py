#!/usr/bin/env python3
"""How far past its 2 s wall-clock budget a stopped program's whole process ends.

    python3 bench/budget_overshoot.py [--condlab build/release/condlab] [--runs 5] [FILE...]

Each FILE (default: bench/budget_million_tasks.py, bench/budget_gather_sleeps.py) runs as
`condlab run FILE` (the default 2 s budget); the figure is the median wall time of the whole
process (spawn to exit, start-up and teardown included) and its overshoot past 2 s (target:
< 0.5 s), with the child's CPU time (user + system) beside it: on a loaded machine the wall
time grows while the CPU time does not. Exit status 4 (budget) is expected.
"""
import argparse
import os
import resource
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def run_once(condlab, path):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    p = subprocess.run([condlab, "run", path], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, p.returncode


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--condlab", default=os.path.join(HERE, "..", "build", "release", "condlab"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("files", nargs="*")
    a = ap.parse_args()
    files = a.files or [os.path.join(HERE, "budget_million_tasks.py"),
                        os.path.join(HERE, "budget_gather_sleeps.py")]
    for f in files:
        runs = [run_once(a.condlab, f) for _ in range(a.runs)]
        walls = [w for w, _, _ in runs]
        cpus = [c for _, c, _ in runs]
        statuses = sorted({s for _, _, s in runs})
        wall = statistics.median(walls)
        print(f"{os.path.basename(f)}: median wall {wall:.2f} s (overshoot {wall - 2.0:+.2f} s), "
              f"cpu {statistics.median(cpus):.2f} s, min wall {min(walls):.2f} s, "
              f"exit {statuses}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
