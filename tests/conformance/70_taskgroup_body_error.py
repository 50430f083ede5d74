# TaskGroup: an error in the body cancels the children and joins the group's errors;
# a body that is cancelled from outside propagates CancelledError once the children end.
import asyncio


async def child(name):
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError:
        print(name, "cancelled")
        await asyncio.sleep(0.1)
        print(name, "cleaned up")
        raise


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child("c1"))
            await asyncio.sleep(0.5)
            raise RuntimeError("body failed")
    except* RuntimeError as eg:
        print("body error", [str(e) for e in eg.exceptions])
    print("time", asyncio.get_running_loop().time())

    async def outer():
        async with asyncio.TaskGroup() as tg:
            tg.create_task(child("c2"))
            await asyncio.sleep(5)

    t = asyncio.create_task(outer())
    await asyncio.sleep(0.2)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("outer cancelled", t.cancelled())
    print("time", asyncio.get_running_loop().time())


asyncio.run(main())
