# contextvars: every task runs in a copy of the context current at create_task(); a child's
# set() never leaks into its parent; context= runs a task in a given context.
import asyncio
import contextvars

request = contextvars.ContextVar("request", default="none")


async def child(name):
    print(name, "sees", request.get())
    request.set(name)
    await asyncio.sleep(0)
    print(name, "after sleep sees", request.get())


async def main():
    request.set("main")
    t1 = asyncio.create_task(child("a"))
    request.set("main-2")
    t2 = asyncio.create_task(child("b"))
    await asyncio.gather(t1, t2)
    print("main sees", request.get())

    ctx = contextvars.copy_context()
    ctx.run(request.set, "in-ctx")
    t3 = asyncio.create_task(child("c"), context=ctx)
    await t3
    print("ctx holds", ctx[request], "main sees", request.get())

    loop = asyncio.get_running_loop()
    t4 = loop.create_task(child("d"), context=ctx)
    await t4
    print("ctx holds", ctx[request])


asyncio.run(main())
print("top level sees", request.get())
