#!/usr/bin/env python3
"""Schedule conformance (docs/timing-model.md): schedules replay identically in condlab and
in CPython's real asyncio (tools/reference_harness.py --schedule).

    run_schedule_conformance.py --condlab BIN --python PY FILE [--runs N]

1. `condlab explore FILE --schedule-out S` (dfs, bound 2, at most N schedules). When it
   finds something, the counterexample S runs through `condlab run FILE --schedule S` and
   the harness: stdout and exit status must be identical, and equal to what explore said.
2. Three made-up schedules (every timer of the run gets a duration from a small set, with
   ties) run through both the same way, whether or not explore found anything; then two
   with "Cancel now" forks (tasks cancelled at times that tie with the program's timers, and
   between them), one of them on top of made-up durations.

    run_schedule_conformance.py --condlab BIN --python PY FILE --schedule S --expect-status N

replays the schedule file S alone and also requires exit status N (lesson 13's lost
notification caused by a hand-made cancel: tests/conformance/schedules/).

Exit 0 when everything agrees, 1 when something differs.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HARNESS = os.path.join(ROOT, "tools", "reference_harness.py")
TIMEOUT = 100


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT)
    return r.returncode, r.stdout, r.stderr


def made_up_schedule(seed: int, timers: int = 40) -> dict:
    choices = [0.25, 0.5, 1.0, 1.0, 2.0, 1e-9, 3.0]
    durations = [{"timer": n, "duration": choices[(n * 7 + seed * 3) % len(choices)]}
                 for n in range(1, timers + 1)]
    return {"format": "condlab-schedule", "version": 1, "parameters": {},
            "durations": durations}


def made_up_cancels(seed: int) -> dict:
    """Cancels of the first few tasks at times that tie with common sleeps and between them;
    seed 1 also takes made-up durations."""
    s = made_up_schedule(0) if seed else {"format": "condlab-schedule", "version": 1,
                                          "parameters": {}, "durations": []}
    s["cancels"] = ([{"task": 2, "at": 0.5}, {"task": 3, "at": 1.0}, {"task": 4, "at": 1.75}]
                    if seed == 0 else [{"task": 3, "at": 1.0}, {"task": 2, "at": 2.5}])
    return s


def runs_one_loop(path: str) -> bool:
    """Cancel forks are defined for a program that runs one event loop (docs/timing-model.md
    section 11: condlab's later loops continue its clock and task numbers, CPython's start
    afresh). A program that starts more than one is left out of the made-up cancels."""
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    starts = sum(text.count(s) for s in ("asyncio.run(", "new_event_loop(", "Runner("))
    if starts > 1:
        print("skip made-up cancels: the program starts more than one event loop")
    return starts <= 1


def replay(args, path: str, schedule_path: str, label: str) -> bool:
    c = run([args.condlab, "run", path, "--no-line-trace", "--schedule", schedule_path])
    p = run([args.python, HARNESS, path, "--schedule", schedule_path])
    if c[0] == p[0] and c[1] == p[1]:
        print(f"ok   {label}: status {c[0]}, {len(c[1].splitlines())} lines")
        return True
    print(f"FAIL {label}: condlab status {c[0]}, CPython status {p[0]}")
    import difflib
    for line in difflib.unified_diff(p[1].decode(errors="replace").splitlines(),
                                     c[1].decode(errors="replace").splitlines(),
                                     "cpython", "condlab", lineterm="", n=1):
        print("   " + line)
    sys.stdout.write(c[2].decode(errors="replace")[-2000:])
    return False


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="run_schedule_conformance.py")
    ap.add_argument("file")
    ap.add_argument("--condlab", required=True)
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--runs", type=int, default=3000)
    ap.add_argument("--schedule", help="replay this schedule file only")
    ap.add_argument("--expect-status", type=int, help="with --schedule: the exit status")
    args = ap.parse_args(argv)
    if args.schedule:
        ok = replay(args, args.file, args.schedule, os.path.basename(args.schedule))
        status = run([args.condlab, "run", args.file, "--no-line-trace", "--schedule",
                      args.schedule])[0]
        if args.expect_status is not None and status != args.expect_status:
            print(f"FAIL exit status {status}, expected {args.expect_status}")
            ok = False
        return 0 if ok else 1
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        found = os.path.join(tmp, "found.json")
        status, out, err = run([args.condlab, "explore", args.file, "--runs", str(args.runs),
                                "--schedule-out", found])
        sys.stdout.write(out.decode(errors="replace"))
        if status == 2 and run([args.condlab, "run", args.file])[0] == 2:
            print("ok   explore: a usage error, as the program's own run (it does not compile)")
        elif status not in (0, 1, 3, 4):
            print(f"FAIL explore: exit status {status}\n{err.decode(errors='replace')}")
            return 1
        elif status != 0:
            ok &= replay(args, args.file, found, "counterexample")
            c = run([args.condlab, "run", args.file, "--no-line-trace", "--schedule", found])
            # explore's 1 is any uncaught exception: SystemExit(n), KeyboardInterrupt (130)
            # and os._exit(n) end the process with their own status (even 3 or 4).
            if c[0] != status and (status != 1 or c[0] == 0):
                print(f"FAIL explore said status {status}, the replay ended with {c[0]}")
                ok = False
        for seed in range(3):
            made = os.path.join(tmp, f"made{seed}.json")
            with open(made, "w", encoding="utf-8") as f:
                json.dump(made_up_schedule(seed), f)
            ok &= replay(args, args.file, made, f"made-up schedule {seed}")
        for seed in range(2 if runs_one_loop(args.file) else 0):
            made = os.path.join(tmp, f"cancels{seed}.json")
            with open(made, "w", encoding="utf-8") as f:
                json.dump(made_up_cancels(seed), f)
            ok &= replay(args, args.file, made, f"made-up cancels {seed}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
