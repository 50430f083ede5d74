"""# The lost wake-up

This consumer waits without looking at any state first:

```
async with cond:
    await cond.wait()        # no check!
```

## What to watch

Move the two sliders. While the consumer starts waiting **before** the
producer notifies, the arrow from `notify()` lands on the violet consumer lane
and everything completes.

Now make the producer faster than the consumer. The `notify()` happens while
nobody is waiting: it wakes no one and **is not remembered**. The consumer
then waits for a notification that already happened. Nothing is ready, no
timer is pending: **deadlock**.

## Why

A condition has no memory. `notify()` only wakes tasks that are waiting at
that instant. Unlike `Event.set()`, it leaves nothing behind for a latecomer.

## The fix

Keep the fact in a state variable and check it before waiting; the next
lesson shows the pattern. Challenge: find delays that break this one.
"""
import asyncio

PRODUCER_DELAY = 2.0  # param: 0..5 step 0.5 | Producer delay (s)
CONSUMER_DELAY = 1.0  # param: 0..5 step 0.5 | Consumer delay (s)

# goal: deadlock | Find delays that make the notification get lost.
# goal: fix complete over PRODUCER_DELAY, CONSUMER_DELAY | Fix the program: make it complete for every pair of delays.
# goal: schedule deadlock | Be the event loop: at the default delays, choose which sleep ends first so the notification is lost.
# compare: consumer-first: PRODUCER_DELAY=2.0 CONSUMER_DELAY=1.0
# compare: producer-first: PRODUCER_DELAY=1.0 CONSUMER_DELAY=2.0
# expect: default -> complete
# expect: consumer-first -> complete
# expect: producer-first -> deadlock
# expect: PRODUCER_DELAY=0.0 CONSUMER_DELAY=0.5 -> deadlock
# expect: consumer-first -> metric wakeups 1
# expect: consumer-first -> no finding lost_notify
# expect: producer-first -> finding lost_notify
# expect: producer-first -> metric lost_notifies 1
# expect: producer-first -> metric wakeups 0
# predict: in producer-first at first notify ask woken | The producer notifies at t=1; the consumer arrives at t=2. Who does this notify() wake?
# predict: choices consumer | *nobody
# predict: reveal Nobody is waiting at t=1, and a Condition does not remember a notify: it only wakes
# predict: reveal tasks already waiting. The consumer then waits at t=2 for a notify that never comes.
# predict: in producer-first at start ask outcome | And so, how does the run end?
# predict: choices complete | *deadlock | exception RuntimeError
# predict: reveal Deadlock: the consumer waits for ever and nothing is left to wake it.

cond = asyncio.Condition()
data = None


def now():
    return asyncio.get_running_loop().time()


async def consumer():
    await asyncio.sleep(CONSUMER_DELAY)
    async with cond:
        print(f"{now():.1f} consumer: waiting")
        await cond.wait()
        print(f"{now():.1f} consumer: woken, got {data}")


async def producer():
    global data
    await asyncio.sleep(PRODUCER_DELAY)
    async with cond:
        data = 42
        print(f"{now():.1f} producer: notify()")
        cond.notify()


async def main():
    await asyncio.gather(
        asyncio.create_task(consumer(), name="consumer"),
        asyncio.create_task(producer(), name="producer"),
    )


asyncio.run(main())
