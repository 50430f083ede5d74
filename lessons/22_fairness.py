"""# Fairness: no barging, and the gap after a notify

Three waiters `w0`, `w1`, `w2` wait on one condition, in that order. Once a
second the notifier calls `notify(WAKE_N)`. Each woken waiter keeps the lock
for `HOLD` seconds. A **latecomer** wants the lock at `LATE_AT`. The previous
lesson showed who is woken first; this one asks who gets the **lock**.

## What to watch

- **No barging.** When a holder releases the lock, 3.11's `Lock.release()`
  marks it unlocked and wakes the head of its queue, which takes the lock when
  it runs. A task calling `acquire()` in that instant sees `locked()` False,
  but also sees the queue, and lines up behind it. So with `WAKE_N = 3`,
  where all three waiters are woken at t=1 and queue for the lock (red), a
  latecomer that asks after t=1 comes after them, however you time it (at
  t=1 itself, see below).
- **But a notified waiter is not in the lock's queue yet.** It is still
  waiting on the *condition* until its notify comes, and a woken waiter
  re-acquires the lock only when it runs. With `WAKE_N = 1` there are gaps
  between the rounds: a latecomer that asks for the lock in such a gap finds
  it free, or queues ahead of waiters that have not been notified yet. Even
  `w0`, notified at t=1, loses the lock to a latecomer whose timer falls due
  at t=1 too (`LATE_AT = 1.0`): the latecomer runs before `w0` and finds the lock
  free with nobody queued.

## Try it

Time the latecomer (and `WAKE_N`, `HOLD`) so that it takes the lock third,
between the notified waiters. The `cond` row shows the lock's holder and
queue at every step; the compare view (View → Compare A/B) puts two
presets' runs side by side, with the lock order each prints.
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
