# test_locks.ConditionTests.test_wait_unacquired and notify/notify_all
# without the lock (test_notify_unacquired).
import asyncio


async def main():
    cond = asyncio.Condition()
    for op in ("wait", "notify", "notify_all"):
        try:
            if op == "wait":
                await cond.wait()
            elif op == "notify":
                cond.notify()
            else:
                cond.notify_all()
        except RuntimeError as e:
            print(op, type(e).__name__, str(e))
    try:
        await cond.wait_for(lambda: False)
    except RuntimeError as e:
        print("wait_for", type(e).__name__, str(e))
    res = await cond.wait_for(lambda: [1, 2, 3])
    print("wait_for true predicate", res)


asyncio.run(main())
