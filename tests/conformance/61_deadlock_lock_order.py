# Deadlock on purpose (exit 3): two tasks take two locks in opposite order.
import asyncio


async def main():
    a = asyncio.Lock()
    b = asyncio.Lock()

    async def worker(name, first, second):
        async with first:
            print(name, "has first")
            await asyncio.sleep(0.5)
            print(name, "wants second")
            async with second:
                print("never printed")

    await asyncio.gather(worker("x", a, b), worker("y", b, a))


asyncio.run(main())
