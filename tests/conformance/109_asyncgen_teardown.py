# Async generators under asyncio.run: a dropped generator is closed by an aclose() task
# scheduled by the loop's finalizer hook (not at once); a generator still alive when the
# main task ends is closed by shutdown_asyncgens, so its `finally` runs in a task.
import asyncio


async def ticker(label):
    try:
        for i in range(10):
            yield i
            await asyncio.sleep(0)
    finally:
        task = asyncio.current_task()
        print(label, "finally in", task.get_name() if task else None)


async def main():
    g = ticker("dropped")
    print(await g.__anext__())
    del g
    print("dropped it")
    await asyncio.sleep(0)
    print("after sleep")
    h = ticker("kept")
    print(await h.__anext__())
    global keep
    keep = h
    async for v in ticker("exhausted"):
        if v == 1:
            break
    print("main ends in", asyncio.current_task().get_name())


asyncio.run(main())
print("after run")


async def second():
    print("second run:", asyncio.current_task().get_name())


asyncio.run(second())
