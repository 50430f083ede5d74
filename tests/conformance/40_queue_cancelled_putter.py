# test_queues: a putter cancelled while blocked does not add its item; a
# woken-then-cancelled putter hands the slot to the next one.
import asyncio


async def main():
    q = asyncio.Queue(maxsize=1)
    q.put_nowait("first")

    async def putter(item):
        try:
            await q.put(item)
            print("put", item)
        except asyncio.CancelledError:
            print("putter", item, "cancelled")
            raise

    p1 = asyncio.create_task(putter("a"))
    p2 = asyncio.create_task(putter("b"))
    p3 = asyncio.create_task(putter("c"))
    await asyncio.sleep(0)
    p3.cancel()
    await asyncio.sleep(0)
    print("got", q.get_nowait())
    p1.cancel()
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print("qsize", q.qsize(), [p.cancelled() for p in (p1, p2, p3)])
    print("got", await q.get(), "empty", q.empty())
    await p2


asyncio.run(main())
