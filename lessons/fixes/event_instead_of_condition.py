"""# Reference fix: An Event where a Condition is needed

The event is replaced by a condition. The consumer waits for the state itself,
a non-empty list, under the lock (`wait_for` re-checks it on every wake-up and
does not wait at all when an item is already there); the producer appends and
notifies under the same lock. There is no flag left to clear, so no signal can
be erased.
"""
import asyncio

ITEMS = 3  # param: 1..5 | Items the producer sends
GAP = 1.0  # param: 0..2 step 0.5 | Producer's gap between items (s)
COST = 0.5  # param: 0..2 step 0.5 | Consumer's work per item (s)

items = []
cond = asyncio.Condition()


def now():
    return asyncio.get_running_loop().time()


async def producer():
    for i in range(1, ITEMS + 1):
        await asyncio.sleep(GAP)
        async with cond:
            items.append(i)
            print(f"{now():.1f} producer: item {i}, notify()")
            cond.notify()


async def consumer():
    for _ in range(ITEMS):
        async with cond:
            await cond.wait_for(lambda: items)
            item = items.pop(0)
        print(f"{now():.1f} consumer: took {item}")
        await asyncio.sleep(COST)
        print(f"{now():.1f} consumer: {len(items)} item(s) still in the list")
    print(f"{now():.1f} consumer: done with {ITEMS}")


async def main():
    await asyncio.gather(
        asyncio.create_task(producer(), name="producer"),
        asyncio.create_task(consumer(), name="consumer"),
    )


asyncio.run(main())
