# test_locks.SemaphoreTests.test_acquire: units handed to waiters in FIFO order.
import asyncio


async def main():
    sem = asyncio.Semaphore(3)
    result = []
    print(await sem.acquire(), await sem.acquire(), sem.locked())

    async def c(n):
        await sem.acquire()
        result.append(n)
        return True

    t1 = asyncio.create_task(c(1))
    t2 = asyncio.create_task(c(2))
    t3 = asyncio.create_task(c(3))
    await asyncio.sleep(0)
    print(result, sem.locked())
    t4 = asyncio.create_task(c(4))
    sem.release()
    sem.release()
    await asyncio.sleep(0)
    print(result, sem.locked())
    await asyncio.sleep(0)
    print(result, [t.done() for t in (t1, t2, t3, t4)])
    sem.release()
    await asyncio.sleep(0)
    print(result, sem.locked())
    for _ in range(4):
        sem.release()
    print(sem.locked())


asyncio.run(main())
