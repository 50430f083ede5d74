"""# `wait()` by a task that does not hold the lock

A writer holds the condition's lock from t=0 for `WORK` seconds, then sets
`done` and calls `notify_all()`. A second writer `w2` wants the lock at
`W2_AT` and checks that nobody else is writing. A reader waits for `done`,
but forgot `async with cond:`:

```
while not done:
    await cond.wait()        # the reader does not hold the lock!
```

## What to watch

`wait()` checks only that the lock is **locked**, not that the caller holds
it. While the writer holds it, the reader's `wait()` passes the check and
**releases the writer's lock**. On the `cond` lock row the lock goes free (or
passes to `w2`) in the middle of the writer's work.

- With `w2` queued for the lock (the default), `w2` takes it at once and
  finds the writer still writing: `AssertionError`, two tasks in the
  critical section.
- Without `w2` in the queue (`no-intruder`), the errors blame the wrong
  task: the *writer*'s `notify_all()` raises `RuntimeError: cannot notify on
  un-acquired lock`, and leaving its `async with` block then raises
  `RuntimeError: Lock is not acquired.` The bug is in the reader; condlab's
  diagnostics name it ("Wait without the lock", at the reader's line).
- A reader that arrives when the lock is free (`reader-late`) finds `done`
  already true and never calls `wait()`: the bug stays hidden.

## The fix

Hold the lock around the check and the wait: `async with cond:` in the
reader. The outcome map of the fix goal shows every cell green when you have.
"""
import asyncio

WORK = 2.0  # param: 0.5..3 step 0.5 | Writer holds the lock for (s)
READER_AT = 1.0  # param: 0..4 step 0.5 | Reader starts waiting at (s)
W2_AT = 0.5  # param: 0..4 step 0.5 | Second writer wants the lock at (s)

# goal: fix complete over READER_AT, W2_AT | Fix the reader: every writer alone in the critical section, for every timing.
# compare: intruder: READER_AT=1.0 W2_AT=0.5
# compare: no-intruder: READER_AT=1.0 W2_AT=3.0
# compare: reader-late: READER_AT=3.0 W2_AT=0.5
# expect: default -> exception AssertionError
# expect: intruder -> exception AssertionError
# expect: intruder -> output "1.0 w2: in the critical section, writer still writing: True"
# expect: no-intruder -> exception RuntimeError
# expect: no-intruder -> output "2.0 writer: done, notify_all()"
# expect: no-intruder -> finding wait_without_lock
# expect: intruder -> finding wait_without_lock
# expect: reader-late -> no finding wait_without_lock
# expect: reader-late -> complete
# expect: reader-late -> output "3.0 reader: done = True"
# predict: in intruder at first wait by reader ask next holder cond | The writer holds the lock until t=2; w2 queued for it at t=0.5. At t=1 the reader calls wait() without the lock. Who holds the lock next?
# predict: choices writer | *w2 | reader
# predict: reveal wait() released the lock, the writer's, and the lock went to the first in its queue:
# predict: reveal w2 enters while the writer is still inside.
# predict: in no-intruder at start ask blame exception | Now nobody else wants the lock. The run ends in RuntimeError. Which line raises it?
# predict: choices "await cond.wait()" | "cond.notify_all()" | *"async with cond:  # the writer takes the lock"
# predict: reveal The writer's: its notify_all() fails first ("cannot notify on un-acquired lock": the
# predict: reveal reader's wait() released the writer's lock), then leaving its `async with` fails to
# predict: reveal release a lock that is free ("Lock is not acquired."). The bug is the reader's.

cond = asyncio.Condition()
done = False
writing = False


def now():
    return asyncio.get_running_loop().time()


async def writer():
    global done, writing
    async with cond:  # the writer takes the lock
        writing = True
        print(f"{now():.1f} writer: writing")
        await asyncio.sleep(WORK)
        writing = False
        done = True
        print(f"{now():.1f} writer: done, notify_all()")
        cond.notify_all()


async def w2():
    await asyncio.sleep(W2_AT)
    async with cond:
        print(f"{now():.1f} w2: in the critical section, writer still writing: {writing}")
        assert not writing, "two tasks in the critical section"


async def reader():
    await asyncio.sleep(READER_AT)
    while not done:
        print(f"{now():.1f} reader: waiting")
        await cond.wait()
    print(f"{now():.1f} reader: done = {done}")


async def main():
    await asyncio.gather(
        asyncio.create_task(writer(), name="writer"),
        asyncio.create_task(w2(), name="w2"),
        asyncio.create_task(reader(), name="reader"),
    )


asyncio.run(main())
