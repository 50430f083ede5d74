# Barrier.reset() while tasks wait: they get BrokenBarrierError; the barrier
# is usable again afterwards.
import asyncio


async def main():
    barrier = asyncio.Barrier(2)

    async def worker(i):
        try:
            idx = await barrier.wait()
            print("worker", i, "index", idx)
        except asyncio.BrokenBarrierError as e:
            print("worker", i, type(e).__name__)

    t = asyncio.create_task(worker(0))
    await asyncio.sleep(0)
    print("waiting", barrier.n_waiting)
    await barrier.reset()
    await t
    print("broken", barrier.broken, "waiting", barrier.n_waiting)
    await asyncio.gather(worker(1), worker(2))
    print("broken", barrier.broken)


asyncio.run(main())
