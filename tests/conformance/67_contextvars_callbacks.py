# contextvars in callbacks: call_soon / call_later / call_at / add_done_callback copy the
# current context, or run in the one given with context=.
import asyncio
import contextvars

var = contextvars.ContextVar("var", default="unset")


def show(tag):
    print(tag, var.get())
    var.set("changed-by-" + tag)


async def main():
    loop = asyncio.get_running_loop()
    var.set("main")
    ctx = contextvars.copy_context()
    ctx.run(var.set, "given")

    loop.call_soon(show, "soon")
    loop.call_soon(show, "soon-ctx", context=ctx)
    loop.call_later(0.1, show, "later")
    loop.call_later(0.1, show, "later-ctx", context=ctx)
    loop.call_at(loop.time() + 0.2, show, "at-ctx", context=ctx)
    var.set("main-2")
    await asyncio.sleep(0.3)
    print("main", var.get(), "ctx", ctx[var])

    fut = loop.create_future()
    fut.add_done_callback(lambda f: show("done"))
    fut.add_done_callback(lambda f: show("done-ctx"), context=ctx)
    var.set("main-3")
    fut.set_result(1)
    await asyncio.sleep(0)
    print("main", var.get(), "ctx", ctx[var])


asyncio.run(main())
