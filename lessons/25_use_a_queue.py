"""# Use a Queue instead

The bounded buffer of lesson 14 (the wrong waiter), written twice: once by hand with
a `Condition` and `wait_for`, once as `asyncio.Queue(maxsize=SIZE)`. Switch
`IMPL` and compare: same items, same times.

## What to watch

With the queue there are no condition or lock rows, only the queue's row
`buf`, violet while tasks wait on it (the digit says how many). Producers
block in `put()` while the queue is full and consumers in `get()` while it is
empty; their lanes are blue (waiting on the queue), not violet.
The queue keeps separate waiter lists for putters and getters and wakes
exactly one of the right kind per change, so neither the wrong waiter nor the
thundering herd can happen.

## When to prefer a Queue

- Handing items from producers to consumers: always a `Queue`.
- Waiting until a more complex state holds (several variables, a predicate
  over them): a `Condition`.
- A one-shot "it happened": an `Event`.

## Still your job: shutting down

A queue has no "closed" state in Python 3.11 (3.13 adds `Queue.shutdown()`).
Here the producer puts one `None` per consumer as a stop signal. Put fewer
stop signals than consumers and one consumer waits in `get()` forever.

## Where to check

The compare view (View → Compare A/B) puts `queue` beside `condition`: the
same lines at the same times. The fix goal's cells (**Show cells**) check
every buffer size, number of consumers and items.
"""
import asyncio

IMPL = "queue"  # param: choice "queue", "condition" | Buffer implementation
SIZE = 2  # param: 1..4 | Buffer capacity
CONSUMERS = 2  # param: 1..4 | Consumers
STOPS = 2  # param: 0..4 | Stop signals (None) the producer sends
ITEMS = 6  # param: 1..8 | Items produced


# goal: deadlock | Leave a consumer waiting forever in get().
# goal: fix complete over SIZE, CONSUMERS, ITEMS | Fix the shutdown: every consumer stops, for any number of consumers.
# compare: queue: IMPL="queue"
# compare: condition: IMPL="condition"
# expect: default -> output "3.0 all done"
# expect: queue -> output "3.0 all done"
# expect: condition -> output "3.0 all done"
# expect: STOPS=1 -> deadlock
# expect: IMPL="condition" STOPS=1 -> deadlock
# expect: condition -> metric wakeups 3
# expect: condition -> metric wasted_wakeups 0
# expect: condition -> no finding lost_notify
# predict: in STOPS=1 at start ask outcome | Two consumers, but the producer sends only one stop signal. How does the run end?
# predict: choices complete | *deadlock
# predict: reveal One consumer gets the None and stops; the other waits in get() for ever.


class CondBuffer:
    def __init__(self, size):
        self.items, self.size = [], size
        self.cond = asyncio.Condition()

    async def put(self, item):
        async with self.cond:
            await self.cond.wait_for(lambda: len(self.items) < self.size)
            self.items.append(item)
            self.cond.notify_all()

    async def get(self):
        async with self.cond:
            await self.cond.wait_for(lambda: self.items)
            item = self.items.pop(0)
            self.cond.notify_all()
            return item


buf = asyncio.Queue(maxsize=SIZE) if IMPL == "queue" else CondBuffer(SIZE)


def now():
    return asyncio.get_running_loop().time()


async def producer():
    for n in range(ITEMS):
        await buf.put(f"item{n}")
        print(f"{now():.1f} producer: put item{n}")
    for _ in range(STOPS):
        await buf.put(None)


async def consumer(name):
    while (item := await buf.get()) is not None:
        await asyncio.sleep(1)
        print(f"{now():.1f} {name} handled {item}")


async def main():
    tasks = [asyncio.create_task(producer(), name="producer")]
    tasks += [asyncio.create_task(consumer(f"c{i}"), name=f"c{i}") for i in range(CONSUMERS)]
    await asyncio.gather(*tasks)
    print(f"{now():.1f} all done")


asyncio.run(main())
