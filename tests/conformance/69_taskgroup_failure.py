# TaskGroup: one child fails -> its sibling is cancelled, the parent's block is cancelled,
# and the errors come out as an ExceptionGroup (except* splits them).
import asyncio


async def fail(delay, exc):
    await asyncio.sleep(delay)
    print("raising", type(exc).__name__)
    raise exc


async def slow():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("slow cancelled")
        raise


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fail(0.1, ValueError("bad value")))
            s = tg.create_task(slow())
            await asyncio.sleep(1)
            print("not reached")
    except* ValueError as eg:
        print("caught", [str(e) for e in eg.exceptions])
    print("slow cancelled?", s.cancelled())
    print("main cancelling", asyncio.current_task().cancelling())

    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fail(0.1, ValueError("v")))
            tg.create_task(fail(0.1, KeyError("k")))
    except* ValueError as eg:
        print("value errors", len(eg.exceptions))
    except* KeyError as eg:
        print("key errors", len(eg.exceptions))

    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fail(0.1, ValueError("x")))
    except ExceptionGroup as eg:
        print(type(eg).__name__, eg.message, repr(eg.exceptions[0]))


asyncio.run(main())
