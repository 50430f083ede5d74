"""# Notify before the change

Lesson 19 showed that only an `await` lets another task in. This lesson
applies that to the order of `notify()` and the state change. The producer
notifies *first* and sets `ready` after writing a log line (`LOG_DELAY`
seconds, an `await`):

```
async with cond:
    cond.notify()
    # LOG_UNDER_LOCK = True: the log is written here, inside the lock
# LOG_UNDER_LOCK = False: ... or here, after the lock is released
await log("notified")
ready = True
```

## What to watch

With the log **inside** the `async with`, notifying first is harmless: the
woken consumer must re-acquire the lock before it can look at `ready`, and
the producer keeps the lock until `ready` is true. The consumer's lane turns
red (queued on the lock) and then finds `ready` true.

With the log **after** the lock is released (as shipped), the consumer gets
the lock during the log, finds `ready` still false, and waits again (the
compare table counts one wasted wake-up). Nobody notifies a second time:
**deadlock**. A consumer that arrives during the log
(`CONSUMER_AT` between the notify and the end of the log) also finds `ready`
false and waits for ever.

## The rule

Change the state and notify in one critical section, with no `await` that
releases the lock in between. The order inside it does not matter; leaving
it in the middle does.
"""
import asyncio

LOG_UNDER_LOCK = False  # param: bool | Producer logs while holding the lock
CONSUMER_AT = 0.0  # param: 0..3 step 0.5 | Consumer starts at (s)
LOG_DELAY = 1.0  # param: 0..2 step 0.5 | Producer's log time after notify() (s)

# goal: fix complete over CONSUMER_AT, LOG_DELAY | Fix the producer: the consumer gets the data, whenever it starts and however long the log takes.
# compare: log-outside-lock: LOG_UNDER_LOCK=False
# compare: log-under-lock: LOG_UNDER_LOCK=True
# expect: default -> deadlock
# expect: log-outside-lock -> deadlock
# expect: log-under-lock -> complete
# expect: log-under-lock -> output "2.0 consumer: ready = True"
# expect: CONSUMER_AT=3.0 -> complete
# expect: log-outside-lock -> metric wasted_wakeups 1
# expect: log-under-lock -> metric wasted_wakeups 0
# expect: CONSUMER_AT=1.5 -> deadlock
# predict: in log-outside-lock at first notify ask next holder cond | The producer notifies at t=1, leaves the lock and logs for 1 s before setting ready. Who takes the lock next?
# predict: choices *consumer | producer | nobody
# predict: reveal The woken consumer: the lock is free during the log, so it re-acquires at once,
# predict: reveal finds `ready` still False and waits again. The later `ready = True` notifies nobody.
# predict: in log-under-lock at first notify ask outcome | Now the producer logs inside the lock, still notifying first. How does the run end?
# predict: choices *complete | deadlock
# predict: reveal The consumer is woken but must queue for the lock until the producer has set `ready`
# predict: reveal and left. When it gets the lock, `ready` is True. Notifying first is harmless here.

cond = asyncio.Condition()
ready = False


def now():
    return asyncio.get_running_loop().time()


async def log(message):
    print(f"{now():.1f} producer: {message}")
    await asyncio.sleep(LOG_DELAY)


async def producer():
    global ready
    await asyncio.sleep(1.0)
    async with cond:
        cond.notify()
        if LOG_UNDER_LOCK:
            await log("notified, logging under the lock")
            ready = True
    if not LOG_UNDER_LOCK:
        await log("notified, logging after the lock")
        ready = True
    print(f"{now():.1f} producer: ready = True")


async def consumer():
    await asyncio.sleep(CONSUMER_AT)
    async with cond:
        while not ready:
            print(f"{now():.1f} consumer: ready = False, waiting")
            await cond.wait()
        print(f"{now():.1f} consumer: ready = {ready}")


async def main():
    await asyncio.gather(
        asyncio.create_task(producer(), name="producer"),
        asyncio.create_task(consumer(), name="consumer"),
    )


asyncio.run(main())
