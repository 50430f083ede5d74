# Async generators: async for, asend, athrow, aclose, and an async comprehension.
import asyncio


async def ticks(n, delay):
    try:
        for i in range(n):
            await asyncio.sleep(delay)
            yield i, asyncio.get_running_loop().time()
    finally:
        print("ticks closed")


async def echo():
    received = None
    while True:
        try:
            received = yield received
        except ValueError as e:
            received = f"caught {e}"


async def main():
    async for i, t in ticks(3, 0.1):
        print("tick", i, t)
    print([i async for i, _ in ticks(2, 0.5)])
    gen = echo()
    print(await gen.asend(None))
    print(await gen.asend("hello"))
    print(await gen.athrow(ValueError("boom")))
    await gen.aclose()
    g = ticks(5, 0.1)
    print(await g.__anext__())
    await g.aclose()
    try:
        await g.__anext__()
    except StopAsyncIteration:
        print("exhausted")


asyncio.run(main())
