# Cancellation messages travel to the awaiting task; cancel() return values.
import asyncio


async def sleeper():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        print("sleeper got", repr(str(e)), e.args)
        raise


async def main():
    t = asyncio.create_task(sleeper())
    await asyncio.sleep(0)
    print("cancel", t.cancel(msg="bye"))
    print("cancel again", t.cancel(msg="second"))
    try:
        await t
    except asyncio.CancelledError as e:
        print("main got", repr(str(e)), e.args)
    print("cancel done task", t.cancel())
    fut = asyncio.get_running_loop().create_future()
    fut.cancel("future msg")
    try:
        fut.result()
    except asyncio.CancelledError as e:
        print("future", repr(str(e)))
    t2 = asyncio.create_task(sleeper())
    t2.cancel("before start")
    try:
        await t2
    except asyncio.CancelledError as e:
        print("t2", repr(str(e)), t2.cancelled())


asyncio.run(main())
