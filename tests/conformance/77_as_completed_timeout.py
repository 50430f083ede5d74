# asyncio.as_completed(timeout=): the awaits after the timeout raise TimeoutError.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    ts = [asyncio.create_task(asyncio.sleep(d, result=d)) for d in (0.1, 0.5, 0.9)]
    for f in asyncio.as_completed(ts, timeout=0.3):
        try:
            print("got", await f, loop.time())
        except TimeoutError:
            print("timeout", loop.time())
    await asyncio.gather(*ts)
    print("all done", loop.time())
    t = asyncio.create_task(asyncio.sleep(0.2, result="quick"))
    for f in asyncio.as_completed([t], timeout=1):
        print("got", await f, loop.time())
    await asyncio.sleep(1)
    print("no stray timeout", loop.time())


asyncio.run(main())
