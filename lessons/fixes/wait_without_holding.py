"""# Reference fix: `wait()` by a task that does not hold the lock

The reader takes the condition's lock around its check and its wait. It
queues behind the writer (and behind `w2` if `w2` asked first) instead of
releasing a lock it never held; the writer stays alone in its critical
section and its `notify_all()` finds its own lock held.
"""
import asyncio

WORK = 2.0  # param: 0.5..3 step 0.5 | Writer holds the lock for (s)
READER_AT = 1.0  # param: 0..4 step 0.5 | Reader starts waiting at (s)
W2_AT = 0.5  # param: 0..4 step 0.5 | Second writer wants the lock at (s)

cond = asyncio.Condition()
done = False
writing = False


def now():
    return asyncio.get_running_loop().time()


async def writer():
    global done, writing
    async with cond:  # the writer takes the lock
        writing = True
        print(f"{now():.1f} writer: writing")
        await asyncio.sleep(WORK)
        writing = False
        done = True
        print(f"{now():.1f} writer: done, notify_all()")
        cond.notify_all()


async def w2():
    await asyncio.sleep(W2_AT)
    async with cond:
        print(f"{now():.1f} w2: in the critical section, writer still writing: {writing}")
        assert not writing, "two tasks in the critical section"


async def reader():
    await asyncio.sleep(READER_AT)
    async with cond:
        while not done:
            print(f"{now():.1f} reader: waiting")
            await cond.wait()
        print(f"{now():.1f} reader: done = {done}")


async def main():
    await asyncio.gather(
        asyncio.create_task(writer(), name="writer"),
        asyncio.create_task(w2(), name="w2"),
        asyncio.create_task(reader(), name="reader"),
    )


asyncio.run(main())
