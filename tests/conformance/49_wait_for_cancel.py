# Cancelling a task blocked in wait_for cancels the inner task too.
import asyncio


async def inner():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        print("inner cancelled", repr(str(e)))
        raise


async def outer():
    try:
        await asyncio.wait_for(inner(), timeout=5)
    except asyncio.CancelledError as e:
        print("outer cancelled", repr(str(e)))
        raise


async def main():
    t = asyncio.create_task(outer())
    await asyncio.sleep(1)
    t.cancel("stop it")
    try:
        await t
    except asyncio.CancelledError as e:
        print("main sees", repr(str(e)), t.cancelled())
    print("t", asyncio.get_running_loop().time())


asyncio.run(main())
