"""# Notify before the change

Only an `await` lets another task in (the lesson "Why the lock at all"). This
lesson applies that to the order of `notify()` and the state change. The
producer notifies *first*, leaves the lock, writes a log line (`LOG_DELAY`
seconds, an `await`) and only then sets `ready`:

```
async with cond:
    cond.notify()
await log("notified")        # the lock is free during the log
ready = True
```

## What to watch

The woken consumer gets the lock during the log, finds `ready` still false,
and waits again (the compare view's metrics count one wasted wake-up). Nobody
notifies a second time: **deadlock**. A consumer that arrives during the log
(`CONSUMER_AT` between the notify and the end of the log) also finds `ready`
false and waits for ever. Only a consumer that comes after the log is fine.

## The rule

Change the state and notify in one critical section, with no `await` that
releases the lock in between. The order *inside* it does not matter: had the
producer logged inside its `async with`, notifying first would be harmless,
because the woken consumer must re-acquire the lock (red on its lane) before
it can look at `ready`, and the producer keeps the lock until `ready` is
true. Leaving the critical section in the middle is what breaks it.

## The fix

Edit the producer (Edit mode) so that the consumer gets the data whenever it
starts and however long the log takes; the fix goal's cells (**Show cells**)
turn green when it does.
"""
import asyncio

CONSUMER_AT = 0.0  # param: 0..3 step 0.5 | Consumer starts at (s)
LOG_DELAY = 1.0  # param: 0..2 step 0.5 | Producer's log time after notify() (s)

# goal: fix complete over CONSUMER_AT, LOG_DELAY | Fix the producer: the consumer gets the data, whenever it starts and however long the log takes.
# compare: consumer-first: CONSUMER_AT=0.0
# compare: consumer-during-log: CONSUMER_AT=1.5
# compare: consumer-after-log: CONSUMER_AT=3.0
# expect: default -> deadlock
# expect: consumer-first -> deadlock
# expect: consumer-during-log -> deadlock
# expect: consumer-after-log -> complete
# expect: consumer-after-log -> output "3.0 consumer: ready = True"
# expect: consumer-first -> metric wasted_wakeups 1
# expect: consumer-during-log -> metric wasted_wakeups 0
# expect: consumer-after-log -> metric wasted_wakeups 0
# predict: at first notify ask next holder cond | The producer notifies at t=1, leaves the lock and logs for 1 s before setting ready. Who takes the lock next?
# predict: choices *consumer | producer | nobody
# predict: reveal The woken consumer: the lock is free during the log, so it re-acquires at once,
# predict: reveal finds `ready` still False and waits again. The later `ready = True` notifies nobody.
# predict: in consumer-during-log at start ask outcome | Now the consumer starts at t=1.5: after the notify, during the log. How does the run end?
# predict: choices complete | *deadlock
# predict: reveal Deadlock: it finds `ready` still False and waits, and the notify is already past. It
# predict: reveal was never woken, so no wake-up is wasted, but none will come either.

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
