# Queue.join / task_done: join waits for every item to be processed; task_done too often
# is a ValueError; workers cancelled at the end.
import asyncio


async def worker(name, q, log):
    while True:
        item = await q.get()
        await asyncio.sleep(item)
        log.append((name, item))
        q.task_done()


async def main():
    q = asyncio.Queue()
    log = []
    for d in (0.3, 0.1, 0.2, 0.1):
        q.put_nowait(d)
    workers = [asyncio.create_task(worker(f"w{i}", q, log)) for i in range(2)]
    await q.join()
    print("joined at", asyncio.get_running_loop().time(), log)
    await q.join()
    print("second join returns at once", q.empty())
    try:
        q.task_done()
    except ValueError as e:
        print("ValueError", e)
    for w in workers:
        w.cancel()
    results = await asyncio.gather(*workers, return_exceptions=True)
    print([type(r).__name__ for r in results])


asyncio.run(main())
