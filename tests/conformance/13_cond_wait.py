# test_locks.ConditionTests.test_wait: notified waiters resume in FIFO order,
# each only after re-acquiring the lock.
import asyncio


async def main():
    cond = asyncio.Condition()
    result = []

    async def c(n):
        await cond.acquire()
        if await cond.wait():
            result.append(n)
            return True

    t1 = asyncio.create_task(c(1))
    t2 = asyncio.create_task(c(2))
    t3 = asyncio.create_task(c(3))
    await asyncio.sleep(0)
    print(result, cond.locked())
    print("acquire", await cond.acquire())
    cond.notify()
    await asyncio.sleep(0)
    print(result, cond.locked())
    cond.release()
    await asyncio.sleep(0)
    print(result, cond.locked())
    cond.notify(2)
    await asyncio.sleep(0)
    print(result, cond.locked())
    cond.release()
    await asyncio.sleep(0)
    print(result, cond.locked())
    cond.release()
    await asyncio.sleep(0)
    print(result, cond.locked())
    print([t.done() and t.result() for t in (t1, t2, t3)])
    cond.release()


asyncio.run(main())
