# call_at / call_later with equal deadlines run in scheduling order; call_soon callbacks
# run before timers that are due; a cancelled handle is skipped.
import asyncio


def cb(tag):
    print(tag, asyncio.get_running_loop().time())


async def main():
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    for i in range(5):
        loop.call_at(t0 + 1, cb, f"at{i}")
    loop.call_later(1, cb, "later")
    h = loop.call_at(t0 + 1, cb, "cancelled")
    loop.call_at(t0 + 0.5, cb, "early")
    loop.call_soon(cb, "soon")
    h.cancel()
    await asyncio.sleep(1)
    print("main woke", loop.time())
    loop.call_at(loop.time(), cb, "now")
    loop.call_soon(cb, "soon2")
    await asyncio.sleep(0)
    await asyncio.sleep(0)


asyncio.run(main())
