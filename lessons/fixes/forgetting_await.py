"""# Reference fix: Forgetting `await`

The consumer awaits `cond.wait()`: it really waits (violet), the producer's
`notify()` wakes it, and it reads the data after it was set.
"""
import asyncio

PRODUCER_DELAY = 1.0  # param: 0.5..3 step 0.5 | Producer delay (s)

cond = asyncio.Condition()
ready = False
data = None


def now():
    return asyncio.get_running_loop().time()


async def consumer():
    async with cond:
        if not ready:
            print(f"{now():.1f} consumer: waiting")
            await cond.wait()
        print(f"{now():.1f} consumer: data = {data}")


async def producer():
    global ready, data
    await asyncio.sleep(PRODUCER_DELAY)
    async with cond:
        data, ready = 42, True
        print(f"{now():.1f} producer: notify()")
        cond.notify()


async def main():
    await asyncio.gather(
        asyncio.create_task(consumer(), name="consumer"),
        asyncio.create_task(producer(), name="producer"),
    )


asyncio.run(main())
