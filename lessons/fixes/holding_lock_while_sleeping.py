"""# Reference fix: Holding the lock while sleeping

Each worker does its slow work first and takes the lock only to add its
result and notify: the workers sleep at the same time, and the collector is
done after a single `WORK`, however many workers there are.
"""
import asyncio

WORKERS = 4  # param: 1..6 | Workers
WORK = 1.0  # param: 0.5..3 step 0.5 | Work per worker (s)

cond = asyncio.Condition()
results = []


def now():
    return asyncio.get_running_loop().time()


async def worker(n):
    await asyncio.sleep(WORK)
    value = n * n
    async with cond:
        results.append(value)
        cond.notify()
    print(f"{now():.1f} worker {n} done")


async def collector():
    async with cond:
        await cond.wait_for(lambda: len(results) == WORKERS)
    print(f"collector: all results in at {now():.1f}")


async def main():
    tasks = [asyncio.create_task(collector(), name="collector")]
    tasks += [asyncio.create_task(worker(n), name=f"worker{n}") for n in range(WORKERS)]
    await asyncio.gather(*tasks)


asyncio.run(main())
