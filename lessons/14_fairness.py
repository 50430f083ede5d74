"""# Fairness: FIFO wake-ups and no barging

Three waiters `w0`, `w1`, `w2` wait on one condition, in that order. Once a
second the notifier calls `notify(WAKE_N)`. Each woken waiter keeps the lock
for `HOLD` seconds. A **latecomer** wants the lock at `LATE_AT`.

## What to watch

- **FIFO wake order.** `notify(n)` wakes the `n` longest-waiting tasks, in
  the order they started waiting. Waiters woken together then queue on the
  lock in the same order (red lanes).
- **No barging.** When a holder releases the lock, 3.11's `Lock.release()`
  marks it unlocked and wakes the head of its queue, which takes the lock when
  it runs. A task calling `acquire()` in that instant sees `locked()` False,
  but also sees the queue, and lines up behind it. No slider setting makes
  the latecomer arrive in that instant (when its timer falls due together
  with a holder's, the latecomer runs first and finds the lock still held):
  it either finds the lock held and queues, or finds it free with nobody
  queued and takes it.
- **But a notified waiter is not in the lock's queue yet.** It re-acquires
  the lock only when it runs, one loop step after the notify. A task that runs
  in between (one whose timer fell due together with the notifier's) finds
  the lock free and nobody queued, and takes it first.
- `notify(n)` with `n` larger than the number of waiters is fine: it wakes
  everyone, like `notify_all()`.

## Try it

With `WAKE_N = 3` everybody is woken at once and the latecomer lines up at
the end. With `WAKE_N = 1` there are gaps between the rounds: time the
latecomer to slip into one. Then try to make it beat `w0`, which was
notified before the latecomer even asked.
"""
import asyncio

WAKE_N = 3  # param: 1..3 | n in notify(n)
HOLD = 0.5  # param: 0.5..2 step 0.5 | How long a woken waiter keeps the lock (s)
LATE_AT = 1.2  # param: 1..4 step 0.1 | Latecomer arrives at (s)

# goal: output "lock order: w0 w1 late w2" | Let the latecomer take the lock third: after w0 and w1, before w2.
# compare: notify-3: WAKE_N=3
# compare: notify-1: WAKE_N=1
# expect: default -> output "lock order: w0 w1 w2 late"
# expect: notify-3 -> output "lock order: w0 w1 w2 late"
# expect: notify-1 -> output "lock order: w0 late w1 w2"
# expect: WAKE_N=2 LATE_AT=1.5 -> output "lock order: w0 w1 late w2"
# expect: LATE_AT=1.0 -> output "lock order: late w0 w1 w2"
# predict: at first print by w0 ask next holder cond | notify(3) woke w0, w1 and w2 at t=1. The latecomer asks for the lock at t=1.2 while w0 holds it. Who takes the lock after w0?
# predict: choices *w1 | late | w2
# predict: reveal The woken waiters queued for the lock at t=1, before the latecomer: the lock is handed
# predict: reveal over in FIFO order, so w1 is next and late comes last.
# predict: in notify-1 at first print by w0 ask next holder cond | Now notify(1): w0 alone is woken at t=1 and keeps the lock until t=1.5; the latecomer asks for it at t=1.2. Who takes the lock after w0?
# predict: choices w1 | *late | w2
# predict: reveal The latecomer: w1 is still waiting on the condition (its notify comes at t=2), not queued
# predict: reveal for the lock. Only tasks queued on the lock get it in FIFO order.

cond = asyncio.Condition()
order = []
woken = 0


def now():
    return asyncio.get_running_loop().time()


async def waiter(name):
    async with cond:
        await cond.wait()
        order.append(name)
        print(f"{now():.1f} {name} has the lock")
        await asyncio.sleep(HOLD)


async def notifier():
    global woken
    while woken < 3:
        await asyncio.sleep(1)
        async with cond:
            print(f"{now():.1f} notifier: notify({WAKE_N})")
            cond.notify(WAKE_N)
            woken += WAKE_N


async def latecomer():
    await asyncio.sleep(LATE_AT)
    async with cond:
        order.append("late")
        print(f"{now():.1f} late has the lock")


async def main():
    tasks = [asyncio.create_task(waiter(f"w{i}"), name=f"w{i}") for i in range(3)]
    tasks.append(asyncio.create_task(notifier(), name="notifier"))
    tasks.append(asyncio.create_task(latecomer(), name="late"))
    await asyncio.gather(*tasks)
    print("lock order: " + " ".join(order))


asyncio.run(main())
