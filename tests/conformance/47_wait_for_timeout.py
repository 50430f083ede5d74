# wait_for: timeout fires, inner task is cancelled and awaited; cause chain.
import asyncio


async def slow(n):
    try:
        await asyncio.sleep(n)
        return n
    except asyncio.CancelledError:
        print("slow", n, "cancelled at", asyncio.get_running_loop().time())
        raise


async def main():
    loop = asyncio.get_running_loop()
    try:
        await asyncio.wait_for(slow(5), timeout=1.5)
    except asyncio.TimeoutError as e:
        print("TimeoutError", repr(str(e)), type(e.__cause__).__name__, loop.time())
    print("result", await asyncio.wait_for(slow(1), timeout=2), loop.time())
    print("none timeout", await asyncio.wait_for(slow(0.5), None), loop.time())

    async def swallow():
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            return "swallowed"

    print("swallowed cancel", await asyncio.wait_for(swallow(), 1), loop.time())


asyncio.run(main())
