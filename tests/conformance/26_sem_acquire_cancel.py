# test_locks.SemaphoreTests.test_acquire_cancel and a negative initial value.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    sem = asyncio.Semaphore()
    print(await sem.acquire(), sem.locked())
    acquire = asyncio.create_task(sem.acquire())
    loop.call_soon(acquire.cancel)
    try:
        await acquire
    except asyncio.CancelledError:
        print("cancelled", acquire.cancelled())
    print("locked", sem.locked())
    sem.release()
    print("locked", sem.locked())
    try:
        asyncio.Semaphore(-1)
    except ValueError as e:
        print(type(e).__name__, str(e))


asyncio.run(main())
