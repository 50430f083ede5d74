# LifoQueue and PriorityQueue orders (PriorityQueue uses heapq).
import asyncio


async def main():
    lq = asyncio.LifoQueue()
    for i in (1, 2, 3):
        await lq.put(i)
    print("lifo", [lq.get_nowait() for _ in range(3)])
    pq = asyncio.PriorityQueue()
    for item in [(3, "c"), (1, "a"), (2, "b"), (1, "a2"), (0, "z")]:
        pq.put_nowait(item)
    print("priority", [pq.get_nowait() for _ in range(5)])
    pq2 = asyncio.PriorityQueue(maxsize=2)
    got = []

    async def consumer():
        for _ in range(4):
            got.append(await pq2.get())

    c = asyncio.create_task(consumer())
    for p in (5, 1, 4, 2):
        await pq2.put(p)
    await c
    print("blocking priority", got)


asyncio.run(main())
