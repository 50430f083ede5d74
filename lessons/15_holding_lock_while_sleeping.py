"""# Holding the lock while sleeping

Each worker computes a result (slow: `WORK` seconds) and adds it to a shared
list; a collector waits until all results are in:

```
await cond.wait_for(lambda: len(results) == WORKERS)
```

## What to watch

The slow work happens inside `async with cond:`. The lock lane stays
**yellow** (held, with waiters) and the workers' lanes are **red**: they
queue for the lock and run one after another. The total time is
`WORKERS * WORK`. With one worker nobody queues, and the mistake hides.

## Rule

Hold a condition's lock only to read or change the shared state. Never
`await` slow things (I/O, sleeps, other tasks) inside the critical section.

## The fix

Fix the worker in the code (Edit mode): do the slow work first, then take
the lock only for the instant of `append` and `notify()`. All workers then
sleep at the same time and the collector is done after a single `WORK`.

## Where to check

The compare view's metrics table (View → Compare A/B) puts the finishing time
of `one-worker` beside `four-workers`, and the Diagnostics panel names the
lock held across a sleep. The fix goal's cells (**Show cells**) check your
program for every number of workers and work time.
"""
import asyncio

WORKERS = 4  # param: 1..6 | Workers
WORK = 1.0  # param: 0.5..3 step 0.5 | Work per worker (s)

# goal: fix complete and finish_time <= 3.0 over WORKERS, WORK | Fix the workers (Edit mode): all results in within 3 s, for any number of workers and any work time.
# compare: one-worker: WORKERS=1
# compare: four-workers: WORKERS=4
# expect: default -> output "collector: all results in at 4.0"
# expect: four-workers -> output "collector: all results in at 4.0"
# expect: one-worker -> output "collector: all results in at 1.0"
# expect: four-workers -> finding lock_held_across_sleep
# expect: four-workers -> metric wakeups 1
# expect: four-workers -> metric wasted_wakeups 0
# expect: four-workers -> no finding lost_notify
# expect: one-worker -> metric wakeups 1
# predict: at start ask metric finish_time | Four workers each work 1 s inside `async with cond`. When is the run over?
# predict: choices 1.0 | 2.0 | *4.0 | 8.0
# predict: reveal The lock is held across the sleep, so the workers take turns: 4 x 1 s = 4.0.

cond = asyncio.Condition()
results = []


def now():
    return asyncio.get_running_loop().time()


async def worker(n):
    async with cond:
        await asyncio.sleep(WORK)
        results.append(n * n)
        cond.notify()
    print(f"{now():.1f} worker {n} done")


async def collector():
    async with cond:
        await cond.wait_for(lambda: len(results) == WORKERS)
    print(f"collector: all results in at {now():.1f}")


async def main():
    tasks = [asyncio.create_task(collector(), name="collector")]
    tasks += [asyncio.create_task(worker(n), name=f"worker{n}") for n in range(WORKERS)]
    await asyncio.gather(*tasks)


asyncio.run(main())
