# test_locks.ConditionTests.test_wait_cancel_contested: notify, contest the
# lock, then cancel the waiter; the lock must end up held.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    cond = asyncio.Condition()
    await cond.acquire()
    print("locked", cond.locked())
    wait_task = asyncio.create_task(cond.wait())
    await asyncio.sleep(0)
    print("locked while waiting", cond.locked())
    await cond.acquire()
    print("re-acquired", cond.locked())
    cond.notify()
    loop.call_soon(wait_task.cancel)
    loop.call_soon(cond.release)
    try:
        await wait_task
        print("wait returned", wait_task.result())
    except asyncio.CancelledError:
        print("wait cancelled")
    print("locked", cond.locked())
    cond.release()


asyncio.run(main())
