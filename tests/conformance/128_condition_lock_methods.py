# Condition exports its lock's methods: cond.acquire / release / locked are the lock's own
# bound methods (`self.acquire = lock.acquire`), also with a user-provided lock object.
import asyncio


class MyLock:
    def __init__(self):
        self.inner = asyncio.Lock()

    def locked(self):
        return self.inner.locked()

    async def acquire(self):
        print("MyLock.acquire")
        return await self.inner.acquire()

    def release(self):
        print("MyLock.release")
        self.inner.release()


async def main():
    lock = asyncio.Lock()
    cond = asyncio.Condition(lock)
    print(cond.acquire == lock.acquire, cond.release == lock.release, cond.locked == lock.locked)
    print(cond.acquire.__self__ is lock, cond.acquire.__name__)
    await cond.acquire()
    print("locked", lock.locked(), cond.locked())
    cond.release()
    print("locked", lock.locked())

    default = asyncio.Condition()
    print(type(default.acquire.__self__).__name__, default.acquire == default.acquire)
    print(default.acquire.__self__ is default.release.__self__)

    mine = MyLock()
    c2 = asyncio.Condition(mine)
    print(c2.acquire == mine.acquire, c2.locked == mine.locked, c2.release == mine.release)
    async with c2:
        print("inside", c2.locked())
    print("after", c2.locked())


asyncio.run(main())
