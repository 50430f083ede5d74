"""# Reference fix: The wrong waiter

Two conditions on one lock: producers wait on `not_full`, consumers on
`not_empty`. A `notify()` can only wake a task of the other kind, the one
that can make progress.
"""
import asyncio

CAPACITY = 1  # param: 1..3 | Buffer capacity
PAIRS = 2  # param: 1..4 | Producers (and as many consumers)
ITEMS = 3  # param: 1..5 | Items per producer

lock = asyncio.Lock()
not_full = asyncio.Condition(lock)  # producers wait here
not_empty = asyncio.Condition(lock)  # consumers wait here
buf = []


def now():
    return asyncio.get_running_loop().time()


async def producer(name):
    for n in range(ITEMS):
        async with lock:
            while len(buf) >= CAPACITY:
                await not_full.wait()
            buf.append(f"{name}.{n}")
            not_empty.notify()


async def consumer(name):
    for _ in range(ITEMS):
        async with lock:
            while not buf:
                await not_empty.wait()
            item = buf.pop(0)
            not_full.notify()
        print(f"{now():.1f} {name} took {item}")


async def main():
    tasks = [asyncio.create_task(consumer(f"c{i}"), name=f"c{i}") for i in range(PAIRS)]
    tasks += [asyncio.create_task(producer(f"p{i}"), name=f"p{i}") for i in range(PAIRS)]
    await asyncio.gather(*tasks)
    print(f"{now():.1f} all {PAIRS * ITEMS} items delivered")


asyncio.run(main())
