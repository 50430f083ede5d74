"""# The lost wake-up, and the predicate loop that prevents it

Lesson 03's consumer checks `ready` before it waits. This one
forgot the check:

```
async with cond:
    # no check of ready!
    await cond.wait()
    use(data)
```

## What to watch

Move the two sliders. While the consumer starts waiting **before** the
producer notifies, the arrow from `notify()` lands on the violet consumer lane
and everything completes.

Now make the producer faster than the consumer. The `notify()` happens while
nobody is waiting: it wakes no one and **is not remembered**. The consumer
then waits for a notification that already happened. Nothing is ready, no
timer is pending: **deadlock**. The Diagnostics panel names it: a lost
notification.

## Why

A condition has no memory. `notify()` only wakes tasks that are waiting at
that instant. Unlike `Event.set()`, it leaves nothing behind for a latecomer.
The producer did leave something behind: `ready = True`. The consumer just
never looked.

## The fix: check a predicate, under the lock

Edit the consumer (Edit mode) so that it waits only while the state says
there is nothing to do. Two equivalent spellings:

```
while not ready:                      # the loop
    await cond.wait()

await cond.wait_for(lambda: ready)    # the same loop, written for you
```

The consumer checks `ready` while holding the lock, and the producer changes
it while holding the same lock, so "check, then wait" can never be split by
"set, then notify": either the consumer finds `ready` already true and never
waits (no violet on its lane), or it is waiting when the notify comes.

The fix goal runs your program for every pair of delays: open its cells
(**Show cells**) and every cell is green when the wake-up can no longer be
lost. Slider timings are not the only ones: the event-loop goal lets you pick
which sleep ends first, and on the fixed program Explore finds no order that
deadlocks.
"""
import asyncio

PRODUCER_DELAY = 2.0  # param: 0..5 step 0.5 | Producer delay (s)
CONSUMER_DELAY = 1.0  # param: 0..5 step 0.5 | Consumer delay (s)

# goal: deadlock | Find delays that make the notification get lost.
# goal: fix complete over PRODUCER_DELAY, CONSUMER_DELAY | Fix the consumer: make it complete for every pair of delays.
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
# expect: producer-first -> output "2.0 consumer: waiting, although ready = True"
# predict: in producer-first at first notify ask woken | The producer notifies at t=1; the consumer arrives at t=2. Who does this notify() wake?
# predict: choices consumer | *nobody
# predict: reveal Nobody is waiting at t=1, and a Condition does not remember a notify: it only wakes
# predict: reveal tasks already waiting.
# predict: in producer-first at start ask outcome | And so, how does the run end?
# predict: choices complete | *deadlock | exception RuntimeError
# predict: reveal Deadlock: the consumer waits for ever and nothing is left to wake it, although it
# predict: reveal printed `ready = True` as it began to wait.
# predict: in producer-first at end ask blame stuck consumer | Which line must change? Where is the consumer stuck?
# predict: choices "async with cond:  # consumer" | *"await cond.wait()" | "cond.notify()"
# predict: reveal In the bare `await cond.wait()`. Waiting is right only while `ready` is false: put the
# predict: reveal wait in `while not ready:` (or use `wait_for`) and this line is never reached here.

cond = asyncio.Condition()
ready = False
data = None


def now():
    return asyncio.get_running_loop().time()


async def consumer():
    await asyncio.sleep(CONSUMER_DELAY)
    async with cond:  # consumer
        print(f"{now():.1f} consumer: waiting, although ready = {ready}")
        await cond.wait()
        print(f"{now():.1f} consumer: woken, got {data}")


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
