# TaskGroup: children that finish before a sibling fails keep their results; the ones still
# running are cancelled; the parent's own await is interrupted, cancelling() back to 0.
import asyncio


async def job(n, delay, fail=False):
    try:
        await asyncio.sleep(delay)
    except asyncio.CancelledError:
        print(f"job{n} cancelled at", asyncio.get_running_loop().time())
        raise
    if fail:
        raise OSError(f"job{n} failed")
    print(f"job{n} done")
    return n


async def main():
    tasks = []
    try:
        async with asyncio.TaskGroup() as tg:
            tasks.append(tg.create_task(job(0, 0.1)))
            tasks.append(tg.create_task(job(1, 0.2, fail=True)))
            tasks.append(tg.create_task(job(2, 0.3)))
    except* OSError as eg:
        print("errors", [str(e) for e in eg.exceptions])
    for t in tasks:
        print(t.get_name(), "cancelled" if t.cancelled() else
              (repr(t.exception()) if t.exception() else t.result()))
    print("cancelling", asyncio.current_task().cancelling())
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(job(3, 0.1, fail=True))
            await asyncio.sleep(1)
    except* OSError:
        print("interrupted at", asyncio.get_running_loop().time())


asyncio.run(main())
