"""A long run for the window tests: 32 workers each yield 3000 times (about 96 k steps)."""
import asyncio

WORKERS = 32  # param: 1..32
ROUNDS = 3000  # param: 1..3000


async def worker(i):
    for k in range(ROUNDS):
        await asyncio.sleep(0)


async def main():
    await asyncio.gather(*(worker(i) for i in range(WORKERS)))
    print("done")


asyncio.run(main())
