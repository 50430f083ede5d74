#!/usr/bin/env python3
"""Lesson metadata and parameter overrides for condlab lesson files.

Pure standard library; works on CPython 3.11.2+.  The C++ embedded layer
(src/lesson/) reuses the same algorithms, so keep them simple and documented.

Functions
---------
parse_params(source) -> dict[name, Param]
    Every top-level ``NAME = <literal>`` assignment (a single Name target and a
    value accepted by ``ast.literal_eval``), with the literal's text span.
apply_overrides(source, {name: value_text}) -> source
    Replaces each named literal's text span with ``value_text`` (validated with
    ``ast.literal_eval``).  Line numbers stay unchanged (VALUE must be a
    one-line literal; a multi-line original literal is replaced by the value
    followed by the newlines it spanned).  Unknown names raise
    ``UnknownParameter``; invalid literals raise ``ValueError``.
parse_lesson(path) -> dict
    Lesson metadata: docstring Markdown, title, params (with ``# param:``
    specs), goals, compare presets, expectations.

Lesson metadata format (comments anywhere in the file, one per line)
--------------------------------------------------------------------
- Module docstring = Markdown; first ``# `` heading = title.
- ``NAME = <literal>  # param: <spec> | <label>``; spec is ``LO..HI``,
  ``LO..HI step S`` (numbers; int if all are ints), ``bool`` or
  ``choice A, B, C`` (Python literals).
- ``# goal: <outcome> | <description>``; ``# goal: fix ...`` (a fix goal over a
  grid of settings) and ``# predict:`` questions are checked only by
  ``condlab check`` (they need condlab's trace); here fix goals are listed.
- ``# compare: <preset-name>: NAME=VALUE NAME=VALUE``
- ``# expect: <selector> -> <outcome>``; selector is ``default``, a compare
  preset name, or ``NAME=VALUE NAME=VALUE``; outcome is ``complete``,
  ``deadlock``, ``exception <TypeName>``, ``output "<exact printed line>"`` or
  ``budget``.  An expectation may instead claim what condlab's trace analysis
  says: ``metric <name> <number>``, ``finding <kind>`` or ``no finding <kind>``
  (parsed here, checked only by ``condlab check``; the harness has no trace).

CLI: ``python3 tools/lesson_params.py check FILE...`` runs every outcome
expectation through tools/reference_harness.py and prints ``N passed, N failed``
(plus ``N skipped`` for the metric / finding claims it cannot check).
"""

from __future__ import annotations

import ast
import io
import os
import re
import subprocess
import sys
import tokenize

__all__ = [
    "Param", "UnknownParameter", "parse_params", "apply_overrides",
    "parse_assignments", "parse_lesson", "parse_outcome", "parse_expected",
    "check_lesson",
]


class UnknownParameter(KeyError):
    """A --set NAME that is not a top-level literal assignment."""

    def __init__(self, name: str):
        super().__init__(name)
        self.name = name

    def __str__(self) -> str:
        return f"unknown parameter {self.name!r}"


class Param:
    """One top-level ``NAME = <literal>``.

    Positions are 1-based lines and 0-based UTF-8 *character* columns (ast
    gives byte offsets; they are converted so slicing ``str`` lines works).
    """

    __slots__ = ("name", "value", "text", "lineno", "col", "end_lineno",
                 "end_col", "spec", "label")

    def __init__(self, name, value, text, lineno, col, end_lineno, end_col):
        self.name = name
        self.value = value
        self.text = text
        self.lineno = lineno
        self.col = col
        self.end_lineno = end_lineno
        self.end_col = end_col
        self.spec = None
        self.label = None

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__slots__}

    def __repr__(self) -> str:
        return f"Param({self.name}={self.text} @{self.lineno}:{self.col})"


def _byte_to_char_col(line: str, byte_col: int) -> int:
    return len(line.encode("utf-8")[:byte_col].decode("utf-8", "replace"))


def parse_params(source: str) -> dict:
    """Top-level literal assignments, in file order: {name: Param}.

    A name assigned more than once keeps its first assignment.  Annotated
    assignments (``NAME: int = 3``) count too.
    """
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    out: dict = {}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            if len(node.targets) != 1 or not isinstance(node.targets[0], ast.Name):
                continue
            name = node.targets[0].id
        elif isinstance(node, ast.AnnAssign):
            if node.value is None or not isinstance(node.target, ast.Name):
                continue
            name = node.target.id
        else:
            continue
        value_node = node.value
        try:
            value = ast.literal_eval(value_node)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            continue
        if name in out:
            continue
        l0, l1 = value_node.lineno, value_node.end_lineno
        c0 = _byte_to_char_col(lines[l0 - 1], value_node.col_offset)
        c1 = _byte_to_char_col(lines[l1 - 1], value_node.end_col_offset)
        if l0 == l1:
            text = lines[l0 - 1][c0:c1]
        else:
            text = lines[l0 - 1][c0:] + "".join(lines[l0:l1 - 1]) + lines[l1 - 1][:c1]
        out[name] = Param(name, value, text, l0, c0, l1, c1)
    return out


def validate_literal(value_text: str):
    """Return the value of a one-line Python literal or raise ValueError."""
    if "\n" in value_text or "\r" in value_text:
        raise ValueError(f"value must be on one line: {value_text!r}")
    try:
        return ast.literal_eval(value_text.strip())
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        raise ValueError(f"not a Python literal: {value_text!r}") from None


def apply_overrides(source: str, overrides: dict) -> str:
    """Replace the literal of each top-level ``NAME = <literal>``.

    ``overrides`` maps name -> value text.  Spans are replaced from the last
    to the first so earlier positions stay valid.  Line count is preserved.
    """
    if not overrides:
        return source
    params = parse_params(source)
    edits = []
    for name, value_text in overrides.items():
        if name not in params:
            raise UnknownParameter(name)
        validate_literal(value_text)
        edits.append((params[name], value_text.strip()))
    lines = source.splitlines(keepends=True)
    edits.sort(key=lambda e: (e[0].lineno, e[0].col), reverse=True)
    for p, text in edits:
        first = lines[p.lineno - 1]
        last = lines[p.end_lineno - 1]
        extra = p.end_lineno - p.lineno
        # keep the line count: a multi-line literal becomes the value plus
        # the newlines it used to span (inside the brackets of nothing, so
        # wrap in parentheses to keep it one logical line).
        if extra:
            text = "(" + text + "\n" * extra + ")"
        lines[p.lineno - 1:p.end_lineno] = [first[:p.col] + text + last[p.end_col:]]
    result = "".join(lines)
    return result


def parse_assignments(text: str) -> dict:
    """``NAME=VALUE NAME=VALUE`` -> {name: value_text}.

    Values may contain spaces when quoted or bracketed; split by scanning
    Python tokens so ``msg='a b'`` and ``xs=[1, 2]`` work.
    """
    out: dict = {}
    text = text.strip()
    pos = 0
    pat = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*=")
    while pos < len(text):
        m = pat.match(text, pos)
        if not m:
            raise ValueError(f"expected NAME=VALUE at {text[pos:]!r}")
        name = m.group(1)
        start = m.end()
        # find the shortest prefix that is a literal followed by whitespace/end
        end = start
        found = None
        while end <= len(text):
            nxt = text.find(" ", end)
            cand_end = len(text) if nxt < 0 else nxt
            cand = text[start:cand_end]
            try:
                ast.literal_eval(cand.strip())
                found = cand_end
                break
            except Exception:
                if nxt < 0:
                    break
                end = nxt + 1
        if found is None:
            raise ValueError(f"bad value for {name}: {text[start:]!r}")
        out[name] = text[start:found].strip()
        pos = found
        while pos < len(text) and text[pos] == " ":
            pos += 1
    return out


def _num(text: str):
    v = ast.literal_eval(text.strip())
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ValueError(f"not a number: {text!r}")
    return v


def parse_spec(spec: str) -> dict:
    """``LO..HI [step S]`` | ``bool`` | ``choice A, B, C`` -> dict."""
    spec = spec.strip()
    if spec == "bool":
        return {"kind": "bool"}
    if spec.startswith("choice"):
        rest = spec[len("choice"):].strip()
        values = ast.literal_eval("(" + rest + ",)")
        return {"kind": "choice", "choices": list(values)}
    m = re.fullmatch(r"(\S+)\s*\.\.\s*(\S+?)(?:\s+step\s+(\S+))?", spec)
    if not m:
        raise ValueError(f"bad param spec {spec!r}")
    lo, hi = _num(m.group(1)), _num(m.group(2))
    step = _num(m.group(3)) if m.group(3) else None
    nums = [lo, hi] + ([step] if step is not None else [])
    is_int = all(isinstance(n, int) for n in nums)
    d = {"kind": "int" if is_int else "float", "lo": lo, "hi": hi}
    if step is not None:
        d["step"] = step
    if not is_int:
        d["lo"], d["hi"] = float(lo), float(hi)
        if step is not None:
            d["step"] = float(step)
    return d


_OUTCOME_RE = re.compile(
    r'^(complete|deadlock|budget)$|^exception\s+([A-Za-z_][\w.]*)$|^output\s+"(.*)"$')


def parse_outcome(text: str) -> dict:
    text = text.strip()
    m = _OUTCOME_RE.match(text)
    if not m:
        raise ValueError(f"bad outcome {text!r}")
    if m.group(1):
        return {"kind": m.group(1)}
    if m.group(2):
        return {"kind": "exception", "type": m.group(2)}
    return {"kind": "output", "line": m.group(3)}


def parse_expected(text: str) -> dict:
    """An ``# expect:`` claim: an outcome, or ``metric NAME VALUE`` /
    ``finding KIND`` / ``no finding KIND`` about condlab's trace analysis
    (condlab validates NAME and KIND; it knows them)."""
    words = text.split()
    first = words[0] if words else ""
    if first == "metric":
        if len(words) != 3:
            raise ValueError(f"expected 'metric NAME VALUE', got {text.strip()!r}")
        try:
            value = _num(words[2])
        except Exception:
            raise ValueError(f"metric value is not a number: {words[2]!r}") from None
        return {"kind": "metric", "name": words[1], "value": value}
    if first in ("finding", "no"):
        negated = first == "no"
        at = 1 if negated else 0
        if len(words) != at + 2 or words[at] != "finding":
            no = "no " if negated else ""
            raise ValueError(f"expected '{no}finding KIND', got {text.strip()!r}")
        return {"kind": "no_finding" if negated else "finding", "finding": words[at + 1]}
    return parse_outcome(text)


ANALYSIS_KINDS = ("metric", "finding", "no_finding")


def _comments(source: str):
    """(line, text-after-#) for every comment token."""
    toks = tokenize.generate_tokens(io.StringIO(source).readline)
    for tok in toks:
        if tok.type == tokenize.COMMENT:
            yield tok.start[0], tok.string[1:].strip()


def parse_lesson(path: str) -> dict:
    """Parse a lesson file's metadata.  Raises ValueError on malformed lines."""
    with open(path, encoding="utf-8") as f:
        source = f.read()
    tree = ast.parse(source, filename=path)
    doc = ast.get_docstring(tree, clean=True) or ""
    title = None
    for line in doc.splitlines():
        if line.startswith("# "):
            title = line[2:].strip()
            break
    params = parse_params(source)
    by_line = {p.lineno: p for p in params.values()}
    goals, compares, expects, param_list, fix_goals = [], {}, [], [], []
    for lineno, text in _comments(source):
        where = f"{path}:{lineno}"
        if text.startswith("param:"):
            body = text[len("param:"):]
            spec, _, label = body.partition("|")
            p = by_line.get(lineno)
            if p is None:
                raise ValueError(f"{where}: '# param:' not on a top-level literal assignment")
            try:
                p.spec = parse_spec(spec)
            except Exception as e:
                raise ValueError(f"{where}: {e}") from None
            p.label = label.strip() or p.name
            param_list.append(p)
        elif text.startswith("goal:") and text[len("goal:"):].split(None, 1)[:1] == ["fix"]:
            # A fix goal (`# goal: fix CONDITION over P1, P2 | text`) holds over a grid of
            # settings; condlab check decides it (it needs condlab's runs and metrics).
            fix_goals.append({"text": text[len("goal:"):].strip(), "line": lineno})
        elif text.startswith("goal:"):
            outcome, _, desc = text[len("goal:"):].partition("|")
            try:
                o = parse_outcome(outcome)
            except ValueError as e:
                raise ValueError(f"{where}: {e}") from None
            goals.append({"outcome": o, "description": desc.strip(), "line": lineno})
        elif text.startswith("compare:"):
            body = text[len("compare:"):].strip()
            name, sep, assigns = body.partition(":")
            if not sep:
                raise ValueError(f"{where}: expected '# compare: NAME: A=1 B=2'")
            try:
                compares[name.strip()] = parse_assignments(assigns)
            except ValueError as e:
                raise ValueError(f"{where}: {e}") from None
        elif text.startswith("expect:"):
            body = text[len("expect:"):]
            sel, sep, outcome = body.partition("->")
            if not sep:
                raise ValueError(f"{where}: expected '# expect: SELECTOR -> OUTCOME'")
            sel = sel.strip()
            try:
                o = parse_expected(outcome)
            except ValueError as e:
                raise ValueError(f"{where}: {e}") from None
            expects.append({"selector": sel, "outcome": o, "line": lineno})
    # resolve selectors
    for e in expects:
        sel = e["selector"]
        if sel == "default":
            e["overrides"] = {}
        elif sel in compares:
            e["overrides"] = dict(compares[sel])
        else:
            try:
                e["overrides"] = parse_assignments(sel)
            except ValueError as err:
                raise ValueError(f"{path}:{e['line']}: unknown preset or bad selector {sel!r}: {err}") from None
    for name, assigns in list(compares.items()) + [
            (e["selector"], e["overrides"]) for e in expects]:
        for n, v in assigns.items():
            if n not in params:
                raise ValueError(f"{path}: {name}: unknown parameter {n!r}")
            validate_literal(v)
    return {
        "path": path,
        "doc": doc,
        "title": title,
        "params": [p.as_dict() for p in param_list],
        "literals": {n: p.as_dict() for n, p in params.items()},
        "goals": goals,
        "fix_goals": fix_goals,
        "compare": compares,
        "expect": expects,
    }


# --------------------------------------------------------------------------
# check: run every expectation through the reference harness

HARNESS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference_harness.py")
STATUS_OUTCOME = {0: "complete", 1: "exception", 3: "deadlock", 4: "budget"}
_EXC_RE = re.compile(r"^([A-Za-z_][\w.]*)(?::|$)")


def _exception_type(stderr: str):
    """Type name from the last line of a Python traceback."""
    for line in reversed(stderr.strip().splitlines()):
        if line and not line.startswith(" "):
            m = _EXC_RE.match(line)
            if m:
                return m.group(1).rsplit(".", 1)[-1]
    return None


def run_harness(path: str, overrides: dict, python=None, extra=()):
    cmd = [python or sys.executable, HARNESS, path]
    for n, v in overrides.items():
        cmd += ["--set", f"{n}={v}"]
    cmd += list(extra)
    return subprocess.run(cmd, capture_output=True, text=True)


def check_expectation(path: str, exp: dict, python=None):
    """Returns (ok, message)."""
    r = run_harness(path, exp["overrides"], python)
    o = exp["outcome"]
    got = STATUS_OUTCOME.get(r.returncode, f"status {r.returncode}")
    kind = o["kind"]
    if kind == "output":
        lines = r.stdout.splitlines()
        if o["line"] in lines:
            return True, ""
        return False, f'no line "{o["line"]}" in output ({got})'
    if kind == "exception":
        if r.returncode != 1:
            return False, f"expected exception {o['type']}, got {got}"
        t = _exception_type(r.stderr)
        if t != o["type"].rsplit(".", 1)[-1]:
            return False, f"expected exception {o['type']}, got {t}"
        return True, ""
    if got != kind:
        detail = r.stderr.strip().splitlines()[-1:] if r.stderr.strip() else []
        return False, f"expected {kind}, got {got}" + (f" ({detail[0]})" if detail else "")
    return True, ""


def check_lesson(path: str, python=None, verbose=False, skipped=None):
    """Returns (passed, failed, messages).  Metric / finding claims are not
    run (condlab checks them); their count is added to ``skipped[0]``."""
    passed = failed = 0
    msgs = []
    try:
        lesson = parse_lesson(path)
    except (ValueError, SyntaxError) as e:
        return 0, 1, [f"{path}: {e}"]
    for exp in lesson["expect"]:
        if exp["outcome"]["kind"] in ANALYSIS_KINDS:
            if skipped is not None:
                skipped[0] += 1
            if verbose:
                msgs.append(f"skip {path}:{exp['line']}: {exp['selector']} (condlab only)")
            continue
        ok, msg = check_expectation(path, exp, python)
        if ok:
            passed += 1
            if verbose:
                msgs.append(f"ok   {path}:{exp['line']}: {exp['selector']}")
        else:
            failed += 1
            msgs.append(f"FAIL {path}:{exp['line']}: {exp['selector']}: {msg}")
    return passed, failed, msgs


def main(argv=None) -> int:
    import argparse
    import json
    ap = argparse.ArgumentParser(prog="lesson_params.py", description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("check", help="run every '# expect:' of each lesson on the harness")
    c.add_argument("files", nargs="+")
    c.add_argument("-v", "--verbose", action="store_true")
    c.add_argument("--python", default=None, help="interpreter for the harness")
    s = sub.add_parser("show", help="print parsed lesson metadata as JSON")
    s.add_argument("file")
    a = sub.add_parser("apply", help="print FILE with --set overrides applied")
    a.add_argument("file")
    a.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    args = ap.parse_args(argv)
    if args.cmd == "check":
        tp = tf = 0
        skipped = [0]
        for f in args.files:
            p, fl, msgs = check_lesson(f, args.python, args.verbose, skipped)
            tp += p
            tf += fl
            for m in msgs:
                print(m)
        print(f"{tp} passed, {tf} failed" +
              (f", {skipped[0]} skipped (metric / finding: condlab check)" if skipped[0] else ""))
        return 0 if tf == 0 else 1
    if args.cmd == "show":
        print(json.dumps(parse_lesson(args.file), indent=2, default=repr))
        return 0
    if args.cmd == "apply":
        with open(args.file, encoding="utf-8") as f:
            src = f.read()
        ov = {}
        for item in args.set:
            n, sep, v = item.partition("=")
            if not sep:
                ap.error(f"--set expects NAME=VALUE, got {item!r}")
            ov[n.strip()] = v
        try:
            sys.stdout.write(apply_overrides(src, ov))
        except (UnknownParameter, ValueError) as e:
            print(f"{args.file}: {e}", file=sys.stderr)
            return 2
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
