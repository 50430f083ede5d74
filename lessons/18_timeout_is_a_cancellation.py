"""# A timeout is a cancellation

The waiter gives up on a job after `TIMEOUT` seconds:

```
async with cond:
    try:
        while not jobs:
            await asyncio.wait_for(cond.wait(), TIMEOUT)
    except TimeoutError:
        return                   # "no job came": gives up
```

The producer takes the lock at `JOB_AT`, prepares the job for `PREP`
seconds while holding it, appends it and calls `notify()`.

## What to watch

In Python 3.11 `wait_for` runs `cond.wait()` in a task of its own (the lane
`waiter's Condition.wait`). A timeout does not stop that wait politely: at the
deadline `wait_for` **cancels** it, and `wait()` must re-acquire the lock
before the cancellation can leave it.

Let the deadline fall while the producer prepares the job
(`deadline-during-prep`): the wait lane turns red (blocked on the lock), the
producer appends the job and its `notify()` finds nobody waiting (the `cond`
row has no waiter after the deadline), and only then does `TimeoutError` reach the waiter, with
the job already in the list. The waiter gives up next to it; `main` reports
the job left behind (`AssertionError`). A job that comes after the deadline
(`no-job-in-time`) is a fair timeout: nothing was there to take.

A notify *at* the deadline is no better (`notify-at-deadline`): the timeout
and the producer fall due together, the cancellation comes first, and the
notify again finds nobody waiting.

## Why

`TimeoutError` says the *wait* ran out, not that the state is still false. In
the `except` block the lock is held again: that is the moment to look.

## The fix

Re-check the predicate in `except TimeoutError` before giving up. The same
holds for `async with asyncio.timeout(TIMEOUT):` around the wait (3.11) and
for `wait_for(cond.wait_for(pred), TIMEOUT)`: both end in a cancelled wait
that re-acquires the lock. Python 3.12 runs `wait_for`'s awaitable in the
same task instead of a new one; the re-check is still needed.

## Where to check

The fix goal's cells (**Show cells**) check your waiter for every producer
timing; the compare view (View → Compare A/B) puts the presets side by side.
"""
import asyncio

TIMEOUT = 2.0  # param: 0.5..3 step 0.5 | Waiter's timeout (s)
JOB_AT = 0.5  # param: 0..3 step 0.5 | Producer takes the lock at (s)
PREP = 0.5  # param: 0..2 step 0.5 | Producer prepares the job under the lock for (s)

# goal: fix complete over JOB_AT, PREP | Fix the waiter: no job left behind, for every producer timing.
# goal: output "2.0 waiter: TimeoutError, jobs waiting: 1" | Make the TimeoutError arrive on time, with the job already there.
# compare: job-in-time: JOB_AT=0.5 PREP=0.5
# compare: deadline-during-prep: JOB_AT=1.5 PREP=1.0
# compare: notify-at-deadline: JOB_AT=2.0 PREP=0.0
# compare: no-job-in-time: JOB_AT=3.0 PREP=0.0
# expect: default -> complete
# expect: job-in-time -> output "1.0 waiter: got job 1"
# expect: deadline-during-prep -> exception AssertionError
# expect: deadline-during-prep -> output "2.5 waiter: TimeoutError, jobs waiting: 1"
# expect: notify-at-deadline -> exception AssertionError
# expect: notify-at-deadline -> output "2.0 waiter: TimeoutError, jobs waiting: 1"
# expect: no-job-in-time -> complete
# expect: no-job-in-time -> output "2.0 waiter: TimeoutError, jobs waiting: 0"
# expect: JOB_AT=1.0 PREP=1.0 -> exception AssertionError
# predict: in deadline-during-prep at first acquire by producer ask time first print by waiter | The producer takes the lock at t=1.5 and prepares the job until t=2.5; the waiter's deadline is t=2. When does the waiter print its TimeoutError line?
# predict: choices 2.0 | *2.5
# predict: reveal At t=2 the wait is cancelled, but it must take the lock back first; the producer holds
# predict: reveal it until t=2.5. The TimeoutError arrives then, after the job was appended.
# predict: in deadline-during-prep at start ask outcome | The job is in the list when the TimeoutError arrives. How does the run end?
# predict: choices complete | *exception AssertionError | deadlock
# predict: reveal The waiter trusts the TimeoutError and gives up without looking: main finds the job
# predict: reveal left behind. Re-check `jobs` in the except block (the lock is held there).

cond = asyncio.Condition()
jobs = []
done = []
left_behind = []


def now():
    return asyncio.get_running_loop().time()


async def waiter():
    async with cond:
        print(f"{now():.1f} waiter: waiting, timeout {TIMEOUT}")
        try:
            while not jobs:
                await asyncio.wait_for(cond.wait(), TIMEOUT)
        except TimeoutError:
            print(f"{now():.1f} waiter: TimeoutError, jobs waiting: {len(jobs)}")
            left_behind.extend(jobs)
            return
        done.append(jobs.pop())
        print(f"{now():.1f} waiter: got job {done[-1]}")


async def producer():
    await asyncio.sleep(JOB_AT)
    async with cond:
        print(f"{now():.1f} producer: preparing the job")
        await asyncio.sleep(PREP)
        jobs.append(1)
        print(f"{now():.1f} producer: job 1 ready, notify()")
        cond.notify()


async def main():
    await asyncio.gather(
        asyncio.create_task(waiter(), name="waiter"),
        asyncio.create_task(producer(), name="producer"),
    )
    assert not left_behind, "the waiter gave up while a job was waiting"


asyncio.run(main())
