# test_locks.EventTests.test_wait_on_set: wait() on a set event returns at once.
import asyncio


async def main():
    ev = asyncio.Event()
    ev.set()
    print("is_set", ev.is_set())
    res = await ev.wait()
    print("wait", res)
    order = []

    async def other():
        order.append("other")

    t = asyncio.create_task(other())
    await ev.wait()  # no suspension: other has not run yet
    order.append("main")
    await t
    print(order)


asyncio.run(main())
