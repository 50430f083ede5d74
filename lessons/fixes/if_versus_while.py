"""# Reference fix: `if` versus `while`

Every consumer re-checks `items` in a `while` loop: a consumer woken after
another one took the item waits again instead of popping an empty list.
"""
import asyncio

CONSUMERS = 1  # param: 1..5 | Consumers

cond = asyncio.Condition()
items = []


def now():
    return asyncio.get_running_loop().time()


async def consumer(name):
    async with cond:
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
