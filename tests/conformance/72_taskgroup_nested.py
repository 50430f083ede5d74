# Nested TaskGroups: an inner failure is an ExceptionGroup inside the outer one.
import asyncio


async def boom():
    await asyncio.sleep(0.1)
    raise ValueError("inner")


async def inner_group():
    async with asyncio.TaskGroup() as tg:
        tg.create_task(boom())


async def steady(n):
    for i in range(n):
        await asyncio.sleep(0.05)
        print("steady", i)


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(inner_group())
            tg.create_task(steady(10))
    except* ValueError as eg:
        print("outer caught", eg.message, type(eg.exceptions[0]).__name__)
        inner = eg.exceptions[0]
        print("inner", inner.message, [str(e) for e in inner.exceptions])
    results = []
    async with asyncio.TaskGroup() as tg:
        for i in range(4):
            tg.create_task(asyncio.sleep(0.1 * (4 - i), result=i)).add_done_callback(
                lambda t: results.append(t.result()))
    print(results)


asyncio.run(main())
