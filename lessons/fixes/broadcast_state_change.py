"""# Reference fix: Broadcasting a state change

Shutdown is a change every worker must see: the boss announces it with
`notify_all()`, and each worker's `while` loop re-checks `closing`.
"""
import asyncio

WORKERS = 1  # param: 1..5 | Workers
JOBS = 2  # param: 0..6 | Jobs before shutdown

cond = asyncio.Condition()
jobs = []
closing = False


def now():
    return asyncio.get_running_loop().time()


async def worker(name):
    done = 0
    while True:
        async with cond:
            while not jobs and not closing:
                await cond.wait()
            if not jobs:
                print(f"{now():.1f} {name} leaves after {done} job(s)")
                return
            job = jobs.pop(0)
        print(f"{now():.1f} {name} works on {job}")
        await asyncio.sleep(1)
        done += 1


async def boss():
    global closing
    for n in range(JOBS):
        await asyncio.sleep(0.5)
        async with cond:
            jobs.append(f"job{n}")
            cond.notify()
    await asyncio.sleep(2)
    async with cond:
        closing = True
        print(f"{now():.1f} boss: closing, notify_all()")
        cond.notify_all()


async def main():
    tasks = [asyncio.create_task(worker(f"w{i}"), name=f"w{i}") for i in range(WORKERS)]
    tasks.append(asyncio.create_task(boss(), name="boss"))
    await asyncio.gather(*tasks)


asyncio.run(main())
