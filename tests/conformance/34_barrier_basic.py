# Barrier(3): arrival indices, two rounds, n_waiting / broken.
import asyncio


async def main():
    barrier = asyncio.Barrier(3)
    print("parties", barrier.parties, "waiting", barrier.n_waiting, "broken", barrier.broken)

    async def worker(i):
        for rnd in range(2):
            await asyncio.sleep(i * 0.5)
            idx = await barrier.wait()
            print(f"round {rnd} worker {i} index {idx} t={asyncio.get_running_loop().time()}")

    tasks = [asyncio.create_task(worker(i)) for i in range(3)]
    await asyncio.sleep(0.75)
    print("waiting", barrier.n_waiting)
    await asyncio.gather(*tasks)
    print("waiting", barrier.n_waiting, "broken", barrier.broken)
    try:
        asyncio.Barrier(0)
    except ValueError as e:
        print(type(e).__name__, str(e))


asyncio.run(main())
