# Cancelling the gather future cancels every child.
import asyncio


async def child(n):
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("child", n, "cancelled")
        raise


async def main():
    g = asyncio.gather(child(1), child(2), child(3))
    await asyncio.sleep(1)
    print("cancel", g.cancel())
    try:
        await g
    except asyncio.CancelledError:
        print("gather cancelled", g.cancelled())
    # a child that swallows the cancel
    async def stubborn():
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            return "swallowed"
    g2 = asyncio.gather(stubborn(), child(4))
    await asyncio.sleep(0)
    g2.cancel()
    try:
        print(await g2)
    except asyncio.CancelledError:
        print("g2 cancelled", g2.cancelled())


asyncio.run(main())
