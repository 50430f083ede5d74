# asyncio.timeout (3.11): expiry, no expiry, reschedule, expired(), when().
# Avoids __cause__ and nested-cancel cases (differ between 3.11.2 and 3.11.7).
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(2) as cm:
            print("when", cm.when())
            await asyncio.sleep(5)
    except TimeoutError as e:
        print("TimeoutError", repr(str(e)), "expired", cm.expired(), loop.time())
    async with asyncio.timeout(3) as cm:
        await asyncio.sleep(1)
    print("no expiry", cm.expired(), loop.time())
    try:
        async with asyncio.timeout(1) as cm:
            cm.reschedule(loop.time() + 4)
            await asyncio.sleep(2)
            print("survived reschedule", loop.time())
            cm.reschedule(None)
            await asyncio.sleep(10)
            print("no deadline", cm.when(), loop.time())
            cm.reschedule(loop.time() - 1)
            await asyncio.sleep(1)
    except TimeoutError:
        print("past deadline fires next iteration", loop.time())
    try:
        async with asyncio.timeout(0):
            print("body runs")
            await asyncio.sleep(0)
            print("not reached")
    except TimeoutError:
        print("timeout(0)", loop.time(), asyncio.current_task().cancelling())


asyncio.run(main())
