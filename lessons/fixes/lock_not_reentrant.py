"""# Reference fix: The lock is not re-entrant

The helper is split: `flush_locked()` expects the caller to hold the lock and
does not take it; `flush()` is the wrapper for callers outside the critical
section. The producer, already holding the lock, calls `flush_locked()`.
"""
import asyncio

ITEMS = 2  # param: 1..6 | Items the producer adds
CAPACITY = 3  # param: 1..4 | Buffer size that triggers flush()

cond = asyncio.Condition()
buffer = []
batches = []
finished = False


def now():
    return asyncio.get_running_loop().time()


def flush_locked():
    batches.append(list(buffer))
    buffer.clear()
    print(f"{now():.1f} flush: handed over a batch")
    cond.notify()


async def flush():
    async with cond:
        flush_locked()


async def producer():
    global finished
    await asyncio.sleep(1.0)
    async with cond:
        for i in range(1, ITEMS + 1):
            buffer.append(i)
            print(f"{now():.1f} producer: added {i}")
            if len(buffer) >= CAPACITY:
                flush_locked()
        if buffer:
            batches.append(list(buffer))
            buffer.clear()
        finished = True
        cond.notify()


async def consumer():
    async with cond:
        while True:
            while not batches and not finished:
                await cond.wait()
            if not batches:
                break
            print(f"{now():.1f} consumer: got {batches.pop(0)}")


async def main():
    await asyncio.gather(
        asyncio.create_task(consumer(), name="consumer"),
        asyncio.create_task(producer(), name="producer"),
    )


asyncio.run(main())
