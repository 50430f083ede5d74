# Uncaught exception on purpose (exit 1): a child's error propagates through
# await; the sibling finished first.
import asyncio


async def child(n):
    await asyncio.sleep(n)
    print("child", n, "at", asyncio.get_running_loop().time())
    if n == 2:
        raise ValueError(f"child {n} failed")


async def main():
    a = asyncio.create_task(child(1))
    b = asyncio.create_task(child(2))
    await a
    await b


asyncio.run(main())
