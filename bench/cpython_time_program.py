#!/usr/bin/env python3
"""Time one program under CPython 3.11's real asyncio on the virtual-clock loop of
tools/reference_harness.py, in-process (interpreter start-up excluded), like
bench/bench_lessons.cpp times condlab.

    python3 bench/cpython_time_program.py FILE [--repeat N] [--warmup N]

Each repeat compiles FILE and runs it as __main__ in a fresh namespace with stdout
captured (after --warmup untimed runs, 0 by default); prints one JSON object per repeat:
    {"wall": <perf_counter seconds>, "cpu": <process_time seconds>, "stdout_lines": N}
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
import time
import types

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
import reference_harness as rh  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=0)
    args = ap.parse_args()
    with open(args.file, encoding="utf-8") as f:
        source = f.read()
    for i in range(args.warmup + args.repeat):
        out = io.StringIO()
        w0, c0 = time.perf_counter(), time.process_time()
        code = compile(source, args.file, "exec", dont_inherit=True)
        rh.install(rh.Budget(None, None))
        mod = types.ModuleType("__main__")
        mod.__file__ = args.file
        with contextlib.redirect_stdout(out):
            exec(code, mod.__dict__)
        w1, c1 = time.perf_counter(), time.process_time()
        if i < args.warmup:
            continue
        print(json.dumps({"wall": w1 - w0, "cpu": c1 - c0,
                          "stdout_lines": len(out.getvalue().splitlines())}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
