# Uncaught exception on purpose (exit 1): cond.wait() without the lock.
import asyncio


async def main():
    cond = asyncio.Condition()
    print("calling wait without async with")
    await cond.wait()


asyncio.run(main())
