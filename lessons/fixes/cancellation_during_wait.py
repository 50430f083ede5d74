"""# Reference fix: Cancellation during a wait

A cancelled waiter passes the wake-up on before it leaves: in its `except`
block (it holds the lock there) it calls `notify()` and then re-raises. If
`notify()` had picked it, the other waiter gets the notification instead;
otherwise the other waiter is woken once for nothing and its `while` loop
waits again. (Python 3.13's `wait()` does the same by itself.)
"""
import asyncio

NOTIFY_AT = 2.0  # param: 0.5..4 step 0.5 | Job posted at (s)
CANCEL_AT = 1.0  # param: 0.5..4 step 0.5 | w1 cancelled at (s)

cond = asyncio.Condition()
jobs = []
taken = False


def now():
    return asyncio.get_running_loop().time()


async def worker(name):
    global taken
    async with cond:
        try:
            while not jobs and not taken:
                await cond.wait()
        except asyncio.CancelledError:
            print(f"{now():.1f} {name} cancelled, passing the wake-up on")
            cond.notify()
            raise
        if jobs:
            taken = True
            print(f"{now():.1f} {name} took {jobs.pop()}")
            cond.notify_all()
        else:
            print(f"{now():.1f} {name} goes home")


async def notifier():
    await asyncio.sleep(NOTIFY_AT)
    async with cond:
        jobs.append("the job")
        print(f"{now():.1f} notifier: notify()")
        cond.notify()


async def canceller(task):
    await asyncio.sleep(CANCEL_AT)
    print(f"{now():.1f} canceller: cancel w1")
    task.cancel()


async def main():
    w1 = asyncio.create_task(worker("w1"), name="w1")
    w2 = asyncio.create_task(worker("w2"), name="w2")
    others = asyncio.gather(
        asyncio.create_task(notifier(), name="notifier"),
        asyncio.create_task(canceller(w1), name="canceller"),
    )
    try:
        await w1
    except asyncio.CancelledError:
        print(f"{now():.1f} main: w1 was cancelled")
    await w2
    await others


asyncio.run(main())
