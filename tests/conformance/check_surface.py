#!/usr/bin/env python3
"""Checks docs/asyncio-surface.md against CPython 3.11's asyncio.__all__ and condlab:

- every name of `asyncio.__all__` (from --python) has a row;
- a row's conformance program exists, has an expected output (so the corpus runs it) and
  mentions the name;
- an unsupported name, used in a program, fails with condlab's clear error: it names the
  feature and the table's reason, and the traceback ends at the user's line with no
  internal frame.

    check_surface.py --condlab BIN --python PY
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TABLE = os.path.join(ROOT, "docs", "asyncio-surface.md")
ROW = re.compile(r"^\| `(\w+)`[^|]*\| (.*) \|$")
LINK = re.compile(r"\]\(\.\./tests/conformance/(\w+\.py)\)")

PROGRAM = """import asyncio


async def main():
    asyncio.{name}


asyncio.run(main())
"""


def table_rows() -> dict[str, str]:
    rows = {}
    with open(TABLE, encoding="utf-8") as fh:
        for line in fh:
            m = ROW.match(line.strip())
            if m:
                rows[m.group(1)] = m.group(2)
    return rows


def check_program(name: str, cell: str) -> str | None:
    m = LINK.search(cell)
    if not m:
        return f"{name}: row has neither a program link nor 'unsupported: reason'"
    path = os.path.join(HERE, m.group(1))
    if not os.path.exists(path):
        return f"{name}: {m.group(1)} does not exist"
    stem = m.group(1)[:-3]
    if not os.path.exists(os.path.join(HERE, "expected", stem + ".status")):
        return f"{name}: {m.group(1)} has no expected output"
    with open(path, encoding="utf-8") as fh:
        if not re.search(r"\b" + re.escape(name) + r"\b", fh.read()):
            return f"{name}: {m.group(1)} does not mention it"
    return None


def check_unsupported(condlab: str, name: str, reason: str, tmp: str) -> str | None:
    path = os.path.join(tmp, f"uses_{name}.py")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(PROGRAM.format(name=name))
    r = subprocess.run([condlab, "run", path], capture_output=True, text=True, timeout=60)
    err = r.stderr
    if r.returncode != 1:
        return f"{name}: exit status {r.returncode}, expected 1\n{err}"
    want = f"AttributeError: module 'asyncio' has no attribute '{name}': condlab cannot run asyncio.{name}: "
    if want not in err or reason not in err:
        return f"{name}: the error does not say {want!r} ... {reason!r}\n{err}"
    if f'File "{path}", line 5, in main' not in err:
        return f"{name}: the traceback does not point at the user's line 5\n{err}"
    if '"<string>"' in err or '"<asyncio>"' in err:
        return f"{name}: the traceback shows an internal frame\n{err}"
    return None


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="check_surface.py")
    ap.add_argument("--condlab", required=True)
    ap.add_argument("--python", default=sys.executable)
    args = ap.parse_args(argv)
    names = json.loads(subprocess.check_output(
        [args.python, "-c", "import asyncio, json; print(json.dumps(asyncio.__all__))"]))
    rows = table_rows()
    problems = [f"{n}: no row in docs/asyncio-surface.md" for n in names if n not in rows]
    programs = unsupported = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            cell = rows.get(name)
            if cell is None:
                continue
            if cell.startswith("unsupported: "):
                unsupported += 1
                p = check_unsupported(args.condlab, name, cell[len("unsupported: "):], tmp)
            else:
                programs += 1
                p = check_program(name, cell)
            if p:
                problems.append(p)
    for p in problems:
        print("FAIL", p)
    print(f"{len(names)} names: {programs} with a program, {unsupported} unsupported, "
          f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
