# test_locks.LockTests.test_finished_waiter_cancelled: the head waiter is woken
# and then cancelled before it runs; the next waiter must get the lock.
import asyncio


async def main():
    lock = asyncio.Lock()
    print("acquire", await lock.acquire())
    ta = asyncio.create_task(lock.acquire())
    await asyncio.sleep(0)
    print("locked", lock.locked())
    tb = asyncio.create_task(lock.acquire())
    await asyncio.sleep(0)
    lock.release()
    ta.cancel()
    print("after release+cancel: locked", lock.locked())
    await asyncio.sleep(0)
    print("ta cancelled", ta.cancelled(), "tb done", tb.done(), "locked", lock.locked())
    await asyncio.sleep(0)
    print("ta cancelled", ta.cancelled(), "tb done", tb.done(), "locked", lock.locked())
    print("tb result", await tb)
    lock.release()


asyncio.run(main())
