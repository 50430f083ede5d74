# QueueEmpty / QueueFull from the *_nowait calls.
import asyncio


async def main():
    q = asyncio.Queue(maxsize=1)
    try:
        q.get_nowait()
    except asyncio.QueueEmpty as e:
        print(type(e).__name__, repr(str(e)))
    q.put_nowait(1)
    try:
        q.put_nowait(2)
    except asyncio.QueueFull as e:
        print(type(e).__name__, repr(str(e)))
    print(q.qsize(), q.full(), q.get_nowait(), q.empty())
    q0 = asyncio.Queue(0)
    for i in range(100):
        q0.put_nowait(i)
    print("unbounded", q0.qsize(), q0.full())
    lq = asyncio.LifoQueue(1)
    lq.put_nowait("x")
    try:
        lq.put_nowait("y")
    except asyncio.QueueFull:
        print("lifo full")


asyncio.run(main())
