"""# Deadlock by lock order

Two tasks each need two locks, `accounts` and `audit`. Task `a` takes
`accounts`, works for `A_WORK` seconds, then takes `audit`. Task `b` starts at
`B_START` and takes them the other way round.

## What to watch

If `b` starts late, the two critical sections never overlap and everything
completes. Start `b` while `a` is still working: `b` grabs `audit`, `a` then
waits for `audit` (red), `b` waits for `accounts` (red). Each holds what the
other needs: nothing can move, **deadlock**. Only the `audit` row is visibly
**yellow** (held by `b`, with `a` waiting): `accounts` gets its waiter in the
run's very last step, when `b` asks for it and the run ends.

Conditions built on these locks inherit the problem: `wait()` only releases
its *own* lock, so a task waiting on one condition while holding another lock
blocks everyone who needs that other lock.

## The fix

Fix task `b` in the code (Edit mode). Pick one global order and always take
locks in that order. Then whoever gets the first lock is guaranteed to get
the second one eventually. Better still: hold one lock at a time.

## Where to check

View → Explore timings finds the deadlock at the default timing, where
CPython's own order completes: the two tasks need only another order of
their sleeps. The fix goal's cells (**Show cells**) check every timing.
"""
import asyncio

A_WORK = 1.0  # param: 0.5..3 step 0.5 | a's work while holding the first lock (s)
B_START = 2.0  # param: 0..3 step 0.5 | b starts at (s)
B_WORK = 1.0  # param: 0.5..3 step 0.5 | b's work while holding the first lock (s)

# goal: deadlock | Make the two tasks block each other for ever.
# goal: fix complete over A_WORK, B_START, B_WORK | Fix task b (Edit mode): no deadlock, whatever the timing.
# goal: schedule deadlock | Be the event loop: at the default timing, choose which sleep ends first so each task holds the lock the other needs.
# compare: b-early: B_START=0.5
# compare: b-late: B_START=2.0
# expect: default -> complete
# expect: b-early -> deadlock
# expect: b-late -> complete
# expect: B_START=0.0 -> deadlock
# predict: in b-early at end ask blame stuck a | Task a holds accounts; b holds audit. Where is a stuck?
# predict: choices "async with locks[first]:" | *"async with locks[second]:" | "await asyncio.sleep(work)"
# predict: reveal Each task holds its first lock and waits for its second, which the other holds: a
# predict: reveal cycle, so neither `async with locks[second]` ever gets its lock.

locks = {"accounts": asyncio.Lock(), "audit": asyncio.Lock()}


def now():
    return asyncio.get_running_loop().time()


async def transfer(name, first, second, work):
    async with locks[first]:
        print(f"{now():.1f} {name}: got {first}")
        await asyncio.sleep(work)
        print(f"{now():.1f} {name}: waiting for {second}")
        async with locks[second]:
            print(f"{now():.1f} {name}: got both, done")


async def task_b():
    await asyncio.sleep(B_START)
    await transfer("b", "audit", "accounts", B_WORK)


async def main():
    await asyncio.gather(
        asyncio.create_task(transfer("a", "accounts", "audit", A_WORK), name="a"),
        asyncio.create_task(task_b(), name="b"),
    )


asyncio.run(main())
