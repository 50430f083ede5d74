# test_locks.EventTests.test_clear_with_waiters: set(); clear(); set() still
# wakes the waiter exactly once.
import asyncio


async def main():
    ev = asyncio.Event()
    result = []

    async def c1():
        if await ev.wait():
            result.append(1)
            return True

    t = asyncio.create_task(c1())
    await asyncio.sleep(0)
    print("start", result)
    ev.set()
    ev.clear()
    print("is_set", ev.is_set())
    ev.set()
    ev.set()
    await asyncio.sleep(0)
    print("after", result, t.done(), t.result())


asyncio.run(main())
