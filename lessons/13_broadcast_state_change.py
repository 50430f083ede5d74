"""# Broadcasting a state change

Workers wait for jobs *or* for shutdown:

```
while not jobs and not closing:
    await cond.wait()
```

The boss hands out jobs with `notify()` (one job, one worker: fine). At the
end it sets `closing = True` and wakes the workers so they can leave.

## What to watch

With one worker, `notify()` at shutdown works. Add a second worker: only one
lane leaves; the others stay violet forever, and `gather` waits for them:
**deadlock**.

## Why

A job is for **one** worker; shutdown is news for **everyone**. A state change
that every waiter must see needs `notify_all()`. `notify()` wakes a single
waiter, and the others never learn that the flag changed, because nobody
else will ever notify again.

## The fix

Fix the boss in the code (Edit mode): the shutdown must reach every waiting
worker. Keep `notify()` for the jobs: each job is for one worker.

## Where to check

Open the outcome map (View → Outcome map, `WORKERS` across, `JOBS` down):
the shipped boss deadlocks from two workers on. The fix goal's cells
(**Show cells**) check your own program for every number of workers and jobs.
"""
import asyncio

WORKERS = 1  # param: 1..5 | Workers
JOBS = 2  # param: 0..6 | Jobs before shutdown

# goal: fix complete over WORKERS, JOBS | Fix the shutdown (Edit mode): every worker leaves, for any number of workers and jobs.
# compare: one-worker: WORKERS=1
# compare: three-workers: WORKERS=3
# expect: default -> complete
# expect: one-worker -> complete
# expect: three-workers -> deadlock
# expect: WORKERS=2 -> deadlock
# expect: default -> metric wakeups 2
# expect: default -> no finding lost_notify
# expect: three-workers -> metric wakeups 3
# predict: in three-workers at line "closing = True" ask woken | Three workers: w0 and w1 did a job each and waited again; w2 has waited since the start. The boss sets closing and calls notify(). Whom does it wake?
# predict: choices w0 | w1 | *w2 | w0, w1, w2
# predict: reveal notify() wakes one waiter, the one waiting longest: w2, which leaves. w0 and w1 keep
# predict: reveal waiting for a notify that never comes: a change everybody must see needs notify_all().

cond = asyncio.Condition()
jobs = []
closing = False


def now():
    return asyncio.get_running_loop().time()


async def worker(name):
    done = 0
    while True:
        async with cond:
            while not jobs and not closing:
                await cond.wait()
            if not jobs:
                print(f"{now():.1f} {name} leaves after {done} job(s)")
                return
            job = jobs.pop(0)
        print(f"{now():.1f} {name} works on {job}")
        await asyncio.sleep(1)
        done += 1


async def boss():
    global closing
    for n in range(JOBS):
        await asyncio.sleep(0.5)
        async with cond:
            jobs.append(f"job{n}")
            cond.notify()
    await asyncio.sleep(2)
    async with cond:
        closing = True
        print(f"{now():.1f} boss: closing, notify()")
        cond.notify()


async def main():
    tasks = [asyncio.create_task(worker(f"w{i}"), name=f"w{i}") for i in range(WORKERS)]
    tasks.append(asyncio.create_task(boss(), name="boss"))
    await asyncio.gather(*tasks)


asyncio.run(main())
