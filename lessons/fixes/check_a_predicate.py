"""# Reference fix: Always check a predicate

The consumer re-checks `ready` in a `while` loop around `wait()` (or calls
`wait_for(lambda: ready)`): when the data came first it does not wait at all,
and any wake-up that finds the state unchanged just waits again.
"""
import asyncio

PRODUCER_DELAY = 2.0  # param: 0..5 step 0.5 | Producer delay (s)
CONSUMER_DELAY = 1.0  # param: 0..5 step 0.5 | Consumer delay (s)

cond = asyncio.Condition()
ready = False
data = None


def now():
    return asyncio.get_running_loop().time()


async def consumer():
    await asyncio.sleep(CONSUMER_DELAY)
    async with cond:
        print(f"{now():.1f} consumer: checking, ready = {ready}")
        while not ready:
            await cond.wait()
        print(f"{now():.1f} consumer: got {data}")


async def producer():
    global ready, data
    await asyncio.sleep(PRODUCER_DELAY)
    async with cond:
        data, ready = 42, True
        print(f"{now():.1f} producer: ready = True, notify()")
        cond.notify()


async def main():
    await asyncio.gather(
        asyncio.create_task(consumer(), name="consumer"),
        asyncio.create_task(producer(), name="producer"),
    )


asyncio.run(main())
