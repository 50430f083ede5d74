"""# Fairness: who is woken first

Three waiters `w0`, `w1`, `w2` take the condition's lock and wait, each
starting at its own time. From t=3, once a second, the notifier calls
`notify(WAKE_N)` until everyone has been woken. A woken waiter keeps the lock
for 0.4 s and prints the order in which the waiters got it.

## What to watch

- **FIFO wake order.** `notify(n)` wakes the `n` tasks that have been
  waiting **longest**, in the order they started waiting (their lanes turned
  violet), not in the order they were created or named. Move the start times
  and watch the arrows from `notify()` follow the violet lanes from the
  earliest.
- **The woken queue on the lock in the same order.** Woken together, they
  cannot all hold the lock: each re-acquires it in turn (red, queued on the
  lock) and the lock is handed over in FIFO order too.
- **`n` may exceed the number of waiters.** `notify(5)` with three waiters
  wakes all three, like `notify_all()`; it is not an error.

## Where to check

Every claim here is on the `cond` row and in the arrows from `notify()`. The
compare view (View → Compare A/B) puts two presets' runs side by side, with
the lock order each prints. Predict first, then step to the notify.
"""
import asyncio

WAKE_N = 2  # param: 1..5 | n in notify(n)
W0_AT = 0.0  # param: 0..2 step 0.5 | w0 starts waiting at (s)
W1_AT = 0.5  # param: 0..2 step 0.5 | w1 starts waiting at (s)
W2_AT = 1.0  # param: 0..2 step 0.5 | w2 starts waiting at (s)

# goal: output "lock order: w2 w0 w1" | Make w2 the first to get the lock, then w0, then w1.
# compare: in-name-order: W0_AT=0.0 W1_AT=0.5 W2_AT=1.0
# compare: w0-last: W0_AT=2.0
# compare: notify-5: WAKE_N=5
# expect: default -> output "lock order: w0 w1 w2"
# expect: in-name-order -> output "lock order: w0 w1 w2"
# expect: w0-last -> output "lock order: w1 w2 w0"
# expect: notify-5 -> complete
# expect: notify-5 -> output "lock order: w0 w1 w2"
# expect: W0_AT=0.5 W1_AT=1.0 W2_AT=0.0 -> output "lock order: w2 w0 w1"
# predict: at first notify ask woken | At t=3 the notifier calls notify(2). w0 started waiting at t=0, w1 at 0.5, w2 at 1. Whom does it wake?
# predict: choices *w0, w1 | w1, w2 | w0, w1, w2
# predict: reveal The two that have waited longest: w0 and w1. w2 stays violet until the next notify.
# predict: in w0-last at first notify ask woken | Now w0 starts waiting last, at t=2. Whom does notify(2) wake?
# predict: choices w0, w1 | *w1, w2 | w0, w2
# predict: reveal w1 and w2: the wake order is the order of waiting, not of creation. w0, created first,
# predict: reveal started waiting last and is woken last.
# predict: in notify-5 at start ask outcome | With three waiters the notifier calls notify(5). How does the run end?
# predict: choices *complete | exception ValueError | exception RuntimeError
# predict: reveal It completes: notify(n) wakes at most n waiters, and all three here. An n larger than
# predict: reveal the number of waiters is fine.

cond = asyncio.Condition()
order = []
woken = 0


def now():
    return asyncio.get_running_loop().time()


async def waiter(name, start):
    await asyncio.sleep(start)
    async with cond:
        print(f"{now():.1f} {name} waits")
        await cond.wait()
        order.append(name)
        print(f"{now():.1f} {name} has the lock")
        await asyncio.sleep(0.4)


async def notifier():
    global woken
    await asyncio.sleep(2)
    while woken < 3:
        await asyncio.sleep(1)
        async with cond:
            print(f"{now():.1f} notifier: notify({WAKE_N})")
            cond.notify(WAKE_N)
            woken += WAKE_N


async def main():
    starts = [W0_AT, W1_AT, W2_AT]
    tasks = [asyncio.create_task(waiter(f"w{i}", starts[i]), name=f"w{i}") for i in range(3)]
    tasks.append(asyncio.create_task(notifier(), name="notifier"))
    await asyncio.gather(*tasks)
    print("lock order: " + " ".join(order))


asyncio.run(main())
