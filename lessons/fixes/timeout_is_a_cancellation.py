"""# Reference fix: A timeout is a cancellation

In `except TimeoutError` the waiter holds the lock again, so it looks at
`jobs` before it gives up: a job that arrived while the cancelled wait was
taking the lock back (or whose notify the cancellation swallowed) is taken,
not left behind. Only an empty list means no job came in time.
"""
import asyncio

TIMEOUT = 2.0  # param: 0.5..3 step 0.5 | Waiter's timeout (s)
JOB_AT = 0.5  # param: 0..3 step 0.5 | Producer takes the lock at (s)
PREP = 0.5  # param: 0..2 step 0.5 | Producer prepares the job under the lock for (s)

cond = asyncio.Condition()
jobs = []
done = []
left_behind = []


def now():
    return asyncio.get_running_loop().time()


async def waiter():
    async with cond:
        print(f"{now():.1f} waiter: waiting, timeout {TIMEOUT}")
        try:
            while not jobs:
                await asyncio.wait_for(cond.wait(), TIMEOUT)
        except TimeoutError:
            print(f"{now():.1f} waiter: TimeoutError, jobs waiting: {len(jobs)}")
            if not jobs:
                return
            print(f"{now():.1f} waiter: the job is there after all")
        done.append(jobs.pop())
        print(f"{now():.1f} waiter: got job {done[-1]}")


async def producer():
    await asyncio.sleep(JOB_AT)
    async with cond:
        print(f"{now():.1f} producer: preparing the job")
        await asyncio.sleep(PREP)
        jobs.append(1)
        print(f"{now():.1f} producer: job 1 ready, notify()")
        cond.notify()


async def main():
    await asyncio.gather(
        asyncio.create_task(waiter(), name="waiter"),
        asyncio.create_task(producer(), name="producer"),
    )
    assert not left_behind, "the waiter gave up while a job was waiting"


asyncio.run(main())
