# test_locks.SemaphoreTests.test_acquire_cancel_before_awoken
import asyncio


async def main():
    sem = asyncio.Semaphore(value=0)
    t1 = asyncio.create_task(sem.acquire())
    t2 = asyncio.create_task(sem.acquire())
    t3 = asyncio.create_task(sem.acquire())
    t4 = asyncio.create_task(sem.acquire())
    await asyncio.sleep(0)
    t1.cancel()
    t2.cancel()
    sem.release()
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print("done", [t.done() for t in (t1, t2, t3, t4)])
    print("cancelled", [t.cancelled() for t in (t1, t2, t3, t4)])
    t3.cancel()
    t4.cancel()
    await asyncio.sleep(0)
    print("cancelled", [t.cancelled() for t in (t1, t2, t3, t4)])
    print("locked", sem.locked())


asyncio.run(main())
