"""# Cancellation during a wait

Two workers wait for a single job. Whoever takes it tells the other to go
home with `notify_all()`. The notifier posts the job with `notify()` at
`NOTIFY_AT`; a canceller cancels `w1` at `CANCEL_AT`.

## What to watch: the lock comes back

Cancel `w1` while it waits (before the notify). `wait()` must re-acquire the
lock before the `CancelledError` leaves it, so `w1`'s `except` block runs
**holding the lock** (it prints `lock held: True`). `async with` then
releases it. `w2` gets the job.

## What to watch: the lost notification

Now let the cancel land **right after** the `notify()` (`CANCEL_AT =
NOTIFY_AT`). `notify()` picked `w1` and marked it woken, but `w1` has not run
yet when the cancel arrives. In Python 3.11 the cancelled `w1` takes the
notification with it: nobody wakes `w2`, the job stays in the list and `w2`
waits forever. **Deadlock.** condlab's findings panel names it ("Notified, then
cancelled") and the deadlock explanation under `w2` says where its wake-up went.

This is CPython issue gh-112202. Python 3.13 fixed it: when *any*
exception leaves `wait()` (a cancellation, a timeout's cancellation, any
other error), `wait()` wakes one more waiter on its way out
(`self._notify(1)`), whether or not this waiter had been notified. The notification is never lost, but another waiter
may be woken for nothing: 3.13's documentation says a task *may* return from
`wait()` spuriously and must re-check the state. One more reason for the
`while` loop around `wait()` (or `wait_for(predicate)`).

## Defending against it

Wake more than you strictly need (`notify_all()`), or re-notify in the
cancelled task's `except` block before re-raising.

## Where to check

View → Explore timings lists the schedules that lose the job at the default
times, and the fix goal's cells (**Show cells**) check your workers wherever
the cancel lands.
"""
import asyncio

NOTIFY_AT = 2.0  # param: 0.5..4 step 0.5 | Job posted at (s)
CANCEL_AT = 1.0  # param: 0.5..4 step 0.5 | w1 cancelled at (s)

# goal: deadlock | Lose the notification: land the cancel right after notify().
# goal: fix complete over NOTIFY_AT, CANCEL_AT | Fix the workers: no lost job, wherever the cancel lands.
# goal: schedule deadlock | Be the event loop: at the default times, fire the timers so the cancel lands right after notify().
# compare: cancel-before-notify: CANCEL_AT=1.0
# compare: cancel-after-notify: CANCEL_AT=2.0
# compare: cancel-too-late: CANCEL_AT=3.0
# expect: default -> complete
# expect: cancel-before-notify -> output "1.0 w1 cancelled, lock held: True"
# expect: cancel-after-notify -> deadlock
# expect: cancel-too-late -> complete
# expect: NOTIFY_AT=3.0 CANCEL_AT=3.0 -> deadlock
# expect: cancel-before-notify -> metric wakeups 1
# expect: cancel-before-notify -> no finding lost_notify
# expect: cancel-after-notify -> metric wakeups 0
# expect: cancel-too-late -> metric wakeups 2
# expect: cancel-too-late -> no finding lost_notify
# expect: cancel-after-notify -> finding notified_then_cancelled
# expect: cancel-before-notify -> no finding notified_then_cancelled
# predict: in cancel-after-notify at first notify ask woken includes w2 | notify() at t=2, and w1 is cancelled right after. Does w2 wake?
# predict: choices yes | *no
# predict: reveal notify() picked w1 (waiting longest); the cancel arrives before w1 runs, and Python
# predict: reveal 3.11 drops its wake-up. w2 was never notified: it waits for ever.

cond = asyncio.Condition()
jobs = []
taken = False


def now():
    return asyncio.get_running_loop().time()


async def worker(name):
    global taken
    async with cond:
        try:
            while not jobs and not taken:
                await cond.wait()
        except asyncio.CancelledError:
            print(f"{now():.1f} {name} cancelled, lock held: {cond.locked()}")
            raise
        if jobs:
            taken = True
            print(f"{now():.1f} {name} took {jobs.pop()}")
            cond.notify_all()
        else:
            print(f"{now():.1f} {name} goes home")


async def notifier():
    await asyncio.sleep(NOTIFY_AT)
    async with cond:
        jobs.append("the job")
        print(f"{now():.1f} notifier: notify()")
        cond.notify()


async def canceller(task):
    await asyncio.sleep(CANCEL_AT)
    print(f"{now():.1f} canceller: cancel w1")
    task.cancel()


async def main():
    w1 = asyncio.create_task(worker("w1"), name="w1")
    w2 = asyncio.create_task(worker("w2"), name="w2")
    others = asyncio.gather(
        asyncio.create_task(notifier(), name="notifier"),
        asyncio.create_task(canceller(w1), name="canceller"),
    )
    try:
        await w1
    except asyncio.CancelledError:
        print(f"{now():.1f} main: w1 was cancelled")
    await w2
    await others


asyncio.run(main())
