"""# Reference fix: The thundering herd

One item, one wake-up: the producer calls `notify()`, so exactly one
consumer wakes per item and finds it. No wake-up is wasted, however big the
herd.
"""
import asyncio

WAITERS = 3  # param: 1..10 | Waiting consumers
COST = 0.3  # param: 0..0.5 step 0.1 | Time a woken consumer holds the lock (s)

cond = asyncio.Condition()
items = []
wakeups = 0
wasted = 0


def now():
    return asyncio.get_running_loop().time()


async def consumer(name):
    global wakeups, wasted
    async with cond:
        while not items:
            await cond.wait()
            wakeups += 1
            await asyncio.sleep(COST)
            if not items:
                wasted += 1
        items.pop(0)
        print(f"{now():.1f} {name} took an item")


async def producer():
    for n in range(WAITERS):
        await asyncio.sleep(1)
        async with cond:
            items.append(n)
            cond.notify()


async def main():
    tasks = [asyncio.create_task(consumer(f"c{i}"), name=f"c{i}") for i in range(WAITERS)]
    tasks.append(asyncio.create_task(producer(), name="producer"))
    await asyncio.gather(*tasks)
    print(f"{now():.1f} done: {wakeups} wake-ups for {WAITERS} items")
    print(f"wasted wake-ups: {wasted}")


asyncio.run(main())
