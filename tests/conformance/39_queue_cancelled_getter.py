# test_queues: a getter cancelled after being woken passes the wake-up on.
import asyncio


async def main():
    q = asyncio.Queue()
    out = []

    async def getter(name):
        try:
            out.append((name, await q.get()))
        except asyncio.CancelledError:
            out.append((name, "cancelled"))
            raise

    g1 = asyncio.create_task(getter("g1"))
    g2 = asyncio.create_task(getter("g2"))
    await asyncio.sleep(0)
    q.put_nowait("item")
    g1.cancel()
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print(out, "qsize", q.qsize())
    print("g1", g1.cancelled(), "g2", g2.done())
    await g2
    print(out)
    # getter cancelled before any item: nothing lost
    g3 = asyncio.create_task(q.get())
    await asyncio.sleep(0)
    g3.cancel()
    await asyncio.sleep(0)
    q.put_nowait("x")
    print("g3", g3.cancelled(), "got", q.get_nowait(), "empty", q.empty())


asyncio.run(main())
