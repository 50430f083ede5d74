"""# Reference fix: Notify before the change

The producer sets `ready` and notifies in one critical section, with no
`await` in between, and writes its log line after leaving it. A consumer that
gets the lock, woken or arriving late, finds `ready` already true.
"""
import asyncio

CONSUMER_AT = 0.0  # param: 0..3 step 0.5 | Consumer starts at (s)
LOG_DELAY = 1.0  # param: 0..2 step 0.5 | Producer's log time after notify() (s)

cond = asyncio.Condition()
ready = False


def now():
    return asyncio.get_running_loop().time()


async def log(message):
    print(f"{now():.1f} producer: {message}")
    await asyncio.sleep(LOG_DELAY)


async def producer():
    global ready
    await asyncio.sleep(1.0)
    async with cond:
        ready = True
        cond.notify()
    await log("notified, logging after the lock")
    print(f"{now():.1f} producer: ready = True")


async def consumer():
    await asyncio.sleep(CONSUMER_AT)
    async with cond:
        while not ready:
            print(f"{now():.1f} consumer: ready = False, waiting")
            await cond.wait()
        print(f"{now():.1f} consumer: ready = {ready}")


async def main():
    await asyncio.gather(
        asyncio.create_task(producer(), name="producer"),
        asyncio.create_task(consumer(), name="consumer"),
    )


asyncio.run(main())
