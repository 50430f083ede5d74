# shield: cancelling the outer await leaves the inner task running.
import asyncio


async def work():
    await asyncio.sleep(2)
    print("work finished at", asyncio.get_running_loop().time())
    return "result"


async def waiter(inner):
    try:
        return await asyncio.shield(inner)
    except asyncio.CancelledError:
        print("waiter cancelled, inner done?", inner.done())
        raise


async def main():
    inner = asyncio.create_task(work())
    w = asyncio.create_task(waiter(inner))
    await asyncio.sleep(1)
    w.cancel()
    try:
        await w
    except asyncio.CancelledError:
        print("w cancelled", w.cancelled(), "inner cancelled", inner.cancelled())
    print("inner result", await inner)
    print("shield of done", await asyncio.shield(inner))
    print("shield of coroutine", await asyncio.shield(work()))


asyncio.run(main())
