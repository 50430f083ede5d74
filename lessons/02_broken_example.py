"""# A widely shared broken example

A snippet that circulates widely treats `asyncio.Condition` as if it were a
flag that somebody sets. The producer sleeps and never notifies; the consumer
calls `await cond.wait()` without holding the lock. Here it is, run as written.

## What to watch

With `STEP = "as_written"` the consumer lane turns magenta at once:

```
RuntimeError: cannot wait on un-acquired lock
```

`wait()` must *release* the lock while it waits and take it back afterwards,
so it refuses to run when the lock is not locked at all. That is the only
check: it never asks *who* holds the lock (lesson 10 shows what that costs),
so always hold it yourself with `async with cond:`.

## The flag mistake

`STEP = "hold_lock"` makes the first repair everyone tries: wrap the wait in
`async with cond:`. The error is gone, but the program hangs: a condition is
**not** a flag. Nothing remembers that the data is ready, and nobody calls
`notify()`, so the consumer lane stays violet forever.

## The fix

Fix it in the code (Edit mode): the consumer waits under the lock, and the
producer, under the lock too, records that the data is ready and calls
`cond.notify()`. The fix goal runs your program for every producer delay.
Here the consumer always starts waiting first; what happens when the notify
comes before anyone waits is the next lessons' subject (03 and 05).

## Where to check

**Show cells** on the fix-goal strip: every producer delay must be green.
Compare `as-written` and `hold-the-lock`: one raises at t=0, the other hangs
with nothing left to run.
"""
import asyncio

STEP = "as_written"  # param: choice "as_written", "hold_lock" | Which version
DELAY = 2  # param: 1..5 | Producer delay (s)

# goal: fix complete over DELAY | Fix the program (Edit mode): the consumer must get the data for every producer delay.
# compare: as-written: STEP="as_written"
# compare: hold-the-lock: STEP="hold_lock"
# expect: default -> exception RuntimeError
# expect: as-written -> exception RuntimeError
# expect: hold-the-lock -> deadlock
# expect: as-written -> finding wait_without_lock
# expect: hold-the-lock -> no finding wait_without_lock
# expect: hold-the-lock -> metric wakeups 0
# predict: at start ask outcome | As written, the consumer calls cond.wait() without `async with cond`. What happens?
# predict: choices complete | deadlock | *exception RuntimeError
# predict: reveal wait() must release the condition's lock, so it checks first that the caller holds
# predict: reveal it: "cannot wait on un-acquired lock" (RuntimeError), at once, before any notify.
# predict: in hold-the-lock at start ask outcome | Now the consumer holds the lock while it waits, and the producer still only sleeps and prints. How does the run end?
# predict: choices complete | *deadlock | exception RuntimeError
# predict: reveal Deadlock: the producer finishes, but nobody calls notify(), and wait() does not
# predict: reveal look at any flag. A condition only wakes waiters when it is notified.

cond = asyncio.Condition()


def now():
    return asyncio.get_running_loop().time()


async def producer():
    await asyncio.sleep(DELAY)
    print(f"{now():.1f} producer: data is ready")


async def consumer():
    print(f"{now():.1f} consumer: waiting")
    if STEP == "as_written":
        await cond.wait()
    else:
        async with cond:
            await cond.wait()
    print(f"{now():.1f} consumer: got the data")


async def main():
    await asyncio.gather(
        asyncio.create_task(producer(), name="producer"),
        asyncio.create_task(consumer(), name="consumer"),
    )


asyncio.run(main())
