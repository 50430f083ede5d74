#!/usr/bin/env python3
"""Run a Python 3.11 asyncio program under CPython's REAL asyncio on a virtual clock.

    python3 tools/reference_harness.py FILE.py [--set NAME=VALUE]...
            [--max-time SECONDS] [--max-iterations N] [--schedule F]
    python3 tools/reference_harness.py --regen-expected DIR
    python3 tools/reference_harness.py --check-expected DIR

The loop is a SelectorEventLoop whose ``time()`` is a virtual clock starting
at 0.0 and whose selector's ``select(timeout)`` advances that clock by
``timeout`` instead of blocking.  CPython's own ``_run_once`` is untouched, so
the scheduling order is CPython's.  ``select(None)`` (nothing ready, no timer)
is a deadlock.

``--schedule F`` replays a schedule file written by ``condlab explore
--schedule-out`` (docs/timing-model.md): timers are numbered from 1 in the
order ``call_at`` is called (``call_later``, ``sleep``, ``wait_for`` and
``timeout`` all go through it), and a numbered timer that is not due at once
gets the deadline ``time() + duration`` instead of the one asked for.  The
file's parameters apply as ``--set`` does (``--set`` wins).  Its "cancels"
(``{"task": K, "at": T}``) deliver ``cancel()`` of the K-th task made by
``loop.create_task`` with a timer at T, pushed at the choice point whose clock
is before T and whose next deadline is not (see ``_push_cancel_forks``).

Exit status: 0 completed, 1 uncaught exception (traceback on stderr),
2 syntax or usage error, 3 deadlock, 4 budget exceeded (virtual time or
iterations); as CPython's process: n for SystemExit(n), 130 for
KeyboardInterrupt.  stdout is exactly what the program printed.

The program is read as bytes and decoded as ``python3 FILE`` does (PEP 263):
a coding cookie or BOM names the encoding, and without one a non-UTF-8 byte
anywhere (comments too) is CPython's "Non-UTF-8 code" SyntaxError.

Pure standard library; CPython 3.11.2+.
"""

from __future__ import annotations

import argparse
import asyncio
import codecs
import io
import os
import re
import selectors
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lesson_params  # noqa: E402

EXIT_OK, EXIT_EXCEPTION, EXIT_USAGE, EXIT_DEADLOCK, EXIT_BUDGET = 0, 1, 2, 3, 4
EXIT_SIGINT = 130  # an uncaught KeyboardInterrupt: CPython dies of SIGINT (a shell shows 130)

DEFAULT_MAX_TIME = 1e6
DEFAULT_MAX_ITERATIONS = 100000


class Deadlock(BaseException):
    """Nothing is ready and no timer is pending while the loop runs."""


class BudgetExceeded(BaseException):
    """Virtual time or iteration budget exhausted."""


class Budget:
    """Shared limits; counts iterations across every loop of a run."""

    def __init__(self, max_time=None, max_iterations=None):
        self.max_time = max_time
        self.max_iterations = max_iterations
        self.iterations = 0


class VirtualSelector(selectors.SelectSelector):
    """Keeps the fd registrations (the self-pipe) but never blocks."""

    def __init__(self, loop_ref):
        super().__init__()
        self._loop_ref = loop_ref

    def select(self, timeout=None):
        loop = self._loop_ref()
        if _schedule is not None and _schedule.cancels and not loop._ready \
                and not loop._stopping:
            timeout = loop._push_cancel_forks(timeout)
        if timeout is None:
            loop._fatal = Deadlock()
            raise loop._fatal
        if timeout > 0:
            b = loop._budget
            if b is not None and b.max_time is not None and loop._vtime + timeout > b.max_time:
                loop._vtime = b.max_time
                loop._fatal = BudgetExceeded(f"virtual time limit {b.max_time:g}s reached")
                raise loop._fatal
            loop._vtime += timeout
        return []


class ScheduleDurations:
    """A schedule's durations by timer number (1 = the first call_at of the run)."""

    def __init__(self, durations: dict, cancels: list | None = None):
        self.durations = durations
        self.created = 0
        # "Cancel now" forks: [task number, time, delivered?] (docs/timing-model.md)
        self.cancels = [[k, at, False] for k, at in (cancels or [])]


_schedule: ScheduleDurations | None = None


def load_schedule(path: str):
    """(durations by timer number, parameter overrides) of a schedule file; ValueError."""
    import json
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    if not isinstance(data, dict) or data.get("format") != "condlab-schedule":
        raise ValueError('not a schedule file (no "format": "condlab-schedule")')
    if data.get("version") != 1:
        raise ValueError(f"schedule version {data.get('version')!r} is not supported (1 is)")
    durations = {}
    for d in data.get("durations", []):
        n, v = d.get("timer"), d.get("duration")
        if not isinstance(n, int) or n < 1 or not isinstance(v, (int, float)) or not v >= 1e-9:
            raise ValueError(f"bad duration entry {d!r}")
        durations[n] = float(v)
    params = {k: str(v) for k, v in data.get("parameters", {}).items()}
    return durations, params, _load_cancels(data.get("cancels", []))


def _load_cancels(entries) -> list:
    """[(task number, time)] of a schedule's "cancels"; ValueError."""
    if not isinstance(entries, list):
        raise ValueError('"cancels" must be a list')
    cancels = []
    for c in entries:
        if isinstance(c, dict) and "point" in c:
            raise ValueError(f"cancel {c!r} is a what-if at choice point {c['point']}: "
                             "not reproducible in CPython (no time fits between the clock "
                             "and the next timer)")
        k, at = (c.get("task"), c.get("at")) if isinstance(c, dict) else (None, None)
        if not isinstance(k, int) or k < 1 or not isinstance(at, (int, float)) or not at > 0:
            raise ValueError(f"bad cancel entry {c!r}")
        cancels.append((k, float(at)))
    return cancels


class VirtualTimeLoop(asyncio.SelectorEventLoop):
    """asyncio.SelectorEventLoop with a virtual clock (starts at 0.0)."""

    def __init__(self, budget: Budget | None = None):
        import weakref
        self._vtime = 0.0
        self._budget = budget
        self._fatal = None
        super().__init__(selector=VirtualSelector(weakref.ref(self)))
        self._clock_resolution = 1e-9

    def time(self):
        return self._vtime

    def _run_once(self):
        if self._fatal is not None:
            # after a deadlock / budget stop nothing more runs (asyncio.run's
            # cleanup would otherwise execute the program's finally blocks)
            raise self._fatal
        b = self._budget
        if b is not None:
            b.iterations += 1
            if b.max_iterations is not None and b.iterations > b.max_iterations:
                self._fatal = BudgetExceeded(f"iteration limit {b.max_iterations} reached")
                raise self._fatal
        super()._run_once()


class ScheduledVirtualTimeLoop(VirtualTimeLoop):
    """VirtualTimeLoop whose call_at substitutes a schedule's durations (only with
    --schedule: the plain loop keeps CPython's call_at, without an extra Python call)."""

    def __init__(self, budget: Budget | None = None):
        self._created_tasks = []
        super().__init__(budget)

    def call_at(self, when, callback, *args, context=None):
        s = _schedule
        s.created += 1
        now = self._vtime
        d = s.durations.get(s.created)
        if d is not None and when >= now + self._clock_resolution:
            when = now + d  # condlab substitutes here too (Loop::schedule_timer)
        return super().call_at(when, callback, *args, context=context)

    def create_task(self, coro, *, name=None, context=None):
        # Tasks are numbered from 1 in creation order, as condlab's task ids.
        task = super().create_task(coro, name=name, context=context)
        self._created_tasks.append(task)
        return task

    def _push_cancel_forks(self, timeout):
        """At a choice point: push the timer of every cancel due here (condlab:
        Loop::push_cancel_forks, ScheduleStrategy::fork - the same test on the same
        doubles), and return the timeout CPython would have computed with it."""
        import heapq
        import math
        pushed = False
        while True:
            nxt = self._scheduled[0]._when if self._scheduled else math.inf
            fork = next((c for c in _schedule.cancels
                         if not c[2] and self._vtime < c[1] <= nxt), None)
            if fork is None:
                break
            fork[2] = True
            timer = asyncio.TimerHandle(fork[1], self._cancel_fork_fired, (fork[0],), self, None)
            heapq.heappush(self._scheduled, timer)
            timer._scheduled = True
            pushed = True
        if not pushed:
            return timeout
        when = self._scheduled[0]._when
        return min(max(0, when - self.time()), asyncio.base_events.MAXIMUM_SELECT_TIMEOUT)

    def _cancel_fork_fired(self, k):
        # As a task that slept until now: its cancel() runs in the next iteration.
        self.call_soon(self._cancel_task, k)

    def _cancel_task(self, k):
        if k <= len(self._created_tasks):
            self._created_tasks[k - 1].cancel()


class VirtualTimePolicy(asyncio.DefaultEventLoopPolicy):
    """Event loop policy whose new_event_loop() returns a VirtualTimeLoop."""

    def __init__(self, budget: Budget | None = None):
        super().__init__()
        self._budget = budget
        self.loops = []

    def new_event_loop(self):
        loop = (VirtualTimeLoop if _schedule is None else ScheduledVirtualTimeLoop)(self._budget)
        self.loops.append(loop)
        return loop


def install(budget: Budget | None = None) -> VirtualTimePolicy:
    """Install the virtual-time policy so asyncio.run() uses a VirtualTimeLoop."""
    policy = VirtualTimePolicy(budget)
    asyncio.set_event_loop_policy(policy)
    return policy


def run(coro_or_main, *, budget: Budget | None = None):
    """asyncio.run() on a fresh VirtualTimeLoop (for benchmarks and tests)."""
    with asyncio.Runner(loop_factory=lambda: VirtualTimeLoop(budget)) as r:
        return r.run(coro_or_main)


# --------------------------------------------------------------------------
# reporting

def _describe_awaitable(obj) -> str:
    parts = []
    seen = 0
    while obj is not None and seen < 50:
        seen += 1
        code = getattr(obj, "cr_code", None) or getattr(obj, "gi_code", None)
        if code is not None:
            frame = getattr(obj, "cr_frame", None) or getattr(obj, "gi_frame", None)
            where = ""
            if frame is not None:
                where = f" ({os.path.basename(code.co_filename)}:{frame.f_lineno})"
            parts.append(f"{code.co_qualname}{where}")
            obj = getattr(obj, "cr_await", None) or getattr(obj, "gi_yieldfrom", None)
            continue
        if isinstance(obj, asyncio.Task):
            parts.append(f"task {obj.get_name()}")
            break
        if isinstance(obj, asyncio.Future):
            parts.append("future pending" if not obj.done() else "future done")
            break
        if type(obj).__name__ == "FutureIter":   # C Future.__await__ iterator
            parts.append("future pending")
        else:
            parts.append(type(obj).__name__)
        break
    return " -> ".join(parts)


def describe_pending(loop) -> list:
    lines = []
    try:
        tasks = [t for t in asyncio.all_tasks(loop) if not t.done()]
    except RuntimeError:
        tasks = []

    def key(t):
        n = t.get_name()
        if n.startswith("Task-") and n[5:].isdigit():
            return (0, int(n[5:]), n)
        return (1, 0, n)

    for t in sorted(tasks, key=key):
        lines.append(f"  {t.get_name()}: {_describe_awaitable(t.get_coro())}")
    return lines


def _finish(status: int):
    # As the interpreter's exit does (os._exit below skips it): the program's atexit handlers.
    import atexit
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
    except Exception:
        pass
    try:
        sys.stderr.flush()
    except Exception:
        pass
    os._exit(status)


def _trim_traceback(tb, filename):
    """Drop the harness's own leading frames."""
    t = tb
    while t is not None:
        if t.tb_frame.f_code.co_filename == filename:
            return t
        t = t.tb_next
    return tb


def _find_exc(e, cls):
    seen = set()
    while e is not None and id(e) not in seen:
        if isinstance(e, cls):
            return e
        seen.add(id(e))
        e = e.__context__
    return None


_COOKIE = re.compile(rb'^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)', re.ASCII)
_BLANK = re.compile(rb'^[ \t\f]*(?:[#\r\n]|$)', re.ASCII)


def _declares_encoding(data: bytes) -> bool:
    if data.startswith(codecs.BOM_UTF8):
        return True
    for line in data.split(b'\n', 2)[:2]:
        if _COOKIE.match(line):
            return True
        if not _BLANK.match(line):
            return False
    return False


def decode_program(data: bytes, filename: str) -> str:
    """The text of a program file as `python3 FILE` reads it (PEP 263). compile() on bytes
    honours the cookie but checks string literals only; CPython's file reader also rejects an
    undeclared non-UTF-8 byte in a comment: that SyntaxError is raised here."""
    import tokenize
    if not _declares_encoding(data):
        for number, line in enumerate(data.split(b'\n'), 1):
            try:
                line.decode('utf-8')
            except UnicodeDecodeError as e:
                raise SyntaxError(
                    f"Non-UTF-8 code starting with '\\x{line[e.start]:02x}' in file {filename} "
                    f"on line {number}, but no encoding declared; "
                    "see https://peps.python.org/pep-0263/ for details") from None
        return data.decode('utf-8')
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return data.decode(encoding, 'replace')
    except (SyntaxError, LookupError):
        return data.decode('utf-8', 'replace')  # compile() reports the cookie


def run_file(path: str, overrides: dict, max_time: float, max_iterations: int) -> int:
    try:
        with open(path, "rb") as f:
            source = f.read()
    except OSError as e:
        print(f"{path}: {e.strerror}", file=sys.stderr)
        return EXIT_USAGE
    try:
        text = decode_program(source, path)
    except SyntaxError as e:
        print(f"SyntaxError: {e.msg}", file=sys.stderr)
        return EXIT_USAGE
    try:
        if overrides:
            source = lesson_params.apply_overrides(text, overrides)
    except lesson_params.UnknownParameter as e:
        print(f"{path}: --set {e.name}: unknown parameter {e.name!r} "
              f"(no top-level '{e.name} = <literal>')", file=sys.stderr)
        return EXIT_USAGE
    except ValueError as e:
        print(f"{path}: --set: {e}", file=sys.stderr)
        return EXIT_USAGE
    except SyntaxError:
        pass  # reported by compile() below
    try:
        code = compile(source, path, "exec", dont_inherit=True)
    except SyntaxError as e:
        print(f"{e.filename or path}:{e.lineno}:{e.offset}: {type(e).__name__}: {e.msg}",
              file=sys.stderr)
        return EXIT_USAGE

    budget = Budget(max_time, max_iterations)
    policy = install(budget)
    import types
    mod = types.ModuleType("__main__")
    mod.__file__ = path
    mod.__builtins__ = __builtins__
    saved_main = sys.modules.get("__main__")
    sys.modules["__main__"] = mod
    sys.argv = [path]
    try:
        exec(code, mod.__dict__)
    except BaseException as e:  # noqa: B902
        d = _find_exc(e, Deadlock)
        if d is not None:
            loop = policy.loops[-1] if policy.loops else None
            print(f"deadlock: nothing ready and no timer pending at t={loop.time() if loop else 0.0:g}"
                  f" (iteration {budget.iterations})", file=sys.stderr)
            if loop is not None:
                for line in describe_pending(loop):
                    print(line, file=sys.stderr)
            return EXIT_DEADLOCK
        b = _find_exc(e, BudgetExceeded)
        if b is not None:
            loop = policy.loops[-1] if policy.loops else None
            print(f"budget exceeded: {b.args[0] if b.args else ''}"
                  f" (t={loop.time() if loop else 0.0:g}, iteration {budget.iterations})",
                  file=sys.stderr)
            return EXIT_BUDGET
        if isinstance(e, SystemExit):
            c = e.code
            if c is None:
                return EXIT_OK
            if isinstance(c, int):
                return c
            print(c, file=sys.stderr)
            return EXIT_EXCEPTION
        try:
            sys.stdout.flush()
        except Exception:
            pass
        traceback.print_exception(type(e), e, _trim_traceback(e.__traceback__, path))
        return EXIT_SIGINT if isinstance(e, KeyboardInterrupt) else EXIT_EXCEPTION
    finally:
        if saved_main is not None:
            sys.modules["__main__"] = saved_main
    return EXIT_OK


# --------------------------------------------------------------------------
# expected-output maintenance

def _programs(directory):
    return sorted(f for f in os.listdir(directory)
                  if f.endswith(".py") and f[:1].isdigit())


def _run_sub(python, path):
    import subprocess
    r = subprocess.run([python, os.path.abspath(__file__), path],
                       capture_output=True, text=True)
    return r.returncode, r.stdout, r.stderr


def regen_expected(directory, python) -> int:
    exp_dir = os.path.join(directory, "expected")
    os.makedirs(exp_dir, exist_ok=True)
    for f in _programs(directory):
        name = f[:-3]
        status, out, err = _run_sub(python, os.path.join(directory, f))
        with open(os.path.join(exp_dir, name + ".out"), "w", encoding="utf-8") as fh:
            fh.write(out)
        with open(os.path.join(exp_dir, name + ".status"), "w", encoding="utf-8") as fh:
            fh.write(f"{status}\n")
        print(f"{name}: status {status}, {len(out.splitlines())} lines")
    return EXIT_OK


def check_expected(directory, python) -> int:
    exp_dir = os.path.join(directory, "expected")
    passed = failed = 0
    for f in _programs(directory):
        name = f[:-3]
        status, out, err = _run_sub(python, os.path.join(directory, f))
        try:
            with open(os.path.join(exp_dir, name + ".out"), encoding="utf-8") as fh:
                want_out = fh.read()
            with open(os.path.join(exp_dir, name + ".status"), encoding="utf-8") as fh:
                want_status = int(fh.read().strip())
        except OSError:
            print(f"MISSING {name}")
            failed += 1
            continue
        if out == want_out and status == want_status:
            passed += 1
        else:
            failed += 1
            print(f"FAIL {name}: status {status} (want {want_status})")
            import difflib
            for line in difflib.unified_diff(want_out.splitlines(), out.splitlines(),
                                             "expected", "got", lineterm="", n=1):
                print("   " + line)
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(
        prog="reference_harness.py",
        description="Run an asyncio program under CPython's asyncio on a virtual clock.")
    ap.add_argument("file", nargs="?", help="program to run as __main__")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                    help="override a top-level NAME = <literal> (repeatable)")
    ap.add_argument("--max-time", type=float, default=DEFAULT_MAX_TIME, metavar="SECONDS",
                    help=f"virtual time budget (default {DEFAULT_MAX_TIME:g})")
    ap.add_argument("--max-iterations", type=int, default=DEFAULT_MAX_ITERATIONS, metavar="N",
                    help=f"loop iteration budget (default {DEFAULT_MAX_ITERATIONS})")
    ap.add_argument("--schedule", metavar="F",
                    help="replay a schedule file (condlab explore --schedule-out)")
    ap.add_argument("--regen-expected", metavar="DIR",
                    help="rewrite DIR/expected/NAME.out and NAME.status for every DIR/*.py")
    ap.add_argument("--check-expected", metavar="DIR",
                    help="compare every DIR/*.py against DIR/expected/")
    ap.add_argument("--python", default=sys.executable,
                    help="interpreter for --regen-expected/--check-expected")
    args = ap.parse_args(argv)
    if args.regen_expected:
        return regen_expected(args.regen_expected, args.python)
    if args.check_expected:
        return check_expected(args.check_expected, args.python)
    if not args.file:
        ap.print_usage(sys.stderr)
        print("reference_harness.py: error: FILE is required", file=sys.stderr)
        return EXIT_USAGE
    overrides = {}
    if args.schedule:
        global _schedule
        try:
            durations, overrides, cancels = load_schedule(args.schedule)
        except (OSError, ValueError) as e:
            print(f"{args.schedule}: {e}", file=sys.stderr)
            return EXIT_USAGE
        _schedule = ScheduleDurations(durations, cancels)
    for item in args.set:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            print(f"reference_harness.py: error: --set expects NAME=VALUE, got {item!r}",
                  file=sys.stderr)
            return EXIT_USAGE
        overrides[name.strip()] = value
    return run_file(args.file, overrides, args.max_time, args.max_iterations)


if __name__ == "__main__":
    _finish(main())
