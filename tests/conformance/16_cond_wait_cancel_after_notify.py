# test_locks.ConditionTests.test_wait_cancel_after_notify: cancel a waiter
# after it was notified, while it waits for the lock.
import asyncio


async def main():
    cond = asyncio.Condition()
    waited = False

    async def wait_on_cond():
        nonlocal waited
        async with cond:
            waited = True
            try:
                await cond.wait()
            finally:
                print("waiter leaving, locked", cond.locked())

    waiter = asyncio.create_task(wait_on_cond())
    await asyncio.sleep(0)
    await cond.acquire()
    cond.notify()
    await asyncio.sleep(0)
    waiter.cancel()
    await asyncio.sleep(0)
    cond.release()
    await asyncio.sleep(0)
    print("waited", waited, "cancelled", waiter.cancelled(), "locked", cond.locked())


asyncio.run(main())
