"""# Reference fix: The lost wake-up

The consumer checks `ready` under the lock before it waits, in a `while`
loop. A notify that came before the consumer waits is no longer needed:
`ready` already says the item is there.
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
        print(f"{now():.1f} consumer: checking")
        while not ready:
            await cond.wait()
        print(f"{now():.1f} consumer: got {data}")


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
