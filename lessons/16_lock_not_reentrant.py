"""# The lock is not re-entrant

A producer adds `ITEMS` items to a buffer under the condition's lock. When
the buffer holds `CAPACITY` items it calls a helper, `flush()`, to hand them
to the consumer. The helper was written to be called on its own, so it takes
the lock itself:

```
async def flush():
    async with cond:             # takes the lock again
        ...
        cond.notify()
```

## What to watch

With few items the buffer never fills, `flush()` is never called from inside
the critical section, and everything completes. Raise `ITEMS` to
`CAPACITY`: the producer, **already holding** the lock, asks for it again in
`flush()`. An `asyncio.Lock` does not know who holds it; the producer queues
behind itself (red) and waits for ever. The consumer waits for a notify that
never comes: **deadlock**, with only one task involved in the lock.

## Why

`asyncio.Condition()` makes a plain `asyncio.Lock`, which is not re-entrant.
(`threading.Condition()` defaults to a re-entrant `RLock`, so the same code
works with threads; asyncio has no `RLock`.)

## The fix

Split the helper: one function that expects the lock to be held (call it
from inside the critical section), and, if you need it, a wrapper that takes
the lock and calls it. Or call `flush()` after leaving the `async with`.

## Where to check

The deadlock explanation (Diagnostics) says it in words: the producer waits
for the condition's lock, "held by producer itself". The fix goal's cells
(**Show cells**) check every number of items and buffer size.
"""
import asyncio

ITEMS = 2  # param: 1..6 | Items the producer adds
CAPACITY = 3  # param: 1..4 | Buffer size that triggers flush()

# goal: fix complete over ITEMS, CAPACITY | Fix the producer: no deadlock, any number of items and any buffer size.
# compare: buffer-never-full: ITEMS=2 CAPACITY=3
# compare: buffer-full: ITEMS=3 CAPACITY=3
# expect: default -> complete
# expect: buffer-never-full -> complete
# expect: buffer-full -> deadlock
# expect: buffer-never-full -> output "1.0 consumer: got [1, 2]"
# predict: in buffer-full at end ask blame stuck producer | The buffer is full and the producer calls flush() from inside its critical section. Where is the producer stuck?
# predict: choices "async with cond:  # the producer takes the lock" | *"async with cond:  # flush takes the lock" | "await cond.wait()"
# predict: reveal In flush(): it asks for the lock its own task already holds. asyncio's Lock is not
# predict: reveal re-entrant, so the producer waits for itself for ever.
# predict: in buffer-full at start ask outcome | What happens to the consumer?
# predict: choices complete | *deadlock
# predict: reveal It waits for a notify that flush() never reaches: the whole program stops.

cond = asyncio.Condition()
buffer = []
batches = []
finished = False


def now():
    return asyncio.get_running_loop().time()


async def flush():
    async with cond:  # flush takes the lock
        batches.append(list(buffer))
        buffer.clear()
        print(f"{now():.1f} flush: handed over a batch")
        cond.notify()


async def producer():
    global finished
    await asyncio.sleep(1.0)
    async with cond:  # the producer takes the lock
        for i in range(1, ITEMS + 1):
            buffer.append(i)
            print(f"{now():.1f} producer: added {i}")
            if len(buffer) >= CAPACITY:
                await flush()
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
