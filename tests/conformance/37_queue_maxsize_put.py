# test_queues: maxsize, blocking put, full()/qsize(); putters in FIFO order.
import asyncio


async def main():
    q = asyncio.Queue(maxsize=2)
    print("maxsize", q.maxsize, "empty", q.empty(), "full", q.full())
    have_been_put = []

    async def putter():
        for i in range(4):
            await q.put(i)
            have_been_put.append(i)
        return True

    t = asyncio.create_task(putter())
    for i in range(3):
        await asyncio.sleep(0)
        print("put so far", have_been_put, "qsize", q.qsize(), "full", q.full())
    print("get", q.get_nowait())
    await asyncio.sleep(0)
    print("put so far", have_been_put, "qsize", q.qsize())
    print("get", await q.get(), await q.get())
    await t
    print("put so far", have_been_put, "qsize", q.qsize(), "result", t.result())
    print("get", q.get_nowait(), "empty", q.empty())


asyncio.run(main())
