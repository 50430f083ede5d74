# wait_for on an immediate coroutine costs extra iterations in 3.11; count
# them with a ticker task.  timeout <= 0 paths.
import asyncio

ticks = 0


async def ticker():
    global ticks
    for _ in range(10):
        ticks += 1
        await asyncio.sleep(0)


async def immediate():
    return "now"


async def main():
    t = asyncio.create_task(ticker())
    await asyncio.sleep(0)
    start = ticks
    print(await asyncio.wait_for(immediate(), 1), "ticks", ticks - start)
    start = ticks
    print(await asyncio.gather(immediate()), "ticks", ticks - start)
    start = ticks
    print(await asyncio.create_task(immediate()), "ticks", ticks - start)
    start = ticks
    try:  # 3.11: timeout <= 0 wraps in a task that has not started yet
        await asyncio.wait_for(immediate(), 0)
    except TimeoutError as e:
        print("timeout 0:", type(e).__name__, "ticks", ticks - start)
    fut = asyncio.get_running_loop().create_future()
    fut.set_result("done future")
    start = ticks
    print(await asyncio.wait_for(fut, 0), "ticks", ticks - start)
    await t


asyncio.run(main())
