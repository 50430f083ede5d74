# Objects with __await__ (not coroutines) are accepted by ensure_future, gather, shield and
# wait_for, as in CPython (wrapped in a coroutine, then a task).
import asyncio


class Delayed:
    def __init__(self, value, delay):
        self.value = value
        self.delay = delay

    def __await__(self):
        yield from asyncio.sleep(self.delay).__await__()
        return self.value


async def main():
    loop = asyncio.get_running_loop()
    print(await Delayed("direct", 0.1), loop.time())
    t = asyncio.ensure_future(Delayed("task", 0.1))
    print(type(t).__name__, await t, loop.time())
    print(await asyncio.gather(Delayed(1, 0.2), Delayed(2, 0.1)), loop.time())
    print(await asyncio.shield(Delayed("shielded", 0.1)), loop.time())
    print(await asyncio.wait_for(Delayed("in time", 0.1), 1), loop.time())
    try:
        await asyncio.wait_for(Delayed("late", 1), 0.2)
    except TimeoutError:
        print("wait_for timed out", loop.time())


asyncio.run(main())
