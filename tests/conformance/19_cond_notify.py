# test_locks.ConditionTests.test_notify: notify(1) then notify(1)+notify(2048).
import asyncio


async def main():
    cond = asyncio.Condition()
    result = []

    async def c(n):
        async with cond:
            if await cond.wait():
                result.append(n)
                return True

    tasks = [asyncio.create_task(c(n)) for n in (1, 2, 3)]
    await asyncio.sleep(0)
    print(result)
    async with cond:
        cond.notify(1)
    await asyncio.sleep(0)
    print(result)
    async with cond:
        cond.notify(1)
        cond.notify(2048)
    await asyncio.sleep(0)
    print(result)
    await asyncio.sleep(0)
    print(result, [t.done() for t in tasks])


asyncio.run(main())
