"""# The thundering herd

`WAITERS` consumers wait on one condition. The producer adds **one** item
per second, `WAITERS` times, and wakes consumers with `notify_all()`. A woken consumer needs `COST` seconds (holding the lock) to get
going again before it can look at the list.

## What to watch

With `notify_all()` every item wakes the whole herd. All violet lanes turn
red at once (queued for the lock while the first one holds it for `COST`),
run one by one, and all but one find the list empty and go back to waiting.
Each item costs as many wake-ups as there are waiters; the total grows with
the **square** of `WAITERS`:

```
wake-ups = N + (N - 1) + ... + 1 = N * (N + 1) / 2
```

The herd costs virtual time here only because of `COST`: a woken consumer
sleeps while it holds the lock (the anti-pattern of lesson 15), so every wasted
wake-up keeps everybody else, the producer included, out for `COST` seconds
and everything finishes later (7.8 s instead of 6.3 s for six waiters). Set
`COST = 0` and both versions finish at the same time; the wasted wake-ups
then cost loop iterations, the CPU time a real program would spend. The
transport bar shows each step's loop iteration, and
`condlab compare 12 --preset-a notify-all --preset-b notify` lists the loop
iterations beside the wake-ups (83 against 40).

## Taming the herd

`WAKE` offers three ways for the producer to wake consumers after it adds
one item: `notify_all()` (as shipped), `notify(2)` (a smaller herd) and
`notify()`. Predict which one wastes no wake-up whatever the herd and the
cost before you try them. Whatever you pick, keep `notify_all()` for changes
that matter to everyone (shutdown, a reset, lesson 13) or for waiters that
wait for different things.

## Where to check

The fix goal's cells (**Show cells**) check the chosen wake-up for every herd
size and cost; the compare view's metrics table puts the wake-ups and loop
iterations of two choices side by side.
"""
import asyncio

WAKE = "notify_all"  # param: choice "notify_all", "notify_2", "notify" | How the producer wakes
WAITERS = 3  # param: 1..10 | Waiting consumers
COST = 0.3  # param: 0..0.5 step 0.1 | Time a woken consumer holds the lock (s)

# goal: fix complete and wasted_wakeups == 0 over WAITERS, COST | Tame the herd: no wasted wake-up, however many consumers wait.
# compare: notify-all: WAKE="notify_all" WAITERS=6
# compare: notify: WAKE="notify" WAITERS=6
# compare: notify-2: WAKE="notify_2" WAITERS=6
# expect: default -> output "wasted wake-ups: 3"
# expect: notify-all -> output "wasted wake-ups: 15"
# expect: notify -> output "wasted wake-ups: 0"
# expect: WAITERS=10 -> output "wasted wake-ups: 45"
# expect: WAKE="notify_all" WAITERS=6 COST=0.3 -> output "7.8 done: 21 wake-ups for 6 items"
# expect: WAKE="notify" WAITERS=6 COST=0.3 -> output "6.3 done: 6 wake-ups for 6 items"
# expect: default -> metric wakeups 6
# expect: default -> metric wasted_wakeups 3
# expect: notify-all -> metric wakeups 21
# expect: notify-all -> metric wasted_wakeups 15
# expect: notify-all -> finding wasted_wakeup
# expect: notify-all -> metric finish_time 7.8
# expect: notify-all -> metric iterations 83
# expect: notify -> metric wakeups 6
# expect: notify -> metric wasted_wakeups 0
# expect: notify -> no finding wasted_wakeup
# expect: notify -> metric finish_time 6.3
# expect: notify -> metric iterations 40
# expect: WAITERS=10 -> metric wakeups 55
# expect: notify-2 -> output "6.3 done: 11 wake-ups for 6 items"
# expect: notify-2 -> output "wasted wake-ups: 5"
# expect: notify-2 -> metric wakeups 11
# expect: notify-2 -> metric wasted_wakeups 5
# expect: WAITERS=10 -> metric wasted_wakeups 45
# predict: in notify-all at start ask metric wakeups | Six consumers, one item per second, notify_all(). How many wake-ups in total?
# predict: choices 6 | 11 | *21 | 36
# predict: reveal Each item wakes everybody still waiting: 6 + 5 + 4 + 3 + 2 + 1 = 21 wake-ups for 6
# predict: reveal items, of which 15 are wasted.
# predict: in notify-2 at start ask metric wasted_wakeups | Six consumers again, but each item now wakes two with notify(2). How many wake-ups are wasted?
# predict: choices 0 | 3 | *5 | 15
# predict: reveal Each item still wakes two while two or more wait, and only one of them gets the item:
# predict: reveal one wasted wake-up per item except the last, 5 in all. A smaller herd is still a herd.

cond = asyncio.Condition()
items = []
wakeups = 0
wasted = 0


def now():
    return asyncio.get_running_loop().time()


async def consumer(name):
    global wakeups, wasted
    async with cond:
        while not items:
            await cond.wait()
            wakeups += 1
            await asyncio.sleep(COST)
            if not items:
                wasted += 1
        items.pop(0)
        print(f"{now():.1f} {name} took an item")


async def producer():
    for n in range(WAITERS):
        await asyncio.sleep(1)
        async with cond:
            items.append(n)
            if WAKE == "notify_all":
                cond.notify_all()
            elif WAKE == "notify_2":
                cond.notify(2)
            else:
                cond.notify()


async def main():
    tasks = [asyncio.create_task(consumer(f"c{i}"), name=f"c{i}") for i in range(WAITERS)]
    tasks.append(asyncio.create_task(producer(), name="producer"))
    await asyncio.gather(*tasks)
    print(f"{now():.1f} done: {wakeups} wake-ups for {WAITERS} items")
    print(f"wasted wake-ups: {wasted}")


asyncio.run(main())
