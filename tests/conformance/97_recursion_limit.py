# A raised recursion limit: recursion below it works, unbounded recursion ends in
# RecursionError (also through awaits), and the program goes on.
import asyncio
import sys

sys.setrecursionlimit(3000)


def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)


def forever(n):
    return forever(n + 1) + 1


async def nested(n):
    return await nested(n + 1)


async def main():
    print("depth", depth(2500))
    try:
        forever(0)
    except RecursionError as e:
        print("RecursionError:", e)
    try:
        await nested(0)
    except RecursionError as e:
        print("RecursionError:", e)
    await asyncio.sleep(1)
    print("still running at", asyncio.get_running_loop().time())


asyncio.run(main())
