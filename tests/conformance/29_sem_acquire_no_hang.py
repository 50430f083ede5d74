# test_locks.SemaphoreTests.test_acquire_no_hang: a waiter cancelled while its
# wake-up is pending gives the unit back.
import asyncio


async def main():
    sem = asyncio.Semaphore(1)

    async def c1():
        async with sem:
            await asyncio.sleep(0)
            t2.cancel()

    async def c2():
        async with sem:
            print("c2 should not run")

    t1 = asyncio.create_task(c1())
    t2 = asyncio.create_task(c2())
    r1, r2 = await asyncio.gather(t1, t2, return_exceptions=True)
    print(r1, type(r2).__name__)
    print(await asyncio.wait_for(sem.acquire(), timeout=1.0))
    print("t", asyncio.get_running_loop().time(), "locked", sem.locked())


asyncio.run(main())
