# test_locks.ConditionTests.test_timeout_in_block: wait_for(cond.wait(), 0.5)
# inside `async with cond` raises TimeoutError with the lock held again.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    condition = asyncio.Condition()
    async with condition:
        try:
            await asyncio.wait_for(condition.wait(), timeout=0.5)
        except asyncio.TimeoutError as e:
            print("timeout", type(e).__name__, repr(str(e)), "at", loop.time())
            print("cause", type(e.__cause__).__name__)
        print("locked", condition.locked())
    print("locked after block", condition.locked())


asyncio.run(main())
