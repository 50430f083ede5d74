# gather: results in argument order whatever the finishing order; duplicate
# coroutine objects share one future; gather() with nothing.
import asyncio


async def job(name, delay):
    await asyncio.sleep(delay)
    print("finish", name, asyncio.get_running_loop().time())
    return name


async def main():
    res = await asyncio.gather(job("a", 3), job("b", 1), job("c", 2), job("d", 1))
    print(res)
    c = job("dup", 0.5)
    print(await asyncio.gather(c, c))
    print(await asyncio.gather())
    t = asyncio.create_task(job("task", 0))
    print(await asyncio.gather(t, job("coro", 0)))


asyncio.run(main())
