# Timers with equal deadlines are not FIFO: heapq order 0,2,6,5,7,4,1,3.
import asyncio


async def main():
    order = []

    async def sleeper(i, d):
        await asyncio.sleep(d)
        order.append(i)

    await asyncio.gather(*(sleeper(i, 1.0) for i in range(8)))
    print("8 equal", order)
    order.clear()
    await asyncio.gather(*(sleeper(i, 1.0) for i in range(4)))
    print("4 equal", order)
    order.clear()
    await asyncio.gather(*(sleeper(i, 1.0) for i in range(5)))
    print("5 equal", order)
    order.clear()
    await asyncio.gather(*(sleeper(i, 1.0) for i in range(8)), sleeper(8, 2.0))
    print("8 + later", order)
    order.clear()
    await asyncio.gather(*(sleeper(i, float(i % 3)) for i in range(10)))
    print("mod 3", order)


asyncio.run(main())
