# bench/budget_overshoot.py: 200 000 concurrent sleeps in one gather, stopped by the 2 s wall
# budget.
import asyncio


async def main():
    await asyncio.gather(*(asyncio.sleep(1) for _ in range(200_000)))


asyncio.run(main())
