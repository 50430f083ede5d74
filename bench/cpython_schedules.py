#!/usr/bin/env python3
"""Replays many schedules of one program under CPython 3.11's real asyncio in ONE process
(the reference harness's virtual-clock loop, durations substituted in call_at), re-running
the program from scratch per schedule, as `condlab explore` does. For bench_explore.

    cpython_schedules.py FILE SCHEDULES.jsonl

SCHEDULES.jsonl: one {"timer": duration} object per line. Prints
"schedules N cpu-seconds S complete C other O" (CPU time of the loop) (stdout of the programs is discarded).
"""

import contextlib
import io
import os
import sys
import time
import types

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
import reference_harness as rh  # noqa: E402


def main() -> int:
    path, schedules_path = sys.argv[1], sys.argv[2]
    import json
    with open(schedules_path, encoding="utf-8") as f:
        schedules = [{int(k): float(v) for k, v in json.loads(line).items()} for line in f]
    with open(path, "rb") as f:
        code = compile(rh.decode_program(f.read(), path), path, "exec", dont_inherit=True)
    complete = other = 0
    sink = io.StringIO()
    t0 = time.process_time()
    for durations in schedules:
        rh._schedule = rh.ScheduleDurations(durations)
        rh.install(rh.Budget(rh.DEFAULT_MAX_TIME, rh.DEFAULT_MAX_ITERATIONS))
        mod = types.ModuleType("__main__")
        mod.__file__ = path
        try:
            with contextlib.redirect_stdout(sink):
                exec(code, mod.__dict__)
            complete += 1
        except BaseException:  # noqa: B902 - deadlock, budget, the program's exception
            other += 1
        sink.seek(0)
        sink.truncate()
    seconds = time.process_time() - t0
    print(f"schedules {len(schedules)} cpu-seconds {seconds:.6f} complete {complete} other {other}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
