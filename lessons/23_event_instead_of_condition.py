"""# An Event where a Condition is needed

A producer appends `ITEMS` items to a list, one every `GAP` seconds, and
calls `event.set()` after each. The consumer waits for the event, takes one
item, works on it for `COST` seconds and clears the event for the next
round:

```
await event.wait()
item = items.pop(0)
await asyncio.sleep(COST)        # work on the item
event.clear()                    # "ready for the next one"
```

## What to watch

While the consumer is faster than the producer (`COST < GAP`), each `set()`
finds the event clear and every item is taken. Now let an item arrive while
the consumer is still working: its `set()` finds the event already set and
changes nothing, and the consumer's `clear()` then **erases** it. The
consumer waits on the event (blue) while an item sits in the list; the
last lines it printed say how many. Nothing will set the event again:
**deadlock**.

## Why

An Event is one bit, not a count and not a state you can check: `clear()`
cannot tell "I consumed the signal" from "a newer signal came meanwhile".
What the consumer needs to know is *is the list empty*, and only a check of
the list under a lock says that.

## The fix

Use a Condition and wait for the state itself:
`await cond.wait_for(lambda: items)` under `async with cond:`, with the
producer appending and calling `notify()` under the same lock. (Or use an
`asyncio.Queue`, lesson 25.)

## Where to check

The fix goal's cells (**Show cells**) check your program for every number of
items, gap and cost.
"""
import asyncio

ITEMS = 3  # param: 1..5 | Items the producer sends
GAP = 1.0  # param: 0..2 step 0.5 | Producer's gap between items (s)
COST = 0.5  # param: 0..2 step 0.5 | Consumer's work per item (s)

# goal: fix complete over ITEMS, GAP, COST | Fix it: every item taken, for every number of items, gap and cost.
# compare: consumer-faster: GAP=1.0 COST=0.5
# compare: consumer-slower: GAP=1.0 COST=1.5
# expect: default -> complete
# expect: consumer-faster -> complete
# expect: consumer-faster -> output "3.5 consumer: done with 3"
# expect: consumer-slower -> deadlock
# expect: consumer-slower -> output "4.5 consumer: cleared the event, 1 item(s) still in the list"
# expect: ITEMS=2 GAP=0.0 -> deadlock
# predict: in consumer-slower at first set ask outcome | The consumer needs 1.5 s per item, the producer sends one every second. How does the run end?
# predict: choices complete | *deadlock | exception IndexError
# predict: reveal Item 2 arrives while the consumer works on item 1: its set() finds the event already
# predict: reveal set, and the consumer's clear() erases it. The consumer then waits next to a full list.
# predict: in consumer-slower at first print by consumer ask time first wait on event by consumer | After the consumer takes item 1 at t=1, when does it next wait on the event?
# predict: choices 2.0 | *2.5 | 3.0
# predict: reveal At t=2.5, when its 1.5 s of work ends and it clears the event. Item 2 has been in the
# predict: reveal list since t=2; its set() was erased by that clear().

items = []
event = asyncio.Event()


def now():
    return asyncio.get_running_loop().time()


async def producer():
    for i in range(1, ITEMS + 1):
        await asyncio.sleep(GAP)
        items.append(i)
        print(f"{now():.1f} producer: item {i}, set()")
        event.set()


async def consumer():
    for _ in range(ITEMS):
        await event.wait()
        item = items.pop(0)
        print(f"{now():.1f} consumer: took {item}")
        await asyncio.sleep(COST)
        event.clear()
        print(f"{now():.1f} consumer: cleared the event, {len(items)} item(s) still in the list")
    print(f"{now():.1f} consumer: done with {ITEMS}")


async def main():
    await asyncio.gather(
        asyncio.create_task(producer(), name="producer"),
        asyncio.create_task(consumer(), name="consumer"),
    )


asyncio.run(main())
