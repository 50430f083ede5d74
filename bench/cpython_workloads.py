#!/usr/bin/env python3
"""CPython side of condlab's runtime benchmark.

Runs each workload under CPython 3.11's real asyncio on the virtual-clock loop
of tools/reference_harness.py (so sleeps cost no wall time), times it with
time.perf_counter, repeats it 3 times and prints one JSON object per line:

    {"workload": "...", "ops": N, "ns_per_op": <median over the repeats>}

The C++ benchmark must mirror every workload EXACTLY as defined in the
comment above it (same tasks, same creation order, same loops, same op count).
With --verbose, a deterministic per-workload check value (virtual end time,
loop iterations, and a workload counter) goes to stderr so the C++ side can
confirm it ran the same schedule.

    python3 bench/cpython_workloads.py [--quick] [--repeat N] [--only NAME] [--verbose]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
import reference_harness as rh  # noqa: E402


# (a) condition_ping_pong
# One Condition, shared int `turn` = 0, two tasks created ping then pong.
#   ping: repeat R times: async with cond: while turn != 0: await cond.wait();
#         turn = 1; cond.notify()
#   pong: repeat R times: async with cond: while turn != 1: await cond.wait();
#         turn = 0; cond.notify()
#   main: await gather(ping(), pong())
# op = one round trip (ping hands to pong and pong hands back). ops = R.
async def condition_ping_pong(rounds):
    cond = asyncio.Condition()
    turn = 0
    counter = 0

    async def player(me, other):
        nonlocal turn, counter
        for _ in range(rounds):
            async with cond:
                while turn != me:
                    await cond.wait()
                turn = other
                counter += 1
                cond.notify()

    await asyncio.gather(player(0, 1), player(1, 0))
    return rounds, counter


# (b) notify_all_fanout
# One Condition `cond`, int `gen` = 0, int `acked` = 0, W waiter tasks
# (created in index order), K rounds.
#   waiter: seen = 0; repeat K times: async with cond:
#             while gen == seen: await cond.wait()
#             seen = gen; acked += 1; if acked == W: cond.notify_all()
#   main: create the W waiters; await sleep(0) (they all start waiting);
#         repeat K times: async with cond: acked = 0; gen += 1;
#           cond.notify_all(); while acked < W: await cond.wait()
#         then await gather(all waiters)
#   (the last waiter to ack wakes main with notify_all, which also wakes
#    every waiter; they re-check `gen == seen` and wait again)
# op = one waiter wake-up that observes a new generation. ops = W * K.
async def notify_all_fanout(waiters, rounds):
    cond = asyncio.Condition()
    gen = 0
    acked = 0

    async def waiter():
        nonlocal acked
        seen = 0
        for _ in range(rounds):
            async with cond:
                while gen == seen:
                    await cond.wait()
                seen = gen
                acked += 1
                if acked == waiters:
                    cond.notify_all()

    tasks = [asyncio.create_task(waiter()) for _ in range(waiters)]
    await asyncio.sleep(0)
    for _ in range(rounds):
        async with cond:
            acked = 0
            gen += 1
            cond.notify_all()
            while acked < waiters:
                await cond.wait()
    await asyncio.gather(*tasks)
    return waiters * rounds, gen


# (c) lock_handoff
# One Lock, T tasks (created in index order), each does A acquisitions:
#   repeat A times: async with lock: counter += 1; await asyncio.sleep(0)
# (holding the lock across sleep(0) forces a FIFO hand-off to the next
#  waiter on every release.)  main: await gather(all tasks)
# op = one acquisition. ops = T * A (100 * 1000 = 100 000).
async def lock_handoff(tasks_n, per_task):
    lock = asyncio.Lock()
    counter = 0

    async def worker():
        nonlocal counter
        for _ in range(per_task):
            async with lock:
                counter += 1
                await asyncio.sleep(0)

    await asyncio.gather(*(worker() for _ in range(tasks_n)))
    return tasks_n * per_task, counter


# (d) equal_deadline_sleeps
# S tasks (created in index order i = 0..S-1), each: repeat K times:
#   await asyncio.sleep(i % 10)      (i % 10 == 0 is sleep(0): a bare yield)
# so thousands of timers share the same deadlines (heap ties).
# main: await gather(all tasks)
# op = one completed sleep() call. ops = S * K.
async def equal_deadline_sleeps(sleepers, rounds):
    woke = 0

    async def sleeper(i):
        nonlocal woke
        d = i % 10
        for _ in range(rounds):
            await asyncio.sleep(d)
            woke += 1

    await asyncio.gather(*(sleeper(i) for i in range(sleepers)))
    return sleepers * rounds, woke


# (e) wait_for_stress
# One Condition, int `gen` = 0, W waiter tasks (index order), K rounds.
#   waiter: seen = 0; while seen < K: async with cond:
#             await cond.wait_for(lambda: gen > seen); seen = gen
#   main: create waiters; await sleep(0);
#         repeat K times: async with cond: gen += 1; cond.notify_all()
#                         then await asyncio.sleep(0)
#         then await gather(all waiters)
#   (no acks: waiters that are still queued on the lock when the next
#    notify_all comes simply see a larger gen; every predicate call counts
#    as work. The check value is the total number of predicate calls.)
# op = one (waiter, round) pair. ops = W * K.
async def wait_for_stress(waiters, rounds):
    cond = asyncio.Condition()
    gen = 0
    pred_calls = 0

    async def waiter():
        nonlocal pred_calls
        seen = 0
        while seen < rounds:
            async with cond:
                def pred():
                    nonlocal pred_calls
                    pred_calls += 1
                    return gen > seen
                await cond.wait_for(pred)
                seen = gen

    tasks = [asyncio.create_task(waiter()) for _ in range(waiters)]
    await asyncio.sleep(0)
    for _ in range(rounds):
        async with cond:
            gen += 1
            cond.notify_all()
        await asyncio.sleep(0)
    await asyncio.gather(*tasks)
    return waiters * rounds, pred_calls


FULL = {
    "condition_ping_pong": (condition_ping_pong, (100_000,)),
    "notify_all_fanout": (notify_all_fanout, (1_000, 100)),
    "lock_handoff": (lock_handoff, (100, 1_000)),
    "equal_deadline_sleeps": (equal_deadline_sleeps, (10_000, 5)),
    "wait_for_stress": (wait_for_stress, (1_000, 100)),
}
QUICK = {
    "condition_ping_pong": (condition_ping_pong, (5_000,)),
    "notify_all_fanout": (notify_all_fanout, (100, 20)),
    "lock_handoff": (lock_handoff, (20, 250)),
    "equal_deadline_sleeps": (equal_deadline_sleeps, (1_000, 3)),
    "wait_for_stress": (wait_for_stress, (100, 20)),
}


def run_once(fn, args):
    budget = rh.Budget(None, None)
    t0 = time.perf_counter()
    holder = {}

    async def main():
        holder["ops"], holder["check"] = await fn(*args)
        holder["vtime"] = asyncio.get_running_loop().time()

    rh.run(main(), budget=budget)
    elapsed = time.perf_counter() - t0
    return holder["ops"], elapsed, (holder["check"], holder["vtime"], budget.iterations)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="scaled-down sizes")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", action="append", default=[], help="run only this workload")
    ap.add_argument("--verbose", action="store_true", help="check values on stderr")
    args = ap.parse_args(argv)
    table = QUICK if args.quick else FULL
    for name, (fn, fargs) in table.items():
        if args.only and name not in args.only:
            continue
        times = []
        ops = 0
        for _ in range(args.repeat):
            ops, elapsed, check = run_once(fn, fargs)
            times.append(elapsed)
            if args.verbose:
                print(f"{name}: check={check[0]} virtual_time={check[1]} "
                      f"iterations={check[2]} seconds={elapsed:.3f}", file=sys.stderr)
        ns = statistics.median(times) * 1e9 / ops
        print(json.dumps({"workload": name, "ops": ops, "ns_per_op": round(ns, 1)}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
