# TaskGroup: the block waits for every child; results in completion order; names.
import asyncio


async def work(name, delay):
    await asyncio.sleep(delay)
    print("done", name, asyncio.get_running_loop().time())
    return name


async def main():
    async with asyncio.TaskGroup() as tg:
        a = tg.create_task(work("a", 0.3))
        b = tg.create_task(work("b", 0.1), name="bee")
        c = tg.create_task(work("c", 0.2))
        print("inside", a.get_name(), b.get_name(), c.get_name())
    print("after", a.result(), b.result(), c.result())
    async with asyncio.TaskGroup() as tg:
        print("empty group")
    print("time", asyncio.get_running_loop().time())


asyncio.run(main())
