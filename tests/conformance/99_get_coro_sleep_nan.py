# Task.get_coro() of a task made from asyncio.sleep(0); asyncio.sleep(float("nan")) wakes
# at once on the virtual clock (a timer due now).
import asyncio


async def named():
    await asyncio.sleep(0)


async def main():
    loop = asyncio.get_running_loop()
    t = asyncio.create_task(asyncio.sleep(0))
    c = t.get_coro()
    print(type(c).__name__, c.__qualname__)
    await t
    coro = named()
    u = asyncio.create_task(coro)
    print(u.get_coro() is coro)
    await u
    print("before nan", loop.time())
    await asyncio.sleep(float("nan"))
    print("after nan", loop.time())
    await asyncio.sleep(0.5)
    print("end", loop.time())


asyncio.run(main())
