# test_locks.SemaphoreTests.test_acquire_fifo_order_3
import asyncio


async def main():
    sem = asyncio.Semaphore(0)
    result = []

    async def c(n):
        await sem.acquire()
        result.append(n)
        return True

    t1 = asyncio.create_task(c(1))
    t2 = asyncio.create_task(c(2))
    t3 = asyncio.create_task(c(3))
    await asyncio.sleep(0)
    t1.cancel()
    sem.release()
    sem.release()
    res = await asyncio.gather(t1, t2, t3, return_exceptions=True)
    print([type(r).__name__ for r in res])
    print(result)


asyncio.run(main())
