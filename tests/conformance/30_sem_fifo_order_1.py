# test_locks.SemaphoreTests.test_acquire_fifo_order (gather instead of TaskGroup)
import asyncio


async def main():
    sem = asyncio.Semaphore(1)
    result = []

    async def coro(tag):
        await sem.acquire()
        result.append(f"{tag}_1")
        await asyncio.sleep(0.01)
        sem.release()
        await sem.acquire()
        result.append(f"{tag}_2")
        await asyncio.sleep(0.01)
        sem.release()

    await asyncio.gather(coro("c1"), coro("c2"), coro("c3"))
    print(result)


asyncio.run(main())
