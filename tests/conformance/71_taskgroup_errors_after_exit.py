# TaskGroup: create_task before entering / after finishing raises RuntimeError; a group
# cannot be entered twice; repr shows its state.
import asyncio


async def nothing():
    await asyncio.sleep(0)


async def main():
    tg = asyncio.TaskGroup()
    print(repr(tg))
    coro = nothing()
    try:
        tg.create_task(coro)
    except RuntimeError as e:
        print("RuntimeError", str(e))
    coro.close()
    async with tg:
        tg.create_task(nothing())
        print(repr(tg))
    print(repr(tg))
    coro = nothing()
    try:
        tg.create_task(coro)
    except RuntimeError as e:
        print("RuntimeError", str(e))
    coro.close()
    try:
        async with tg:
            pass
    except RuntimeError as e:
        print("RuntimeError", str(e))


asyncio.run(main())
