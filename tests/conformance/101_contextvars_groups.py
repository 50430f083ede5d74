# contextvars with TaskGroup and gather: each child sees the value at its creation and
# its own changes stay in its copy; a callback sees the context it was registered in.
import asyncio
import contextvars

user = contextvars.ContextVar("user")


async def handle(n):
    before = user.get("?")
    user.set(f"child{n}")
    await asyncio.sleep(0.1 * n)
    return before, user.get()


async def main():
    user.set("alice")
    async with asyncio.TaskGroup() as tg:
        a = tg.create_task(handle(1))
        user.set("bob")
        b = tg.create_task(handle(2))
    print(a.result(), b.result(), user.get())
    print(await asyncio.gather(handle(1), handle(2)), user.get())
    t = asyncio.create_task(handle(1))
    user.set("carol")
    t.add_done_callback(lambda t: print("callback sees", user.get()))
    user.set("dave")
    await t
    await asyncio.sleep(0)
    print("main", user.get())


asyncio.run(main())
