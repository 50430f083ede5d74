# asyncio.gather returns a _GatheringFuture (a Future); cancelling it cancels the children.
import asyncio


async def main():
    g = asyncio.gather(asyncio.sleep(0.1, result="a"), asyncio.sleep(0.2, result="b"))
    print(type(g).__name__, isinstance(g, asyncio.Future), asyncio.isfuture(g))
    print(await g)
    empty = asyncio.gather()
    print(type(empty).__name__, empty.done(), empty.result())
    g = asyncio.gather(asyncio.sleep(1), asyncio.sleep(2))
    await asyncio.sleep(0)
    print("cancel", g.cancel())
    try:
        await g
    except asyncio.CancelledError:
        print("gather cancelled", asyncio.get_running_loop().time())


asyncio.run(main())
