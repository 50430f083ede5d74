# Task.cancelling() / uncancel() counters.
import asyncio


async def main():
    me = asyncio.current_task()
    print("cancelling", me.cancelling())

    async def victim():
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            task = asyncio.current_task()
            print("victim cancelling", task.cancelling())
            print("uncancel ->", task.uncancel(), task.uncancel())
            print("victim cancelling", task.cancelling())
        await asyncio.sleep(1)
        return "recovered"

    t = asyncio.create_task(victim())
    await asyncio.sleep(0)
    t.cancel()
    t.cancel()
    print("requested", t.cancelling())
    print(await t, t.cancelling(), t.cancelled())
    print("uncancel at 0 ->", me.uncancel(), me.cancelling())


asyncio.run(main())
