"""# Reference fix: `notify` versus `notify_all`

The producer wakes exactly as many consumers as it added items:
`notify(added)`. No item is stranded, and no consumer is woken for nothing
(which `notify_all()` would do).
"""
import asyncio

BATCH = 1  # param: 1..3 | Items added per notify
CONSUMERS = 3  # param: 1..6 | Consumers (one item each)

cond = asyncio.Condition()
items = []
wasted = 0


def now():
    return asyncio.get_running_loop().time()


async def consumer(name):
    global wasted
    async with cond:
        while not items:
            await cond.wait()
            if not items:
                wasted += 1
                print(f"{now():.1f} {name}: woken for nothing")
        print(f"{now():.1f} {name} took {items.pop(0)}")


async def producer():
    made = 0
    while made < CONSUMERS:
        await asyncio.sleep(1)
        async with cond:
            added = min(BATCH, CONSUMERS - made)
            for _ in range(added):
                items.append(f"item{made}")
                made += 1
            print(f"{now():.1f} producer: {len(items)} item(s) waiting, notify({added})")
            cond.notify(added)


async def main():
    tasks = [asyncio.create_task(consumer(f"c{i}"), name=f"c{i}") for i in range(CONSUMERS)]
    tasks.append(asyncio.create_task(producer(), name="producer"))
    await asyncio.gather(*tasks)
    print(f"wasted wake-ups: {wasted}")


asyncio.run(main())
