# test_queues: blocking get, several getters woken in FIFO order.
import asyncio


async def main():
    q = asyncio.Queue()
    got = []

    async def getter(name):
        item = await q.get()
        got.append((name, item))

    tasks = [asyncio.create_task(getter(n)) for n in "abc"]
    await asyncio.sleep(0)
    q.put_nowait(1)
    q.put_nowait(2)
    await asyncio.sleep(0)
    print(got)
    await q.put(3)
    await asyncio.gather(*tasks)
    print(got, q.empty())

    async def delayed_put():
        await asyncio.sleep(0.01)
        q.put_nowait("late")

    t = asyncio.create_task(delayed_put())
    print(await q.get(), asyncio.get_running_loop().time())
    await t


asyncio.run(main())
