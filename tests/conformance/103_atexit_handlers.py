# atexit handlers run after the program (and after asyncio.run), last registered first.
import asyncio
import atexit


def goodbye(who):
    print("goodbye", who)


atexit.register(goodbye, "first")


async def main():
    atexit.register(goodbye, "from a task")
    await asyncio.sleep(0.1)
    print("main done")


asyncio.run(main())
atexit.register(goodbye, "last")


def never():
    print("never printed")


atexit.register(never)
atexit.unregister(never)
print("module end")
