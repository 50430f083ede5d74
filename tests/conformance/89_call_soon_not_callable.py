# loop.call_soon / call_later accept a non-callable (CPython checks only in debug mode); it
# fails when it runs, reported by the exception handler, and the program goes on.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    h = loop.call_soon(42)
    print("scheduled", type(h).__name__, h.cancelled())
    th = loop.call_later(0.1, "not callable")
    print("timer", type(th).__name__, th.when())
    await asyncio.sleep(0.2)
    print("still running", loop.time())


asyncio.run(main())
