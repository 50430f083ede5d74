# bench/budget_overshoot.py: a million tasks made by create_task, stopped by the 2 s wall budget.
import asyncio


async def main():
    for i in range(10**6):
        asyncio.get_running_loop().create_task(asyncio.sleep(1))


asyncio.run(main())
