# test_locks.ConditionTests.test_wait_cancel: a cancelled wait() re-acquires
# the lock before raising.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    cond = asyncio.Condition()
    await cond.acquire()
    wait = asyncio.create_task(cond.wait())
    loop.call_soon(wait.cancel)
    try:
        await wait
    except asyncio.CancelledError as e:
        print("cancelled", wait.cancelled(), repr(str(e)))
    print("locked", cond.locked())
    cond.release()
    async with cond:
        cond.notify()  # nobody waits: nothing happens
    print("locked", cond.locked())


asyncio.run(main())
