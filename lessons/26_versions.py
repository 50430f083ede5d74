"""# Versions: what changed after 3.11

condlab runs programs as Python 3.11 does, and every timeline in these lessons
shows 3.11's behaviour. This lesson is the one place that also talks about
what the timeline does not show: how Python 3.12 and 3.13 changed conditions.

Two workers wait for one job. A producer posts it at `JOB_AT` with
`notify()`; a supervisor ends `w1`'s shift at `SHIFT_END` by cancelling it.
Whoever takes the job tells the other to go home with `notify_all()`.

## What to watch (3.11)

With the defaults, `w1` takes the job at t=1 and `w2` goes home. Now end the
shift exactly when the job arrives (`JOB_AT = SHIFT_END`): `notify()` picks
`w1`, the cancellation reaches `w1` before it runs, and 3.11 drops the
notification with it (lesson 20). `w2` waits for ever: **deadlock**. You do
not have to find that setting by hand: `condlab explore` on the default
program searches the timings near it and reports the deadlock with the
deviation that causes it.

## What changed

- **3.12**: `wait_for` is built on `asyncio.timeout()` and runs the awaitable
  in the calling task, not in a new one (lesson 19's extra lane disappears);
  a timeout still reaches a condition wait as a cancellation, and the
  notification can still be lost as above.
- **3.13** (gh-112202): when any exception leaves `wait()`, the waiter passes
  a notification on (`self._notify(1)`), whether or not it had been
  notified. Here `w2` would wake and take the job. The price: a waiter may
  now wake when nothing changed for it, and the documentation says `wait()`
  may return spuriously. A `while` loop or `wait_for(predicate)` was always
  right, and now it is required.
- **3.13** also added `Queue.shutdown()`: `put()` then raises
  `QueueShutDown`, and so does `get()` once the queue is empty, a built-in
  stop signal instead of lesson 25's sentinels.

## Writing code for every version

Keep the state in variables, check it in a `while` loop under the lock, and
in an `except` around a wait re-check before you give up or re-raise. Code
written that way behaves the same on 3.11, 3.12 and 3.13.
"""
import asyncio

JOB_AT = 1.0  # param: 0.5..3 step 0.5 | Job posted at (s)
SHIFT_END = 2.5  # param: 0.5..3 step 0.5 | Supervisor cancels w1 at (s)

# goal: deadlock | Lose the notification the way only 3.11 does.
# compare: job-first: JOB_AT=1.0 SHIFT_END=2.5
# compare: shift-ends-with-the-job: JOB_AT=2.0 SHIFT_END=2.0
# compare: shift-ends-first: JOB_AT=2.0 SHIFT_END=1.0
# expect: default -> complete
# expect: job-first -> output "1.0 w1 took the job"
# expect: shift-ends-with-the-job -> deadlock
# expect: shift-ends-with-the-job -> finding notified_then_cancelled
# expect: shift-ends-first -> output "2.0 w2 took the job"
# expect: JOB_AT=3.0 SHIFT_END=3.0 -> deadlock
# predict: in shift-ends-with-the-job at first notify ask woken includes w2 | The job arrives and w1's shift ends at the same instant, t=2. In 3.11, does w2 wake?
# predict: choices yes | *no
# predict: reveal notify() picked w1; the cancel reached w1 before it ran, and 3.11 drops the wake-up
# predict: reveal with it. In 3.13 the cancelled w1 would pass it on and w2 would take the job.
# predict: in shift-ends-first at first cancel ask woken includes w2 | Now the shift ends at t=1, before the job (t=2). Does the notify at t=2 wake w2?
# predict: choices *yes | no
# predict: reveal w1 left the queue of waiters when it was cancelled, so at t=2 w2 is the only one
# predict: reveal waiting and notify() picks it. Only the same-instant case loses the job in 3.11.

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
            print(f"{now():.1f} {name}: shift over")
            raise
        if jobs:
            taken = True
            jobs.pop()
            print(f"{now():.1f} {name} took the job")
            cond.notify_all()
        else:
            print(f"{now():.1f} {name} goes home")


async def producer():
    await asyncio.sleep(JOB_AT)
    async with cond:
        jobs.append("job")
        print(f"{now():.1f} producer: job posted, notify()")
        cond.notify()


async def supervisor(task):
    await asyncio.sleep(SHIFT_END)
    print(f"{now():.1f} supervisor: w1's shift ends")
    task.cancel()


async def main():
    w1 = asyncio.create_task(worker("w1"), name="w1")
    w2 = asyncio.create_task(worker("w2"), name="w2")
    others = asyncio.gather(
        asyncio.create_task(producer(), name="producer"),
        asyncio.create_task(supervisor(w1), name="supervisor"),
    )
    try:
        await w1
    except asyncio.CancelledError:
        pass
    await w2
    await others


asyncio.run(main())
