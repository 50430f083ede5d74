# test_locks.EventTests.test_wait_cancel: a cancelled wait() is removed.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    ev = asyncio.Event()
    wait = asyncio.create_task(ev.wait())
    loop.call_soon(wait.cancel)
    try:
        await wait
    except asyncio.CancelledError:
        print("cancelled", wait.cancelled())
    ev.set()
    print("is_set", ev.is_set())
    print("wait again", await ev.wait())


asyncio.run(main())
