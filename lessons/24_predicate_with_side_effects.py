"""# A predicate with side effects

A sensor task sends `COUNT` readings, `FIRST`, `FIRST + 1`, ..., one every
`GAP` seconds. The consumer takes them with a one-liner that looks neat:

```
reading = await cond.wait_for(lambda: readings.pop(0) if readings else None)
```

`wait_for(pred)` returns the predicate's value once it is true, so the
predicate both checks *and* takes the reading.

## What to watch

With `FIRST = 1` every reading arrives and the consumer prints each one.
Now let the first reading be `0`. The predicate pops it from the list and
returns `0`, which is **false**: `wait_for` concludes the state is not there
yet and waits again. The reading is gone from the list and never returned.
The consumer then waits for a last reading that never comes: **deadlock**.

## Why

`wait_for` may call the predicate many times (once before waiting, once per
wake-up) and treats its result only as true or false. A predicate must be a
pure question about the state: no `pop()`, no counters, no I/O. The same goes
for `while not pred(): await cond.wait()`.

## The fix

Ask, then act:

```
await cond.wait_for(lambda: readings)
reading = readings.pop(0)
```

## Where to check

The fix goal's cells (**Show cells**) check your consumer for every first
value, count and gap.
"""
import asyncio

FIRST = 1  # param: 0..3 | Value of the first reading
COUNT = 3  # param: 1..4 | Readings sent
GAP = 1.0  # param: 0..2 step 0.5 | Sensor's gap between readings (s)

# goal: fix complete over FIRST, COUNT, GAP | Fix the consumer: every reading arrives, whatever the values and the timing.
# compare: first-is-one: FIRST=1
# compare: first-is-zero: FIRST=0
# expect: default -> complete
# expect: first-is-one -> output "3.0 consumer: got 3"
# expect: first-is-zero -> deadlock
# expect: first-is-zero -> output "3.0 consumer: got 2"
# expect: FIRST=0 GAP=0.0 -> deadlock
# predict: in first-is-zero at first notify ask next output | The sensor sends reading 0 and notifies the waiting consumer. What is printed next?
# predict: choices "1.0 consumer: got 0" | *"2.0 sensor: reading 1, notify()" | nothing
# predict: reveal The predicate popped 0 and returned it; 0 is false, so wait_for waited again. The
# predict: reveal reading is gone and the consumer prints nothing until reading 1 comes.
# predict: in first-is-zero at start ask outcome | How does the run with a first reading 0 end?
# predict: choices complete | *deadlock | exception IndexError
# predict: reveal The consumer expects 3 readings but gets 2: it waits for ever after the last one.

cond = asyncio.Condition()
readings = []


def now():
    return asyncio.get_running_loop().time()


async def sensor():
    for value in range(FIRST, FIRST + COUNT):
        await asyncio.sleep(GAP)
        async with cond:
            readings.append(value)
            print(f"{now():.1f} sensor: reading {value}, notify()")
            cond.notify()


async def consumer():
    for _ in range(COUNT):
        async with cond:
            reading = await cond.wait_for(lambda: readings.pop(0) if readings else None)
        print(f"{now():.1f} consumer: got {reading}")


async def main():
    await asyncio.gather(
        asyncio.create_task(consumer(), name="consumer"),
        asyncio.create_task(sensor(), name="sensor"),
    )


asyncio.run(main())
