"""# Wait and notify done right

The correct pattern has three parts, all under the condition's lock:

```
async with cond:                 # consumer
    while not ready:
        await cond.wait()
    use(data)

async with cond:                 # producer
    data, ready = ..., True
    cond.notify()
```

## What to watch

- The consumer takes the lock, sees `ready` is false and calls `wait()`. Its
  lane turns **violet**: `wait()` released the lock and parked the task.
- The producer takes the lock, changes the state, calls `notify()` and an
  arrow goes from the notify to the consumer.
- The woken consumer does not run inside the producer's critical section: it
  first has to **re-acquire the lock**, then it re-checks `ready`.

## Why it works

The shared `ready` flag is the real signal; `notify()` only says "look
again". Because both sides read and write `ready` while holding the lock, the
consumer can never miss the change: either it sees `ready` already true and
never waits, or it is waiting when the notify comes.

## Where to check

The compare view's metrics table (View → Compare A/B) shows one wake-up for
`consumer-first` and none for `consumer-late`.
"""
import asyncio

WORK = 2.0  # param: 0..5 step 0.5 | Producer work time (s)
CONSUMER_DELAY = 0.0  # param: 0..5 step 0.5 | Consumer start delay (s)

# goal: output "consumer: data was already ready, no wait" | Make the consumer arrive after the data, so it never waits.
# compare: consumer-first: CONSUMER_DELAY=0.0
# compare: consumer-late: CONSUMER_DELAY=3.0
# expect: default -> complete
# expect: consumer-first -> output "consumer: had to wait 1 time(s)"
# expect: consumer-late -> output "consumer: data was already ready, no wait"
# expect: default -> metric wakeups 1
# expect: consumer-first -> metric wakeups 1
# expect: consumer-late -> metric wakeups 0
# expect: consumer-late -> no finding lost_notify
# predict: in consumer-late at start ask metric wakeups | The consumer arrives at t=3, after the data (t=2). How many times is it woken by a notify?
# predict: choices *0 | 1 | 2
# predict: reveal It checks `ready` under the lock first: the data is already there, so it never
# predict: reveal waits, and the producer's notify() at t=2 found nobody waiting (which is harmless).

cond = asyncio.Condition()
ready = False
data = None


def now():
    return asyncio.get_running_loop().time()


async def producer():
    global ready, data
    await asyncio.sleep(WORK)
    async with cond:
        data, ready = 42, True
        print(f"{now():.1f} producer: data ready, notify()")
        cond.notify()


async def consumer():
    await asyncio.sleep(CONSUMER_DELAY)
    waits = 0
    async with cond:
        while not ready:
            print(f"{now():.1f} consumer: not ready, waiting")
            await cond.wait()
            waits += 1
        print(f"{now():.1f} consumer: got {data}")
    if waits:
        print(f"consumer: had to wait {waits} time(s)")
    else:
        print("consumer: data was already ready, no wait")


async def main():
    await asyncio.gather(
        asyncio.create_task(producer(), name="producer"),
        asyncio.create_task(consumer(), name="consumer"),
    )


asyncio.run(main())
