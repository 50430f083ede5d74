# asyncio.wait: FIRST_EXCEPTION returns at the first failure (or when all are done);
# argument errors.
import asyncio


async def work(n, delay, fail=False):
    await asyncio.sleep(delay)
    if fail:
        raise ValueError(f"w{n} failed")
    return n


async def main():
    loop = asyncio.get_running_loop()
    ts = [asyncio.create_task(work(0, 0.1)), asyncio.create_task(work(1, 0.2, fail=True)),
          asyncio.create_task(work(2, 0.5))]
    done, pending = await asyncio.wait(ts, return_when=asyncio.FIRST_EXCEPTION)
    print(len(done), len(pending), loop.time())
    for t in sorted(done, key=lambda t: t.get_name()):
        print(" done", t.exception() if t.exception() else t.result())
    done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_EXCEPTION)
    print(len(done), len(pending), loop.time())
    for bad in ([], ts[0]):
        try:
            await asyncio.wait(bad)
        except (TypeError, ValueError) as e:
            print(type(e).__name__, e)
    try:
        await asyncio.wait(ts, return_when="sometimes")
    except ValueError as e:
        print("ValueError", e)
    coro = work(3, 0)
    try:
        await asyncio.wait([coro])
    except TypeError as e:
        print("TypeError", e)
    coro.close()


asyncio.run(main())
