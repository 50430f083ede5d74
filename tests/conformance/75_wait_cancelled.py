# asyncio.wait with a cancelled member, and wait itself cancelled (its futures go on).
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    a = asyncio.create_task(asyncio.sleep(1, result="a"))
    b = asyncio.create_task(asyncio.sleep(2, result="b"))
    loop.call_later(0.5, b.cancel)
    done, pending = await asyncio.wait([a, b], return_when=asyncio.FIRST_EXCEPTION)
    print(len(done), len(pending), loop.time(), b.cancelled())
    done, pending = await asyncio.wait([a, b], return_when=asyncio.FIRST_EXCEPTION)
    print(len(done), len(pending), loop.time(), a.result())

    c = asyncio.create_task(asyncio.sleep(3, result="c"))
    waiter = asyncio.create_task(asyncio.wait([c]))
    await asyncio.sleep(0.5)
    waiter.cancel()
    try:
        await waiter
    except asyncio.CancelledError:
        print("wait cancelled; c done?", c.done())
    print(await c, loop.time())


asyncio.run(main())
