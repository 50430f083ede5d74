"""# Reference fix: Deadlock by lock order

Both tasks take the two locks in the same order, `accounts` then `audit`.
Whoever holds `accounts` can always go on to take `audit`: no cycle, no
deadlock, whatever the timing.
"""
import asyncio

A_WORK = 1.0  # param: 0.5..3 step 0.5 | a's work while holding the first lock (s)
B_START = 2.0  # param: 0..3 step 0.5 | b starts at (s)
B_WORK = 1.0  # param: 0.5..3 step 0.5 | b's work while holding the first lock (s)

locks = {"accounts": asyncio.Lock(), "audit": asyncio.Lock()}


def now():
    return asyncio.get_running_loop().time()


async def transfer(name, first, second, work):
    async with locks[first]:
        print(f"{now():.1f} {name}: got {first}")
        await asyncio.sleep(work)
        print(f"{now():.1f} {name}: waiting for {second}")
        async with locks[second]:
            print(f"{now():.1f} {name}: got both, done")


async def task_b():
    await asyncio.sleep(B_START)
    await transfer("b", "accounts", "audit", B_WORK)


async def main():
    await asyncio.gather(
        asyncio.create_task(transfer("a", "accounts", "audit", A_WORK), name="a"),
        asyncio.create_task(task_b(), name="b"),
    )


asyncio.run(main())
