"""# The wrong waiter

A bounded buffer shared by producers and consumers. In the first design
**everyone** waits on the same condition and every change is announced with
`notify()`:

```
# the producer
async with cond:
    while len(buf) >= CAPACITY:
        await cond.wait()
    buf.append(item)
    # meant for a consumer...
    cond.notify()
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

- `DESIGN = "notify_2"`: wake two on every change, so that one of them is
  surely of the right kind.
- `DESIGN = "two_conditions"`: two conditions on **one** lock, `not_full` for
  producers and `not_empty` for consumers, each still with `notify()`.

Both get every item through at the defaults. The fix goal wants it for every
capacity, number of pairs and items: predict which repair holds before you
try them. (`notify_all()` on the one condition would hold too, paying with
wasted wake-ups: lesson 12's herd.)

## Where to check

Open the outcome map (View → Outcome map) with `DESIGN` across and `PAIRS`
down: `notify` deadlocks from two pairs on, `notify_2` from three pairs on
with a one-item buffer. The fix goal's cells (**Show cells**) check every
capacity, number of pairs and items.
"""
import asyncio

DESIGN = "notify"  # param: choice "notify", "notify_2", "two_conditions" | Wake-up design
CAPACITY = 1  # param: 1..3 | Buffer capacity
PAIRS = 2  # param: 1..4 | Producers (and as many consumers)
ITEMS = 3  # param: 1..5 | Items per producer

# goal: fix complete over CAPACITY, PAIRS, ITEMS | Fix it: make every item get through, for every capacity, number of pairs and items.
# compare: one-condition-notify: DESIGN="notify"
# compare: one-condition-notify-2: DESIGN="notify_2"
# compare: notify-2-three-pairs: DESIGN="notify_2" PAIRS=3
# compare: two-conditions: DESIGN="two_conditions"
# expect: default -> deadlock
# expect: one-condition-notify -> deadlock
# expect: one-condition-notify-2 -> complete
# expect: notify-2-three-pairs -> deadlock
# expect: DESIGN="notify_2" CAPACITY=2 PAIRS=4 -> complete
# expect: two-conditions -> complete
# expect: PAIRS=1 -> complete
# expect: CAPACITY=2 -> complete
# expect: CAPACITY=2 PAIRS=3 -> deadlock
# expect: one-condition-notify -> metric wakeups 2
# expect: one-condition-notify -> metric wasted_wakeups 1
# expect: one-condition-notify -> finding wasted_wakeup
# expect: two-conditions -> metric wakeups 11
# expect: two-conditions -> metric wasted_wakeups 0
# expect: two-conditions -> no finding lost_notify
# predict: at start ask outcome | Two producers, two consumers, one condition for both and notify(). Does every item get through?
# predict: choices complete | *deadlock
# predict: reveal A consumer's notify() can wake the other consumer instead of a producer (and a
# predict: reveal producer's notify() another producer): the woken task goes back to waiting, and soon
# predict: reveal everybody waits. Deadlock.
# predict: in notify-2-three-pairs at start ask outcome | Each change now wakes two waiters, and it works with two pairs. Three pairs, a one-item buffer: does every item get through?
# predict: choices complete | *deadlock
# predict: reveal Two woken are not always one of each kind: with three producers and three consumers
# predict: reveal in one queue, both can be the wrong kind, and the buffer of one item leaves them all waiting.

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
    if DESIGN == "notify_2":
        cond.notify(2)
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
