"""Held-lock wait_for stress: 1 000 tasks, 100 notify_all rounds, no wasted wake-up.

Each task takes the lock once and keeps it (but inside wait) in a loop around
`await cond.wait_for(lambda: gen > mine)`, recording the generation it has seen. A driver
bumps `gen` under the lock and calls notify_all(), 100 times; it runs again only after every
woken task has waited again, so every wake-up finds its predicate true: 100 000 wake-ups,
none wasted. Run by bench/bench_process.cpp as whole processes (`condlab run
--no-line-trace` against `python3 tools/reference_harness.py`); runs unchanged under
python3.
"""
import asyncio

WAITERS = 1000
ROUNDS = 100

gen = 0
wakeups = 0


async def waiter(cond):
    global wakeups
    mine = 0
    async with cond:
        while mine < ROUNDS:
            await cond.wait_for(lambda: gen > mine)
            mine = gen
            wakeups += 1


async def main():
    global gen
    cond = asyncio.Condition()
    tasks = [asyncio.create_task(waiter(cond)) for _ in range(WAITERS)]
    await asyncio.sleep(0)  # every waiter waits
    for _ in range(ROUNDS):
        async with cond:
            gen += 1
            cond.notify_all()
        await asyncio.sleep(0)  # runs after every woken waiter has waited again
    await asyncio.gather(*tasks)
    print(f"rounds: {gen}, wake-ups: {wakeups}")


asyncio.run(main())
