# test_locks.ConditionTests.test_notify_all: all waiters wake in FIFO order
# and take the lock one by one.
import asyncio


async def main():
    cond = asyncio.Condition()
    result = []

    async def c(n):
        async with cond:
            if await cond.wait():
                result.append(n)
                await asyncio.sleep(0)
                result.append(-n)

    tasks = [asyncio.create_task(c(n)) for n in (1, 2, 3)]
    await asyncio.sleep(0)
    print(result)
    async with cond:
        cond.notify_all()
        print("notified, still holding", result)
    for _ in range(5):
        await asyncio.sleep(0)
        print(result)
    await asyncio.gather(*tasks)
    print(result, cond.locked())


asyncio.run(main())
