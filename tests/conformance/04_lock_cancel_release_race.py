# test_locks.LockTests.test_cancel_release_race (bpo-32734): cancel the head
# waiter and release in one callback: exactly one more lock is taken.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    lock = asyncio.Lock()
    lock_count = 0
    call_count = 0

    async def lockit(i):
        nonlocal lock_count, call_count
        call_count += 1
        await lock.acquire()
        lock_count += 1
        print("lockit", i, "acquired")

    def trigger():
        print("trigger")
        t1.cancel()
        lock.release()

    await lock.acquire()
    t1 = asyncio.create_task(lockit(1))
    t2 = asyncio.create_task(lockit(2))
    t3 = asyncio.create_task(lockit(3))
    await asyncio.sleep(0)
    loop.call_soon(trigger)
    try:
        await t1
    except asyncio.CancelledError:
        print("t1 cancelled")
    print("lock_count", lock_count, "call_count", call_count)
    print("t1", t1.cancelled(), "t2", t2.done(), "t3", t3.done())
    t3.cancel()
    await asyncio.sleep(0)
    print("t3 cancelled", t3.cancelled())


asyncio.run(main())
