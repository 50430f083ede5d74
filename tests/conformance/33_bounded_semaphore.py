# BoundedSemaphore: release too many; locked(); async with.
import asyncio


async def main():
    sem = asyncio.BoundedSemaphore(2)
    async with sem:
        async with sem:
            print("locked", sem.locked())
        print("locked", sem.locked())
    try:
        sem.release()
    except ValueError as e:
        print(type(e).__name__, str(e))
    print("locked", sem.locked())

    async def worker(i):
        async with sem:
            print("worker", i, "in at", asyncio.get_running_loop().time())
            await asyncio.sleep(1)

    await asyncio.gather(*(worker(i) for i in range(5)))


asyncio.run(main())
