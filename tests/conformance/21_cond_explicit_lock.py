# test_locks.ConditionTests.test_explicit_lock: a Condition shares the Lock it
# is given; two conditions on one lock.
import asyncio


async def main():
    lock = asyncio.Lock()
    cond = asyncio.Condition(lock)
    cond2 = asyncio.Condition(lock)
    print(cond.locked(), cond2.locked(), lock.locked())
    await lock.acquire()
    print(cond.locked(), cond2.locked(), lock.locked())
    cond.release()
    print(cond.locked(), cond2.locked(), lock.locked())
    order = []

    async def waiter(c, name):
        async with c:
            await c.wait()
            order.append(name)

    t1 = asyncio.create_task(waiter(cond, "on cond"))
    t2 = asyncio.create_task(waiter(cond2, "on cond2"))
    await asyncio.sleep(0)
    async with lock:
        cond2.notify()
    await asyncio.sleep(0)
    print(order)
    async with cond2:
        cond.notify_all()
    await asyncio.gather(t1, t2)
    print(order, lock.locked())


asyncio.run(main())
