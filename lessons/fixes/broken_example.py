"""# Reference fix: A widely shared broken example

The last step of the lesson: a state variable (`ready`) set under the lock,
`notify()` under the lock, and `wait_for(lambda: ready)` under the lock. The
consumer never waits without the lock, and a notify that comes before it
waits is not needed: `ready` remembers it.
"""
import asyncio

DELAY = 2  # param: 1..5 | Producer delay (s)
CONSUMER_DELAY = 0  # param: 0..5 | Consumer start delay (s)

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
    await asyncio.sleep(CONSUMER_DELAY)
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
