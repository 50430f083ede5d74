"""# The wrong waiter

A bounded buffer shared by producers and consumers. In the first design
**everyone** waits on the same condition and every change is announced with
`notify()`:

```
async with cond:                          # producer
    while len(buf) >= CAPACITY:
        await cond.wait()
    buf.append(item)
    cond.notify()                         # meant for a consumer...
```

## What to watch

Producers wait for "not full", consumers wait for "not empty", all in one
violet queue. When a consumer takes an item, its `notify()` wakes the head of
that queue, which may be a **consumer** that finds the buffer empty and goes
back to sleep. When a producer adds an item, it may wake another **producer**
that finds the buffer full. The wake-up went to the wrong kind of waiter and
is gone. With the defaults that happens right after the first item: `c0`
takes `p0.0` while both producers wait for room, and its `notify()` wakes
`c1`, another consumer, which finds the buffer empty. Every lane is violet:
**deadlock**.

A single pair never deadlocks, and a bigger buffer hides the bug for a while:
try `CAPACITY = 2` with two pairs, then with three.

## Two repairs

- `DESIGN = "notify_all"`: wake everybody on every change.
- `DESIGN = "two_conditions"`: two conditions on **one** lock, `not_full` for
  producers and `not_empty` for consumers, each still with `notify()`.

The fix goal wants more than "no deadlock": every item through **and** no
wasted wake-up (nobody woken only to find nothing to do), for every
capacity, number of pairs and items. Predict which repair does both before
you try them.

## Where to check

Open the outcome map (View → Outcome map) with `DESIGN` across and `PAIRS`
down: `notify` deadlocks from two pairs on. The compare view's metrics table
shows the wake-ups and wasted wake-ups of the designs side by side, and the
fix goal's cells (**Show cells**) check every capacity, number of pairs and
items.
"""
import asyncio

DESIGN = "notify"  # param: choice "notify", "notify_all", "two_conditions" | Wake-up design
CAPACITY = 1  # param: 1..3 | Buffer capacity
PAIRS = 2  # param: 1..4 | Producers (and as many consumers)
ITEMS = 3  # param: 1..5 | Items per producer

# goal: fix complete and wasted_wakeups == 0 over CAPACITY, PAIRS, ITEMS | Fix it: every item gets through and no wake-up is wasted, for every capacity, number of pairs and items.
# compare: one-condition-notify: DESIGN="notify"
# compare: one-condition-notify-all: DESIGN="notify_all"
# compare: two-conditions: DESIGN="two_conditions"
# expect: default -> deadlock
# expect: one-condition-notify -> deadlock
# expect: one-condition-notify-all -> complete
# expect: two-conditions -> complete
# expect: PAIRS=1 -> complete
# expect: CAPACITY=2 -> complete
# expect: CAPACITY=2 PAIRS=3 -> deadlock
# expect: one-condition-notify -> metric wakeups 2
# expect: one-condition-notify -> metric wasted_wakeups 1
# expect: one-condition-notify -> finding wasted_wakeup
# expect: one-condition-notify-all -> metric wakeups 16
# expect: one-condition-notify-all -> metric wasted_wakeups 5
# expect: one-condition-notify-all -> no finding lost_notify
# expect: two-conditions -> metric wakeups 11
# expect: two-conditions -> metric wasted_wakeups 0
# expect: two-conditions -> no finding lost_notify
# predict: at start ask outcome | Two producers, two consumers, one condition for both and notify(). Does every item get through?
# predict: choices complete | *deadlock
# predict: reveal A consumer's notify() can wake the other consumer instead of a producer (and a
# predict: reveal producer's notify() another producer): the woken task goes back to waiting, and soon
# predict: reveal everybody waits. Deadlock.

lock = asyncio.Lock()
if DESIGN == "two_conditions":
    not_full = asyncio.Condition(lock)  # producers wait here
    not_empty = asyncio.Condition(lock)  # consumers wait here
else:
    changed = asyncio.Condition(lock)  # everyone waits here
    not_full = not_empty = changed
buf = []


def now():
    return asyncio.get_running_loop().time()


def wake(cond):
    if DESIGN == "notify_all":
        cond.notify_all()
    else:
        cond.notify()


async def producer(name):
    for n in range(ITEMS):
        async with lock:
            while len(buf) >= CAPACITY:
                await not_full.wait()
            buf.append(f"{name}.{n}")
            wake(not_empty)


async def consumer(name):
    for _ in range(ITEMS):
        async with lock:
            while not buf:
                await not_empty.wait()
            item = buf.pop(0)
            wake(not_full)
        print(f"{now():.1f} {name} took {item}")


async def main():
    tasks = [asyncio.create_task(consumer(f"c{i}"), name=f"c{i}") for i in range(PAIRS)]
    tasks += [asyncio.create_task(producer(f"p{i}"), name=f"p{i}") for i in range(PAIRS)]
    await asyncio.gather(*tasks)
    print(f"{now():.1f} all {PAIRS * ITEMS} items delivered")


asyncio.run(main())
