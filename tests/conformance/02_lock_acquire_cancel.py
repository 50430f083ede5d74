# test_locks.LockTests.test_acquire_cancel: a cancelled acquire leaves no waiter.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    lock = asyncio.Lock()
    print("acquire", await lock.acquire())
    task = asyncio.create_task(lock.acquire())
    loop.call_soon(task.cancel)
    try:
        await task
    except asyncio.CancelledError:
        print("task cancelled", task.cancelled())
    print("locked", lock.locked())
    lock.release()
    print("locked after release", lock.locked())
    # a fresh acquire must take the fast path (no waiters left behind)
    print("fresh acquire", await lock.acquire())
    lock.release()


asyncio.run(main())
