# test_locks.LockTests.test_release_not_acquired and `await lock` TypeError.
import asyncio


async def main():
    lock = asyncio.Lock()
    try:
        lock.release()
    except RuntimeError as e:
        print(type(e).__name__, str(e))
    await lock.acquire()
    lock.release()
    try:
        lock.release()
    except RuntimeError as e:
        print(type(e).__name__, str(e))
    try:
        await lock
    except TypeError as e:
        print(type(e).__name__, str(e))
    print("locked", lock.locked())


asyncio.run(main())
