#!/usr/bin/env python3
"""Conformance driver: run one program through `condlab run` and through CPython's real
asyncio (tools/reference_harness.py) with the same parameters; stdout and exit status must
be identical.

    run_conformance.py --condlab BIN --python PY FILE [--set NAME=VALUE]...
    run_conformance.py --condlab BIN --python PY FILE --preset NAME
    run_conformance.py --condlab BIN --python PY FILE --expect LINE
    run_conformance.py --list-lesson FILE      (configure time: one test id per line)

--preset / --expect take the overrides from the lesson's `# compare:` / `# expect:` line
(parsed with tools/lesson_params.py). Exit 0 when both agree, 1 when they differ.
"""

from __future__ import annotations

import argparse
import difflib
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOLS = os.path.join(ROOT, "tools")
sys.path.insert(0, TOOLS)
import lesson_params  # noqa: E402

TIMEOUT = 60


def list_lesson(path: str) -> int:
    lesson = lesson_params.parse_lesson(path)
    print("default")
    for name in lesson["compare"]:
        print(f"preset:{name}")
    # A metric / finding expectation (checked by `condlab check` only) adds a run only when
    # no earlier test runs the same overrides.
    covered = [{}] + [dict(v) for v in lesson["compare"].values()]
    for e in lesson["expect"]:
        if e["outcome"]["kind"] in lesson_params.ANALYSIS_KINDS and e["overrides"] in covered:
            continue
        covered.append(e["overrides"])
        print(f"expect:{e['line']}")
    return 0


def run(cmd):
    try:
        r = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, b"", f"timed out after {TIMEOUT} s".encode()
    return r.returncode, r.stdout, r.stderr


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="run_conformance.py")
    ap.add_argument("file")
    ap.add_argument("--condlab")
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    ap.add_argument("--preset")
    ap.add_argument("--expect", type=int, metavar="LINE")
    ap.add_argument("--list-lesson", action="store_true")
    args = ap.parse_args(argv)
    if args.list_lesson:
        return list_lesson(args.file)

    overrides = []
    if args.preset or args.expect:
        lesson = lesson_params.parse_lesson(args.file)
        if args.preset:
            assigns = lesson["compare"][args.preset]
        else:
            assigns = next(e["overrides"] for e in lesson["expect"] if e["line"] == args.expect)
        overrides += [f"{n}={v}" for n, v in assigns.items()]
    overrides += args.set
    sets = [a for o in overrides for a in ("--set", o)]

    c_status, c_out, c_err = run([args.condlab, "run", args.file, *sets])
    p_status, p_out, p_err = run([args.python, os.path.join(TOOLS, "reference_harness.py"),
                                  args.file, *sets])
    label = " ".join([os.path.relpath(args.file, ROOT), *sets])
    if c_status == p_status and c_out == p_out:
        print(f"ok {label}: status {c_status}, {len(c_out.splitlines())} lines")
        return 0
    print(f"FAIL {label}")
    print(f"  exit status: condlab {c_status}, CPython {p_status}")
    if c_out != p_out:
        diff = difflib.unified_diff(p_out.decode(errors="replace").splitlines(),
                                    c_out.decode(errors="replace").splitlines(),
                                    "CPython", "condlab", lineterm="", n=2)
        for line in list(diff)[:80]:
            print("  " + line)
    for name, err in (("condlab", c_err), ("CPython", p_err)):
        text = err.decode(errors="replace").strip()
        if text:
            print(f"  --- {name} stderr ---")
            for line in text.splitlines()[-25:]:
                print("  " + line)
    return 1


if __name__ == "__main__":
    sys.exit(main())
