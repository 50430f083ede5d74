"""# Forgetting `await`

One missing word:

```
async with cond:
    if not ready:
        cond.wait()          # no await!
    use(data)
```

## What to watch

The consumer lane never turns violet. Calling a
coroutine function only **creates** a coroutine object; nothing runs until it
is awaited. So the consumer does not wait at all: it reads `data` while it is
still `None` and carries on. Python notices the abandoned coroutine when it
is thrown away and prints a warning on stderr:

```
RuntimeWarning: coroutine 'Condition.wait' was never awaited
```

The producer's later `notify()` finds nobody to wake.

## Worse with `while`

Had the consumer written `while not ready: cond.wait()`, it would spin
forever without ever giving control back to the loop: no other task could run
to set `ready`, and the whole program would freeze.

## The fix

Add the `await` (Edit mode). The fix goal then runs your program for every
producer delay and wants the consumer woken once by the notify: **Show
cells** on the fix-goal strip then shows every cell green. Linters and type
checkers (mypy's `unused-coroutine` check) catch the missing `await` before
the program runs.
`asyncio.run(main(), debug=True)` does not: the same warning appears, and
debug mode only adds `Coroutine created at (most recent call last)` with the
stack where the coroutine was made.
"""
import asyncio

PRODUCER_DELAY = 1.0  # param: 0.5..3 step 0.5 | Producer delay (s)

# goal: fix complete and wakeups == 1 over PRODUCER_DELAY | Fix the consumer: it must wait and be woken by the notify, for every producer delay.
# compare: producer-at-1: PRODUCER_DELAY=1.0
# compare: producer-at-3: PRODUCER_DELAY=3.0
# expect: default -> output "0.0 consumer: data = None"
# expect: producer-at-1 -> output "0.0 consumer: data = None"
# expect: producer-at-3 -> output "0.0 consumer: data = None"
# expect: default -> finding never_awaited
# expect: producer-at-3 -> finding never_awaited
# expect: default -> metric wakeups 0
# expect: producer-at-3 -> metric wakeups 0
# expect: default -> no finding lost_notify
# predict: at first print ask next output | The consumer calls cond.wait() without `await`. What does it print next?
# predict: choices *"0.0 consumer: data = None" | "1.0 consumer: data = 42"
# predict: reveal Without await, cond.wait() only creates a coroutine object and drops it: nothing
# predict: reveal waits, so the consumer reads `data` at once (and Python warns "never awaited").
# predict: in producer-at-3 at first notify ask woken | The producer notifies at t=3. Whom does its notify() wake?
# predict: choices consumer | *nobody
# predict: reveal Nobody: the consumer never waited. It finished at t=0, and the producer's lock was
# predict: reveal free all along. The compare view shows the same output whatever the producer delay.

cond = asyncio.Condition()
ready = False
data = None


def now():
    return asyncio.get_running_loop().time()


async def consumer():
    async with cond:
        if not ready:
            print(f"{now():.1f} consumer: waiting")
            cond.wait()
        print(f"{now():.1f} consumer: data = {data}")


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
