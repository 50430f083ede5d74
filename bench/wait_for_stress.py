"""wait_for stress: 1 000 tasks, 100 notify_all rounds with wait_for predicates.

The program form of bench/cpython_workloads.py's wait_for_stress (same tasks, creation
order, loops and predicate calls), run by bench/bench_lessons.cpp under condlab
(--no-line-trace) and under CPython 3.11 asyncio on the virtual clock, and as whole
processes by bench/bench_process.cpp.
"""
import asyncio

WAITERS = 1000
ROUNDS = 100

gen = 0
pred_calls = 0


async def waiter(cond):
    seen = 0
    while seen < ROUNDS:
        async with cond:
            def pred():
                global pred_calls
                pred_calls += 1
                return gen > seen
            await cond.wait_for(pred)
            seen = gen


async def main():
    global gen
    cond = asyncio.Condition()
    tasks = [asyncio.create_task(waiter(cond)) for _ in range(WAITERS)]
    await asyncio.sleep(0)
    for _ in range(ROUNDS):
        async with cond:
            gen += 1
            cond.notify_all()
        await asyncio.sleep(0)
    await asyncio.gather(*tasks)
    loop = asyncio.get_running_loop()
    print(f"predicate calls: {pred_calls}, virtual time: {loop.time()}")


asyncio.run(main())
