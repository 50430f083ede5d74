# test_locks.SemaphoreTests.test_acquire_hang
import asyncio


async def main():
    sem = asyncio.Semaphore(value=0)
    t1 = asyncio.create_task(sem.acquire())
    t2 = asyncio.create_task(sem.acquire())
    await asyncio.sleep(0)
    t1.cancel()
    sem.release()
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print("locked", sem.locked())
    print("t1", t1.cancelled(), "t2", t2.done(), t2.result())


asyncio.run(main())
