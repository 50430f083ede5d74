# Pitfall: `if` instead of `while` with notify_all: a woken consumer finds the
# item already taken (and gets IndexError, caught and printed).
import asyncio


async def main():
    cond = asyncio.Condition()
    items = []

    async def consumer(name):
        async with cond:
            if not items:
                await cond.wait()
            try:
                print(name, "took", items.pop())
            except IndexError as e:
                print(name, type(e).__name__, str(e))

    tasks = [asyncio.create_task(consumer(f"c{i}")) for i in range(3)]
    await asyncio.sleep(0)
    async with cond:
        items.append("x")
        cond.notify_all()
    await asyncio.gather(*tasks)


asyncio.run(main())
