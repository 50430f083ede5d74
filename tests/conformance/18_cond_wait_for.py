# test_locks.ConditionTests.test_wait_for: the predicate is rechecked after
# each notify.
import asyncio


async def main():
    cond = asyncio.Condition()
    presult = False
    calls = []

    def predicate():
        calls.append(presult)
        return presult

    result = []

    async def c1():
        await cond.acquire()
        if await cond.wait_for(predicate):
            result.append(1)
            cond.release()
        return True

    t = asyncio.create_task(c1())
    await asyncio.sleep(0)
    print(result, calls)
    await cond.acquire()
    cond.notify()
    cond.release()
    await asyncio.sleep(0)
    print(result, calls)
    presult = True
    await cond.acquire()
    cond.notify()
    cond.release()
    await asyncio.sleep(0)
    print(result, calls, t.done(), t.result())


asyncio.run(main())
