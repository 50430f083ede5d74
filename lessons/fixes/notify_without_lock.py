"""# Reference fix: Notify without the lock

The producer changes `ready` and calls `notify()` while it holds the
condition's lock. It cannot slip in while the consumer is between its check
and its `wait()`: the consumer holds the lock all that time.
"""
import asyncio

PRODUCER_DELAY = 1.0  # param: 0..3 step 0.5 | Producer delay (s)
LOG_DELAY = 0.0  # param: 0..3 step 0.5 | Consumer logging time under the lock (s)

cond = asyncio.Condition()
ready = False


def now():
    return asyncio.get_running_loop().time()


async def consumer():
    async with cond:
        while not ready:
            print(f"{now():.1f} consumer: not ready, logging")
            await asyncio.sleep(LOG_DELAY)
            print(f"{now():.1f} consumer: waiting")
            await cond.wait()
        print(f"{now():.1f} consumer: done")


async def producer():
    global ready
    await asyncio.sleep(PRODUCER_DELAY)
    async with cond:
        ready = True
        cond.notify()
    print(f"{now():.1f} producer: notified")


async def main():
    await asyncio.gather(
        asyncio.create_task(consumer(), name="consumer"),
        asyncio.create_task(producer(), name="producer"),
    )


asyncio.run(main())
