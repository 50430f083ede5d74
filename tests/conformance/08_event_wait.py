# test_locks.EventTests.test_wait: a task created before set() but started
# after it runs first: [3, 1, 2].
import asyncio


async def main():
    ev = asyncio.Event()
    result = []

    async def c(n):
        if await ev.wait():
            result.append(n)

    t1 = asyncio.create_task(c(1))
    t2 = asyncio.create_task(c(2))
    await asyncio.sleep(0)
    print("before set", result)
    t3 = asyncio.create_task(c(3))
    ev.set()
    await asyncio.sleep(0)
    print("after set", result)
    print("done", t1.done(), t2.done(), t3.done(), t1.result(), t2.result())


asyncio.run(main())
