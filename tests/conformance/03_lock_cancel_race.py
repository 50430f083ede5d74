# test_locks.LockTests.test_cancel_race: A holds, B and C wait; A is released
# and B is cancelled in the same step; C must still get the lock.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    lock = asyncio.Lock()

    async def lockit(name, blocker):
        await lock.acquire()
        print(name, "acquired")
        try:
            if blocker is not None:
                await blocker
        finally:
            lock.release()
            print(name, "released")

    fa = loop.create_future()
    ta = asyncio.create_task(lockit("A", fa))
    await asyncio.sleep(0)
    print("locked", lock.locked())
    tb = asyncio.create_task(lockit("B", None))
    await asyncio.sleep(0)
    tc = asyncio.create_task(lockit("C", None))
    await asyncio.sleep(0)
    fa.set_result(None)
    tb.cancel()
    await asyncio.sleep(0)
    print("after race: locked", lock.locked(), "ta", ta.done(), "tb", tb.cancelled())
    await tc
    print("tc done", tc.done(), "locked", lock.locked())


asyncio.run(main())
