# Deadlock on purpose (exit 3): notify() before anyone waits is lost.
import asyncio


async def main():
    cond = asyncio.Condition()

    async def notifier():
        async with cond:
            print("notify with no waiter")
            cond.notify()

    async def waiter():
        await asyncio.sleep(1)
        async with cond:
            print("waiting at", asyncio.get_running_loop().time())
            await cond.wait()
            print("never printed")

    await asyncio.gather(notifier(), waiter())


asyncio.run(main())
