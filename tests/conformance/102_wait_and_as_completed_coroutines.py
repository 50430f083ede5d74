# as_completed wraps coroutines in tasks; wait_for inside as_completed; wait on a mix of
# tasks and a plain future.
import asyncio


async def value(v, d):
    await asyncio.sleep(d)
    return v


async def main():
    loop = asyncio.get_running_loop()
    results = []
    for f in asyncio.as_completed([value("x", 0.3), value("y", 0.1)]):
        results.append(await asyncio.wait_for(f, 1))
    print(results, loop.time())
    fut = loop.create_future()
    loop.call_later(0.2, fut.set_result, "f")
    t = asyncio.create_task(value("t", 0.1))
    done, pending = await asyncio.wait([fut, t], return_when=asyncio.FIRST_COMPLETED)
    print([d.result() for d in done], len(pending), loop.time())
    done, pending = await asyncio.wait([fut, t])
    print(sorted(d.result() for d in done), len(pending), loop.time())


asyncio.run(main())
