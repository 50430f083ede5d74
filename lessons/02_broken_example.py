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
check: it never asks *who* holds the lock. If another task held it, `wait()`
would release that task's lock (3.11's `Condition.wait` tests `locked()`, then
calls `release()`), so always hold it yourself with `async with cond:`.

## Walking the fix

1. `"hold_lock"`: wrap the wait in `async with cond:`. The error is gone,
   but the program hangs: a condition is **not** a flag, and nobody calls
   `notify()`. The consumer lane stays violet forever.
2. `"notify"`: the producer now calls `cond.notify()` under the lock. It works
   only if the consumer is already waiting. Make the consumer late
   (`CONSUMER_DELAY >= DELAY`) and the notification goes to nobody: lost.
3. `"state_variable"`: the producer sets `ready = True` before notifying and
   the consumer uses `await cond.wait_for(lambda: ready)`. The state remembers
   what the notification forgets. Correct for any delays.
4. `"event"`: for a one-shot "it happened" signal, `asyncio.Event` is the
   right tool: `event.set()` is remembered, `await event.wait()` needs no lock.

## Where to check

Open the outcome map (View → Outcome map) with `STEP` across and
`CONSUMER_DELAY` down: `as_written` raises in every row, `hold_lock` hangs in
every row, `notify` hangs from `CONSUMER_DELAY = 2` on, and only
`state_variable` and `event` are green in every row. The fix goal's cells
(**Show cells**) check your own program over every pair of delays.
"""
import asyncio

STEP = "as_written"  # param: choice "as_written", "hold_lock", "notify", "state_variable", "event" | Fix step
DELAY = 2  # param: 1..5 | Producer delay (s)
CONSUMER_DELAY = 0  # param: 0..5 | Consumer start delay (s)

# goal: deadlock | Make it hang: hold the lock with nobody notifying, or let notify() fire before the consumer waits.
# goal: fix complete over DELAY, CONSUMER_DELAY | Fix the program: the consumer must get the data for every pair of delays.
# compare: as-written: STEP="as_written"
# compare: hold-the-lock: STEP="hold_lock"
# compare: notify: STEP="notify"
# compare: notify-too-early: STEP="notify" CONSUMER_DELAY=3
# compare: state-variable: STEP="state_variable" CONSUMER_DELAY=3
# compare: event: STEP="event" CONSUMER_DELAY=3
# expect: default -> exception RuntimeError
# expect: as-written -> exception RuntimeError
# expect: hold-the-lock -> deadlock
# expect: notify -> complete
# expect: notify-too-early -> deadlock
# expect: state-variable -> complete
# expect: event -> complete
# expect: as-written -> finding wait_without_lock
# expect: hold-the-lock -> no finding lost_notify
# expect: notify -> metric wakeups 1
# expect: notify -> no finding lost_notify
# expect: notify-too-early -> finding lost_notify
# expect: notify-too-early -> metric lost_notifies 1
# expect: state-variable -> no finding lost_notify
# expect: state-variable -> metric wakeups 0
# predict: at start ask outcome | As written, the consumer calls cond.wait() without `async with cond`. What happens?
# predict: choices complete | deadlock | *exception RuntimeError
# predict: reveal wait() must release the condition's lock, so it checks first that the caller holds
# predict: reveal it: "cannot wait on un-acquired lock" (RuntimeError), at once, before any notify.

cond = asyncio.Condition()
event = asyncio.Event()
ready = False


def now():
    return asyncio.get_running_loop().time()


async def producer():
    global ready
    await asyncio.sleep(DELAY)
    print(f"{now():.1f} producer: data is ready")
    if STEP == "event":
        event.set()
    elif STEP in ("notify", "state_variable"):
        async with cond:
            ready = True
            cond.notify()


async def consumer():
    await asyncio.sleep(CONSUMER_DELAY)
    print(f"{now():.1f} consumer: waiting")
    if STEP == "as_written":
        await cond.wait()
    elif STEP == "event":
        await event.wait()
    elif STEP == "state_variable":
        async with cond:
            await cond.wait_for(lambda: ready)
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
