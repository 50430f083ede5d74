# test_locks.LockTests.test_context_manager: async with acquires and releases,
# also when the body raises; contended blocks run in FIFO order.
import asyncio


async def main():
    lock = asyncio.Lock()
    async with lock as v:
        print("inside", v, lock.locked())
    print("after", lock.locked())
    try:
        async with lock:
            raise ValueError("body")
    except ValueError as e:
        print("caught", e, "locked", lock.locked())

    async def worker(i):
        async with lock:
            print("worker", i, "enter")
            await asyncio.sleep(0.1)
            print("worker", i, "exit", asyncio.get_running_loop().time())

    await asyncio.gather(*(worker(i) for i in range(4)))
    print("locked", lock.locked())


asyncio.run(main())
