"""# Notify without the lock

The producer sets `ready = True` and calls `cond.notify()`, with or without
`async with cond:` around it.

## What to watch

With `LOCKED = False` and the lock free, `notify()` fails at once:

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
"""
import asyncio

LOCKED = False  # param: bool | Producer holds the lock
PRODUCER_DELAY = 1.0  # param: 0..3 step 0.5 | Producer delay (s)
LOG_DELAY = 0.0  # param: 0..3 step 0.5 | Consumer logging time under the lock (s)

# goal: deadlock | Make the lock-less notify() slip through without an error.
# goal: fix complete over PRODUCER_DELAY, LOG_DELAY | Fix the producer: the consumer must finish for every pair of delays.
# compare: no-lock: LOCKED=False
# compare: no-lock-while-held: LOCKED=False LOG_DELAY=2.0
# compare: with-lock: LOCKED=True LOG_DELAY=2.0
# expect: default -> exception RuntimeError
# expect: no-lock -> exception RuntimeError
# expect: no-lock-while-held -> deadlock
# expect: with-lock -> complete
# expect: LOCKED=True -> complete
# expect: no-lock -> finding notify_without_lock
# expect: no-lock-while-held -> finding notify_without_lock
# expect: with-lock -> no finding notify_without_lock
# expect: with-lock -> metric wakeups 1
# predict: at start ask outcome | The consumer is waiting when the producer calls notify() without the lock. What happens?
# predict: choices complete | deadlock | *exception RuntimeError
# predict: reveal notify() checks that the lock is held: "cannot notify on un-acquired lock".
# predict: in no-lock-while-held at start ask outcome | Now the consumer holds the lock (logging, not yet waiting) when the producer calls notify() without it. What happens?
# predict: choices complete | *deadlock | exception RuntimeError
# predict: reveal The lock is held (by the consumer), so the check passes: notify() finds no waiter and
# predict: reveal does nothing. The consumer then waits for ever. The check is locked(), not ownership.

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
    if LOCKED:
        async with cond:
            ready = True
            cond.notify()
    else:
        ready = True
        print(f"{now():.1f} producer: notify() without the lock")
        cond.notify()
    print(f"{now():.1f} producer: notified")


async def main():
    await asyncio.gather(
        asyncio.create_task(consumer(), name="consumer"),
        asyncio.create_task(producer(), name="producer"),
    )


asyncio.run(main())
