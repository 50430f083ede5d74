"""# Reference fix: A predicate with side effects

The predicate only asks whether a reading is there; the consumer pops it after
`wait_for` returns, still under the lock. A reading 0 is taken like any
other, and calling the predicate twice changes nothing.
"""
import asyncio

FIRST = 1  # param: 0..3 | Value of the first reading
COUNT = 3  # param: 1..4 | Readings sent
GAP = 1.0  # param: 0..2 step 0.5 | Sensor's gap between readings (s)

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
            await cond.wait_for(lambda: readings)
            reading = readings.pop(0)
        print(f"{now():.1f} consumer: got {reading}")


async def main():
    await asyncio.gather(
        asyncio.create_task(consumer(), name="consumer"),
        asyncio.create_task(sensor(), name="sensor"),
    )


asyncio.run(main())
