"""# `if` versus `while`

Several consumers wait for items; the producer adds **one** item at a time and
calls `notify_all()`. Each consumer checks once, with `if`, before it takes
an item:

```
if not items:
    await cond.wait()
item = items.pop(0)
```

## What to watch

`notify_all()` wakes every violet lane. They re-acquire the lock one after
another. The first one takes the item. The second one does not look again: it
calls `items.pop(0)` on an empty list and fails with `IndexError`.

With a single consumer (the default) `if` seems fine: that is why this bug
survives testing. Compare `one` and `three`.

## Why

Being woken only means "the state *may* have changed". Between the notify and
the moment a waiter holds the lock again, other tasks can run and change the
state.

## The fix

Fix the consumer in the code (Edit mode): re-check in a loop, `while not
items: await cond.wait()`, or let `await cond.wait_for(lambda: items)` loop
for you. A woken consumer that finds the list empty then waits again.

## Where to check

Open the outcome map (View → Outcome map, `CONSUMERS` across): the shipped
`if` fails from two consumers on. The fix goal's cells (**Show cells**) check
your own program for every number of consumers.
"""
import asyncio

CONSUMERS = 1  # param: 1..5 | Consumers

# goal: fix complete over CONSUMERS | Fix the consumers (Edit mode): no IndexError, whatever the number of consumers.
# compare: one: CONSUMERS=1
# compare: three: CONSUMERS=3
# expect: default -> complete
# expect: one -> complete
# expect: three -> exception IndexError
# expect: CONSUMERS=2 -> exception IndexError
# expect: three -> metric wakeups 3
# expect: three -> metric wasted_wakeups 0
# predict: in three at first notify_all ask woken | Three consumers wait with `if`; the producer adds one item and calls notify_all(). Whom does it wake?
# predict: choices c0 | *c0, c1, c2 | nobody
# predict: reveal notify_all() wakes every waiter, although there is only one item.
# predict: in three at start ask blame exception | Which line fails?
# predict: choices "if not items:" | *"item = items.pop(0)" | "items.append(f"
# predict: reveal c0 takes the item; c1 re-acquires the lock next and, with `if`, does not look again:
# predict: reveal items.pop(0) on an empty list raises IndexError.

cond = asyncio.Condition()
items = []


def now():
    return asyncio.get_running_loop().time()


async def consumer(name):
    async with cond:
        if not items:
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
