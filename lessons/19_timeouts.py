"""# Timeouts

A waiter gives up after `TIMEOUT` seconds:

```
async with cond:
    try:
        await asyncio.wait_for(cond.wait(), TIMEOUT)
    except TimeoutError:
        ...                      # the lock is held again here
```

## What to watch

In Python 3.11, `wait_for` runs `cond.wait()` in a new inner task. At the
deadline the inner task is cancelled, but `wait()` must **re-acquire the
lock** before it can finish, even when cancelled. Only then does
`TimeoutError` reach the waiter, which holds the lock inside `except`.

A **hog** task grabs the lock at `HOG_AT` and keeps it for `HOG_FOR`
seconds. Let it hold the lock across the deadline: the inner task turns red
(queued on the lock) and the `TimeoutError` arrives late, only when the hog
lets go. The printed line says how late.

A notifier due before the deadline (`NOTIFY_AT < TIMEOUT`), or at it, does
not guarantee a normal wake-up:

- `notify()` needs the lock too. Let the hog hold it from before `NOTIFY_AT`
  until after the deadline (`HOG_AT=0.5 HOG_FOR=3.0 NOTIFY_AT=1.0`): the
  notifier queues behind the hog, the deadline passes, and the `TimeoutError`
  arrives 1.5 s late; the notify finds nobody waiting.
- A notify *at* the deadline (`NOTIFY_AT = TIMEOUT`) can lose to the timeout;
  the order of the timers that fall due together decides. With
  `NOTIFY_AT=2.0` the timeout cancels the inner task first and the notify
  finds nobody waiting. With `HOG_AT=0.0 HOG_FOR=0.5 NOTIFY_AT=2.0` the notify
  wakes the inner task first, but the cancellation reaches it before it runs,
  and in 3.11 that swallows the notification (as in lesson 20): the waiter
  still gets `TimeoutError`.

The waiter's bare `await cond.wait()` (no state, no `while`) is lesson 05's
pattern, kept short here: a notify before it starts waiting would be lost.
Real code waits for a predicate:
`await asyncio.wait_for(cond.wait_for(lambda: ready), TIMEOUT)`.

## Lesson

A timeout on a condition wait bounds the *waiting*, not the time until your
code runs again: that also depends on who holds the lock.

## Where to check

The compare view (View → Compare A/B) shows `hog-after-deadline` beside
`hog-across-deadline`: the same timeout, the `TimeoutError` one second later
where the hog held the lock at the deadline.
"""
import asyncio

TIMEOUT = 2.0  # param: 0.5..4 step 0.5 | Waiter timeout (s)
HOG_AT = 3.0  # param: 0..5 step 0.5 | Hog takes the lock at (s)
HOG_FOR = 1.0  # param: 0.5..4 step 0.5 | Hog holds the lock for (s)
NOTIFY_AT = 5.0  # param: 0..6 step 0.5 | Notifier wakes the waiter at (s)

# goal: output "waiter: TimeoutError arrived 2.0 s after the deadline" | Make the TimeoutError arrive two seconds late.
# compare: hog-after-deadline: HOG_AT=3.0
# compare: hog-across-deadline: HOG_AT=1.0 HOG_FOR=2.0
# compare: notified-in-time: NOTIFY_AT=1.0
# expect: default -> output "waiter: TimeoutError arrived 0.0 s after the deadline"
# expect: hog-after-deadline -> output "waiter: TimeoutError arrived 0.0 s after the deadline"
# expect: hog-across-deadline -> output "waiter: TimeoutError arrived 1.0 s after the deadline"
# expect: notified-in-time -> output "1.0 waiter: notified, got the data"
# expect: HOG_AT=1.5 HOG_FOR=2.5 -> output "waiter: TimeoutError arrived 2.0 s after the deadline"
# expect: HOG_AT=0.5 HOG_FOR=3.0 NOTIFY_AT=1.0 -> output "waiter: TimeoutError arrived 1.5 s after the deadline"
# expect: NOTIFY_AT=2.0 -> output "2.0 notifier: notify()"
# expect: NOTIFY_AT=2.0 -> output "waiter: TimeoutError arrived 0.0 s after the deadline"
# expect: HOG_AT=0.0 HOG_FOR=0.5 NOTIFY_AT=2.0 -> output "waiter: TimeoutError arrived 0.0 s after the deadline"
# expect: default -> metric wakeups 0
# expect: default -> no finding lost_notify
# expect: notified-in-time -> metric wakeups 1
# expect: NOTIFY_AT=2.0 -> metric wakeups 0
# expect: NOTIFY_AT=2.0 -> no finding lost_notify
# expect: HOG_AT=0.0 HOG_FOR=0.5 NOTIFY_AT=2.0 -> metric wakeups 0
# predict: in hog-across-deadline at first acquire by hog ask time first print by waiter | The deadline is t=2; the hog holds the lock from t=1 to t=3. When does the waiter print its TimeoutError?
# predict: choices 2.0 | *3.0 | 4.0
# predict: reveal The timeout cancels the wait at t=2, but wait() must re-acquire the lock before the
# predict: reveal exception leaves it. The hog holds it until t=3: the TimeoutError arrives 1 s late.
# predict: in NOTIFY_AT=2.0 at first notify ask woken | The notifier calls notify() exactly at the deadline, t=2. Whom does it wake?
# predict: choices waiter | *nobody
# predict: reveal Nobody: the timeout and the notifier fall due together and the timeout's cancellation
# predict: reveal comes first; the cancelled wait has left the queue of waiters. A deadline is not a
# predict: reveal promise to see a notify made at that very instant.

cond = asyncio.Condition()


def now():
    return asyncio.get_running_loop().time()


async def waiter():
    async with cond:
        print(f"{now():.1f} waiter: waiting, timeout {TIMEOUT}")
        try:
            await asyncio.wait_for(cond.wait(), TIMEOUT)
            print(f"{now():.1f} waiter: notified, got the data")
        except TimeoutError:
            print(f"{now():.1f} waiter: TimeoutError, lock held: {cond.locked()}")
            print(f"waiter: TimeoutError arrived {now() - TIMEOUT:.1f} s after the deadline")


async def hog():
    await asyncio.sleep(HOG_AT)
    async with cond:
        print(f"{now():.1f} hog: holding the lock")
        await asyncio.sleep(HOG_FOR)
        print(f"{now():.1f} hog: releasing the lock")


async def notifier():
    await asyncio.sleep(NOTIFY_AT)
    async with cond:
        print(f"{now():.1f} notifier: notify()")
        cond.notify()


async def main():
    await asyncio.gather(
        asyncio.create_task(waiter(), name="waiter"),
        asyncio.create_task(hog(), name="hog"),
        asyncio.create_task(notifier(), name="notifier"),
    )


asyncio.run(main())
