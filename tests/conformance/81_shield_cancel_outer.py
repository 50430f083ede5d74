# shield: cancelling the outer await leaves the inner task running; the inner result is
# still available; a shielded task that fails.
import asyncio


async def work(delay, fail=False):
    await asyncio.sleep(delay)
    if fail:
        raise ValueError("inner failed")
    print("work finished", asyncio.get_running_loop().time())
    return "value"


async def waiter(t):
    try:
        return await asyncio.shield(t)
    except asyncio.CancelledError:
        print("outer cancelled; inner done?", t.done())
        raise


async def main():
    inner = asyncio.create_task(work(0.5))
    w = asyncio.create_task(waiter(inner))
    await asyncio.sleep(0.1)
    w.cancel()
    await asyncio.sleep(0)
    print("waiter cancelled", w.cancelled())
    print("inner result", await inner)
    bad = asyncio.create_task(work(0.1, fail=True))
    try:
        await asyncio.shield(bad)
    except ValueError as e:
        print("ValueError", e)
    done = asyncio.get_running_loop().create_future()
    done.set_result(3)
    print(asyncio.shield(done) is done)


asyncio.run(main())
