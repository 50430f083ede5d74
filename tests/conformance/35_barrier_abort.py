# Barrier.abort(): waiters and later arrivals get BrokenBarrierError.
import asyncio


async def main():
    barrier = asyncio.Barrier(3)

    async def worker(i):
        try:
            await barrier.wait()
            print("worker", i, "passed")
        except asyncio.BrokenBarrierError as e:
            print("worker", i, type(e).__name__)

    tasks = [asyncio.create_task(worker(i)) for i in range(2)]
    await asyncio.sleep(0)
    print("waiting", barrier.n_waiting)
    await barrier.abort()
    print("broken", barrier.broken)
    await asyncio.gather(*tasks)
    await worker(9)
    await barrier.reset()
    print("broken after reset", barrier.broken)


asyncio.run(main())
