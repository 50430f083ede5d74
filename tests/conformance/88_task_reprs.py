# Task names and reprs: pending, cancelling, finished, cancelled; set_name; Future reprs.
import asyncio


async def napper(d):
    await asyncio.sleep(d)
    return d


async def main():
    t = asyncio.create_task(napper(1), name="nap")
    print(t.get_name())
    t.set_name(42)
    print(repr(t.get_name()))
    await asyncio.sleep(0)
    t.cancel()
    print(repr(t).split(" coro=")[0])
    try:
        await t
    except asyncio.CancelledError:
        pass
    print(repr(t).split(" coro=")[0])
    u = asyncio.create_task(napper(0.1))
    print(u.get_name(), asyncio.current_task().get_name())
    await u
    print(repr(u).split(" coro=")[0], "result" in repr(u))
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    print(repr(f))
    f.set_result([1, 2])
    print(repr(f))
    g = loop.create_future()
    g.set_exception(ValueError("x"))
    print(repr(g))
    g.exception()
    h = loop.create_future()
    h.cancel()
    print(repr(h))


asyncio.run(main())
