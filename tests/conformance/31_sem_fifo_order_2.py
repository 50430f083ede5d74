# test_locks.SemaphoreTests.test_acquire_fifo_order_2
import asyncio


async def main():
    sem = asyncio.Semaphore(1)
    result = []

    async def c1():
        await sem.acquire()
        result.append(1)
        return True

    async def c2():
        await sem.acquire()
        result.append(2)
        sem.release()
        await sem.acquire()
        result.append(4)
        return True

    async def c3():
        await sem.acquire()
        result.append(3)
        return True

    t1 = asyncio.create_task(c1())
    t2 = asyncio.create_task(c2())
    t3 = asyncio.create_task(c3())
    await asyncio.sleep(0)
    sem.release()
    sem.release()
    print(await asyncio.gather(t1, t2, t3))
    print(result)


asyncio.run(main())
