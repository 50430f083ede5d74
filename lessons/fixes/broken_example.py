"""# Reference fix: A widely shared broken example

The consumer waits under the lock for a state variable (`ready`) with
`wait_for(lambda: ready)`; the producer sets `ready` and calls `notify()`
under the lock. The consumer never waits without the lock, and `ready`
remembers what a notification alone would forget.
"""
import asyncio

DELAY = 2  # param: 1..5 | Producer delay (s)

cond = asyncio.Condition()
ready = False


def now():
    return asyncio.get_running_loop().time()


async def producer():
    global ready
    await asyncio.sleep(DELAY)
    print(f"{now():.1f} producer: data is ready")
    async with cond:
        ready = True
        cond.notify()


async def consumer():
    print(f"{now():.1f} consumer: waiting")
    async with cond:
        await cond.wait_for(lambda: ready)
    print(f"{now():.1f} consumer: got the data")


async def main():
    await asyncio.gather(
        asyncio.create_task(producer(), name="producer"),
        asyncio.create_task(consumer(), name="consumer"),
    )


asyncio.run(main())
