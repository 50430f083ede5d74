"""# Notify without the lock

The producer sets `ready = True` and calls `cond.notify()` without
`async with cond:` around it.

## What to watch

With the lock free, `notify()` fails at once:

```
RuntimeError: cannot notify on un-acquired lock
```

## Why asyncio insists

The consumer's "check `ready`, then wait" must not be split by the producer's
"set `ready`, then notify". The lock is what keeps them apart. Here the
consumer even awaits something between its check and its `wait()` (it writes
a log line, which takes `LOG_DELAY` seconds) while holding the lock. A
producer that takes the lock simply queues (red) until the consumer waits.

## The sneaky part

asyncio only checks that the lock is **locked**, not that *you* hold it. Set
`LOG_DELAY` longer than `PRODUCER_DELAY`: the consumer holds the lock, so the
lock-less `notify()` passes the check, wakes nobody (the consumer is not
waiting yet) and the consumer then waits forever. No error, just a hang.

## Which repair?

`NOTIFY` chooses how the producer notifies. Besides the bare call there are
three repairs you may meet in real code: notify only `if cond.locked()`,
catch the `RuntimeError` and carry on, or take the lock (`with_lock`). Only
one of them is right for every pair of delays. Reason it out, check it on
the timeline and in the outcome map (View → Outcome map, `NOTIFY` across),
then write it into the program (Edit mode): the fix goal's cells (**Show
cells**) all turn green only for the right one.
"""
import asyncio

NOTIFY = "bare"  # param: choice "bare", "if_locked", "ignore_error", "with_lock" | How the producer notifies
PRODUCER_DELAY = 1.0  # param: 0..3 step 0.5 | Producer delay (s)
LOG_DELAY = 0.0  # param: 0..3 step 0.5 | Consumer logging time under the lock (s)

# goal: deadlock | Make the bare, lock-less notify() slip through without an error.
# goal: fix complete over PRODUCER_DELAY, LOG_DELAY | Fix the producer: the consumer must finish for every pair of delays.
# compare: no-lock: NOTIFY="bare"
# compare: no-lock-while-held: NOTIFY="bare" LOG_DELAY=2.0
# compare: if-locked: NOTIFY="if_locked"
# compare: ignore-error: NOTIFY="ignore_error"
# expect: default -> exception RuntimeError
# expect: no-lock -> exception RuntimeError
# expect: no-lock-while-held -> deadlock
# expect: if-locked -> deadlock
# expect: NOTIFY="if_locked" LOG_DELAY=2.0 -> deadlock
# expect: ignore-error -> deadlock
# expect: NOTIFY="ignore_error" LOG_DELAY=2.0 -> deadlock
# expect: NOTIFY="with_lock" LOG_DELAY=2.0 -> complete
# expect: NOTIFY="with_lock" -> complete
# expect: no-lock -> finding notify_without_lock
# expect: no-lock-while-held -> finding notify_without_lock
# expect: NOTIFY="with_lock" LOG_DELAY=2.0 -> no finding notify_without_lock
# expect: NOTIFY="with_lock" LOG_DELAY=2.0 -> metric wakeups 1
# expect: ignore-error -> metric wakeups 0
# predict: at start ask outcome | The consumer is waiting when the producer calls notify() without the lock. What happens?
# predict: choices complete | deadlock | *exception RuntimeError
# predict: reveal notify() checks that the lock is held: "cannot notify on un-acquired lock".
# predict: in no-lock-while-held at start ask outcome | Now the consumer holds the lock (logging, not yet waiting) when the producer calls notify() without it. What happens?
# predict: choices complete | *deadlock | exception RuntimeError
# predict: reveal The lock is held (by the consumer), so the check passes: notify() finds no waiter and
# predict: reveal does nothing. The consumer then waits for ever. The check is locked(), not ownership.
# predict: in ignore-error at start ask outcome | The producer catches the RuntimeError and carries on. How does the run end?
# predict: choices complete | *deadlock | exception RuntimeError
# predict: reveal Deadlock: the error is gone, and so is the notification. The consumer was waiting and
# predict: reveal nothing wakes it. Silencing the error does not deliver the wake-up.

cond = asyncio.Condition()
ready = False


def now():
    return asyncio.get_running_loop().time()


async def consumer():
    async with cond:
        while not ready:
            print(f"{now():.1f} consumer: not ready, logging")
            await asyncio.sleep(LOG_DELAY)
            print(f"{now():.1f} consumer: waiting")
            await cond.wait()
        print(f"{now():.1f} consumer: done")


async def producer():
    global ready
    await asyncio.sleep(PRODUCER_DELAY)
    if NOTIFY == "with_lock":
        async with cond:
            ready = True
            cond.notify()
    else:
        ready = True
        print(f"{now():.1f} producer: notify() without the lock")
        if NOTIFY == "bare":
            cond.notify()
        elif NOTIFY == "if_locked":
            if cond.locked():
                cond.notify()
        else:  # "ignore_error"
            try:
                cond.notify()
            except RuntimeError:
                print(f"{now():.1f} producer: RuntimeError ignored")
    print(f"{now():.1f} producer: notified")


async def main():
    await asyncio.gather(
        asyncio.create_task(consumer(), name="consumer"),
        asyncio.create_task(producer(), name="producer"),
    )


asyncio.run(main())
