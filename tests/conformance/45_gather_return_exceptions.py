# gather with and without return_exceptions; the others keep running.
import asyncio


async def ok(n, d):
    await asyncio.sleep(d)
    print("ok", n, "done")
    return n


async def bad(msg, d):
    await asyncio.sleep(d)
    raise ValueError(msg)


async def main():
    res = await asyncio.gather(ok(1, 1), bad("x", 0.5), ok(2, 0.2), return_exceptions=True)
    print([r if isinstance(r, int) else (type(r).__name__, str(r)) for r in res])
    slow = asyncio.create_task(ok(3, 2))
    try:
        await asyncio.gather(slow, bad("first", 1), bad("second", 1.5))
    except ValueError as e:
        print("raised", e, "at", asyncio.get_running_loop().time(), "slow done", slow.done())
    await slow
    await asyncio.sleep(1)
    print("end", asyncio.get_running_loop().time())


asyncio.run(main())
