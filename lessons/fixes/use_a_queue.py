"""# Reference fix: Use a Queue instead

The producer sends one stop signal per consumer, whatever the number of
consumers: every consumer's `get()` ends with its own `None`.
"""
import asyncio

SIZE = 2  # param: 1..4 | Buffer capacity
CONSUMERS = 2  # param: 1..4 | Consumers
ITEMS = 6  # param: 1..8 | Items produced

buf = asyncio.Queue(maxsize=SIZE)


def now():
    return asyncio.get_running_loop().time()


async def producer():
    for n in range(ITEMS):
        await buf.put(f"item{n}")
        print(f"{now():.1f} producer: put item{n}")
    for _ in range(CONSUMERS):
        await buf.put(None)


async def consumer(name):
    while (item := await buf.get()) is not None:
        await asyncio.sleep(1)
        print(f"{now():.1f} {name} handled {item}")


async def main():
    tasks = [asyncio.create_task(producer(), name="producer")]
    tasks += [asyncio.create_task(consumer(f"c{i}"), name=f"c{i}") for i in range(CONSUMERS)]
    await asyncio.gather(*tasks)
    print(f"{now():.1f} all done")


asyncio.run(main())
