# test_queues: task_done()/join(); task_done() too often raises ValueError.
import asyncio


async def main():
    q = asyncio.Queue()
    for i in range(5):
        q.put_nowait(i)
    total = 0

    async def worker(w):
        nonlocal total
        while True:
            item = await q.get()
            await asyncio.sleep(0.1 * (item + 1))
            total += item
            print("worker", w, "done", item, asyncio.get_running_loop().time())
            q.task_done()
            if item >= 3:
                return

    tasks = [asyncio.create_task(worker(w)) for w in range(2)]
    await q.join()
    print("joined total", total, "t", asyncio.get_running_loop().time())
    await asyncio.gather(*tasks)
    try:
        q.task_done()
    except ValueError as e:
        print(type(e).__name__, str(e))
    await q.join()
    print("join on empty returns at once")


asyncio.run(main())
