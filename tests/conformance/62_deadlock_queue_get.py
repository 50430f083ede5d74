# Deadlock on purpose (exit 3): consumers wait on a queue nobody fills
# after the producer stops early.
import asyncio


async def main():
    q = asyncio.Queue()

    async def producer():
        for i in range(2):
            await q.put(i)
            await asyncio.sleep(0.1)

    async def consumer():
        for _ in range(3):
            item = await q.get()
            print("got", item, asyncio.get_running_loop().time())

    await asyncio.gather(producer(), consumer())


asyncio.run(main())
