# cancel(msg) reaches the task; cancelling() counts requests; uncancel() undoes them;
# a second cancel before the task runs keeps the first message.
import asyncio


async def sleeper(tag):
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        task = asyncio.current_task()
        print(tag, "cancelled with", e.args, "cancelling", task.cancelling())
        raise


async def swallow():
    task = asyncio.current_task()
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("swallow: cancelling", task.cancelling())
        print("uncancel ->", task.uncancel(), task.cancelling())
    await asyncio.sleep(0.1)
    return "survived"


async def main():
    t = asyncio.create_task(sleeper("a"))
    await asyncio.sleep(0)
    print(t.cancel("first"), t.cancel("second"), t.cancelling())
    try:
        await t
    except asyncio.CancelledError as e:
        print("main sees", e.args, t.cancelled())
    s = asyncio.create_task(swallow())
    await asyncio.sleep(0)
    s.cancel()
    print(await s, s.cancelled(), s.cancelling())
    print(t.cancel(), "cancel of a done task")


asyncio.run(main())
