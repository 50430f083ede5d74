# asyncio.as_completed: results in completion order, exceptions raised by the await.
import asyncio


async def work(n, delay, fail=False):
    await asyncio.sleep(delay)
    if fail:
        raise ValueError(f"w{n}")
    return n


async def main():
    loop = asyncio.get_running_loop()
    ts = [asyncio.create_task(work(i, d)) for i, d in enumerate([0.3, 0.1, 0.2, 0.1])]
    for f in asyncio.as_completed(ts):
        print("got", await f, loop.time())
    ts = [asyncio.create_task(work(0, 0.2)), asyncio.create_task(work(1, 0.1, fail=True))]
    for f in asyncio.as_completed(ts):
        try:
            print("got", await f)
        except ValueError as e:
            print("error", e, loop.time())
    fut = loop.create_future()
    loop.call_later(0.5, fut.set_result, "future")
    for f in asyncio.as_completed([fut]):
        print("got", await f, loop.time())
    try:
        asyncio.as_completed(fut)
    except TypeError as e:
        print("TypeError", e)
    print(list(asyncio.as_completed([])))


asyncio.run(main())
