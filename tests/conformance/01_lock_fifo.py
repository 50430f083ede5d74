# test_locks.LockTests.test_acquire: waiters acquire in FIFO order.
import asyncio


async def main():
    lock = asyncio.Lock()
    result = []
    print("acquire", await lock.acquire())

    async def c(n):
        if await lock.acquire():
            result.append(n)
            return True

    t1 = asyncio.create_task(c(1))
    t2 = asyncio.create_task(c(2))
    await asyncio.sleep(0)
    print("after start", result)
    lock.release()
    await asyncio.sleep(0)
    print("release 1", result)
    await asyncio.sleep(0)
    print("again", result)
    t3 = asyncio.create_task(c(3))
    lock.release()
    await asyncio.sleep(0)
    print("release 2", result)
    lock.release()
    await asyncio.sleep(0)
    print("release 3", result)
    print("done", t1.done(), t1.result(), t2.done(), t2.result(), t3.done(), t3.result())
    print("locked", lock.locked())


asyncio.run(main())
