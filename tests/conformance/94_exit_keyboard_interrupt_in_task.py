# KeyboardInterrupt raised inside a task leaves asyncio.run at once; uncaught, it ends the
# process as a SIGINT does (exit status 130) after the traceback; the main task's finally
# runs first (asyncio.run cancels what is left).
import asyncio


async def waiter():
    await asyncio.sleep(10)  # cancelled by asyncio.run (in no fixed order with main)


async def child():
    await asyncio.sleep(1)
    print("child raises KeyboardInterrupt")
    raise KeyboardInterrupt


async def main():
    asyncio.create_task(waiter())
    asyncio.create_task(child())
    try:
        await asyncio.sleep(5)
        print("main goes on (wrong)")
    finally:
        print("main finally")


asyncio.run(main())
print("not reached")
