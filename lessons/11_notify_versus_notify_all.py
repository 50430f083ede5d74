"""# `notify` versus `notify_all`

Three consumers each want one item. The producer adds `BATCH` items at a time
and wakes consumers with either `notify()` or `notify_all()`.

## What to watch

With `notify()` and one item per notify, exactly one violet lane turns green
per item. Every wake-up is useful.

With `notify_all()` every waiter wakes. The critical sections contain no
`await`, so nobody queues for the lock: each woken consumer in turn takes the
free lock back. The first one takes the item; the others find the list empty
and go back to waiting. Those are **wasted wake-ups**: the counter at the end
shows how many.

## The catch

`notify()` wakes **one** waiter. If the producer adds two items and calls
`notify()` once, one item has nobody to take it, and a consumer sleeps next to
a non-empty list. Use `notify(n)` for `n` items, or `notify_all()` when you
cannot tell who should go.

Rule of thumb: `notify()` when each change lets exactly one waiter proceed
and every waiter waits for the same thing; otherwise `notify_all()`.

## Where to check

The compare view's metrics table (View → Compare A/B) counts the wake-ups and
the wasted ones of each preset; the fix goal's cells (**Show cells**) check
your producer for every batch size and number of consumers.
"""
import asyncio

WAKE = "notify"  # param: choice "notify", "notify_all" | How the producer wakes
BATCH = 1  # param: 1..3 | Items added per notify
CONSUMERS = 3  # param: 1..6 | Consumers (one item each)

# goal: deadlock | Strand an item: make notify() wake too few consumers.
# goal: fix complete and wasted_wakeups == 0 over BATCH, CONSUMERS | Fix the producer: every item taken, no consumer woken for nothing, for any batch size.
# compare: notify: WAKE="notify" BATCH=1
# compare: notify-all: WAKE="notify_all" BATCH=1
# compare: notify-batch-2: WAKE="notify" BATCH=2
# compare: notify-all-batch-2: WAKE="notify_all" BATCH=2
# expect: default -> output "wasted wake-ups: 0"
# expect: notify -> output "wasted wake-ups: 0"
# expect: notify-all -> output "wasted wake-ups: 3"
# expect: notify-batch-2 -> deadlock
# expect: notify-all-batch-2 -> complete
# expect: notify-all-batch-2 -> output "wasted wake-ups: 1"
# expect: default -> metric wakeups 3
# expect: default -> metric wasted_wakeups 0
# expect: notify -> metric wakeups 3
# expect: notify -> metric wasted_wakeups 0
# expect: notify -> no finding wasted_wakeup
# expect: notify-all -> metric wakeups 6
# expect: notify-all -> metric wasted_wakeups 3
# expect: notify-all -> finding wasted_wakeup
# expect: notify-batch-2 -> metric wakeups 2
# expect: notify-batch-2 -> metric wasted_wakeups 0
# expect: notify-all-batch-2 -> metric wakeups 4
# expect: notify-all-batch-2 -> metric wasted_wakeups 1
# predict: in notify-all at start ask metric wasted_wakeups | Three consumers, one item per notify_all(). How many wake-ups are wasted?
# predict: choices 0 | 1 | 2 | *3
# predict: reveal Item 1 wakes all three consumers (two for nothing), item 2 the remaining two (one for
# predict: reveal nothing), item 3 the last one: 2 + 1 + 0 = 3 wasted wake-ups.

cond = asyncio.Condition()
items = []
wasted = 0


def now():
    return asyncio.get_running_loop().time()


async def consumer(name):
    global wasted
    async with cond:
        while not items:
            await cond.wait()
            if not items:
                wasted += 1
                print(f"{now():.1f} {name}: woken for nothing")
        print(f"{now():.1f} {name} took {items.pop(0)}")


async def producer():
    made = 0
    while made < CONSUMERS:
        await asyncio.sleep(1)
        async with cond:
            for _ in range(min(BATCH, CONSUMERS - made)):
                items.append(f"item{made}")
                made += 1
            print(f"{now():.1f} producer: {len(items)} item(s) waiting, {WAKE}()")
            if WAKE == "notify":
                cond.notify()
            else:
                cond.notify_all()


async def main():
    tasks = [asyncio.create_task(consumer(f"c{i}"), name=f"c{i}") for i in range(CONSUMERS)]
    tasks.append(asyncio.create_task(producer(), name="producer"))
    await asyncio.gather(*tasks)
    print(f"wasted wake-ups: {wasted}")


asyncio.run(main())
