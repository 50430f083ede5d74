"""# `if` versus `while`

Several consumers wait for items; the producer adds **one** item at a time and
calls `notify_all()`. Each consumer re-checks before taking an item, with
either `if` or `while`:

```
if not items:                  # CHECK = "if"
    await cond.wait()
item = items.pop(0)

while not items:               # CHECK = "while"
    await cond.wait()
item = items.pop(0)
```

## What to watch

`notify_all()` wakes every violet lane. They re-acquire the lock one after
another. The first one takes the item. With `if`, the second one does not look
again: it calls `items.pop(0)` on an empty list and fails with `IndexError`.

With a single consumer, `if` seems fine: that is why this bug survives
testing.

## Why

Being woken only means "the state *may* have changed". Between the notify and
the moment a waiter holds the lock again, other tasks can run and change the
state. Always re-check in a `while` loop (or use `wait_for`).

## Where to check

Open the outcome map (View → Outcome map, `CHECK` across, `CONSUMERS` down):
`if` fails from two consumers on, `while` is green in every row. The fix
goal's cells (**Show cells**) check your own program for every number of
consumers.
"""
import asyncio

CHECK = "if"  # param: choice "if", "while" | How consumers re-check
CONSUMERS = 1  # param: 1..5 | Consumers

# goal: exception IndexError | Make the `if` version crash.
# goal: fix complete over CONSUMERS | Fix the consumers: no IndexError, whatever the number of consumers.
# compare: if: CHECK="if" CONSUMERS=3
# compare: while: CHECK="while" CONSUMERS=3
# expect: default -> complete
# expect: if -> exception IndexError
# expect: while -> complete
# expect: CHECK="if" CONSUMERS=2 -> exception IndexError
# expect: if -> metric wakeups 3
# expect: if -> metric wasted_wakeups 0
# expect: while -> metric wakeups 6
# expect: while -> metric wasted_wakeups 3
# expect: while -> finding wasted_wakeup
# predict: in if at first notify_all ask woken | Three consumers wait with `if`; the producer adds one item and calls notify_all(). Whom does it wake?
# predict: choices c0 | *c0, c1, c2 | nobody
# predict: reveal notify_all() wakes every waiter, although there is only one item.
# predict: in if at start ask blame exception | Which line fails?
# predict: choices "if not items:" | *"item = items.pop(0)" | "items.append(f"
# predict: reveal c0 takes the item; c1 re-acquires the lock next and, with `if`, does not look again:
# predict: reveal items.pop(0) on an empty list raises IndexError.

cond = asyncio.Condition()
items = []


def now():
    return asyncio.get_running_loop().time()


async def consumer(name):
    async with cond:
        if CHECK == "if":
            if not items:
                await cond.wait()
        else:
            while not items:
                await cond.wait()
        item = items.pop(0)
        print(f"{now():.1f} {name} took {item}")


async def producer():
    for n in range(CONSUMERS):
        await asyncio.sleep(1)
        async with cond:
            items.append(f"item{n}")
            print(f"{now():.1f} producer: added item{n}, notify_all()")
            cond.notify_all()


async def main():
    tasks = [asyncio.create_task(consumer(f"c{i}"), name=f"c{i}") for i in range(CONSUMERS)]
    tasks.append(asyncio.create_task(producer(), name="producer"))
    await asyncio.gather(*tasks)


asyncio.run(main())
