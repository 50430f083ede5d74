"""# Always check a predicate

The same producer and consumer as in the lost wake-up, but now the consumer
checks shared state before it waits, in one of two equivalent spellings:

```
while not ready:                       # STYLE = "while"
    await cond.wait()

await cond.wait_for(lambda: ready)     # STYLE = "wait_for"
```

## What to watch

Drag both delays anywhere. If the producer comes first, the consumer finds
`ready` already true and **never waits** (no violet on its lane). If the
consumer comes first, it waits and the notify wakes it. No setting loses the
wake-up.

## Why

The predicate is checked while holding the lock, and the producer changes it
while holding the same lock. So "check, then wait" cannot be split by "set,
then notify". `wait_for(pred)` is exactly the `while` loop, written for you.

`STYLE = "no_check"` brings back the bare `wait()` of the previous lesson for
comparison.
"""
import asyncio

STYLE = "while"  # param: choice "no_check", "while", "wait_for" | How the consumer waits
PRODUCER_DELAY = 2.0  # param: 0..5 step 0.5 | Producer delay (s)
CONSUMER_DELAY = 1.0  # param: 0..5 step 0.5 | Consumer delay (s)

# goal: output "consumer: data was ready, no wait needed" | Find delays where the consumer never has to wait.
# compare: no-check-late: STYLE="no_check" CONSUMER_DELAY=3.0
# compare: while-late: STYLE="while" CONSUMER_DELAY=3.0
# compare: wait-for-late: STYLE="wait_for" CONSUMER_DELAY=3.0
# expect: default -> complete
# expect: no-check-late -> deadlock
# expect: while-late -> output "consumer: data was ready, no wait needed"
# expect: wait-for-late -> complete
# expect: STYLE="wait_for" PRODUCER_DELAY=0.0 CONSUMER_DELAY=0.0 -> complete
# expect: default -> metric wakeups 1
# expect: default -> no finding lost_notify
# expect: no-check-late -> finding lost_notify
# expect: no-check-late -> metric lost_notifies 1
# expect: while-late -> no finding lost_notify
# expect: while-late -> metric wakeups 0
# expect: wait-for-late -> no finding lost_notify
# predict: in while-late at start ask metric wakeups | With the `while` check, the consumer arrives at t=3, after the producer (t=2). How many wake-ups does it need?
# predict: choices *0 | 1
# predict: reveal None: it checks `ready` under the lock, finds it true and never waits.
# predict: in no-check-late at start ask outcome | The same timing without a check (STYLE = "no_check"). How does the run end?
# predict: choices complete | *deadlock
# predict: reveal The bare wait() ignores that the data is there: it waits for a notify that already
# predict: reveal happened. Deadlock, exactly the lost wake-up of the previous lesson.

cond = asyncio.Condition()
ready = False
data = None


def now():
    return asyncio.get_running_loop().time()


async def consumer():
    await asyncio.sleep(CONSUMER_DELAY)
    async with cond:
        print(f"{now():.1f} consumer: checking, ready = {ready}")
        if ready and STYLE != "no_check":
            print("consumer: data was ready, no wait needed")
        if STYLE == "no_check":
            await cond.wait()
        elif STYLE == "while":
            while not ready:
                await cond.wait()
        else:
            await cond.wait_for(lambda: ready)
        print(f"{now():.1f} consumer: got {data}")


async def producer():
    global ready, data
    await asyncio.sleep(PRODUCER_DELAY)
    async with cond:
        data, ready = 42, True
        print(f"{now():.1f} producer: ready = True, notify()")
        cond.notify()


async def main():
    await asyncio.gather(
        asyncio.create_task(consumer(), name="consumer"),
        asyncio.create_task(producer(), name="producer"),
    )


asyncio.run(main())
