# The ready-queue snapshot: work scheduled during an iteration runs in the
# next one; tasks start in creation order; await of a finished task.
import asyncio

log = []


async def step(name, n):
    for i in range(n):
        log.append(f"{name}{i}")
        await asyncio.sleep(0)


async def main():
    loop = asyncio.get_running_loop()
    a = asyncio.create_task(step("a", 3))
    b = asyncio.create_task(step("b", 2))
    loop.call_soon(log.append, "cb")
    c = asyncio.create_task(step("c", 1))
    log.append("main")
    await asyncio.sleep(0)
    log.append("main2")
    await a
    log.append("after a")
    await b  # already done: no suspension
    log.append("after b")
    await c
    print(log)


asyncio.run(main())
