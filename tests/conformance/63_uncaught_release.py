# Uncaught exception on purpose (exit 1): releasing a lock twice.
import asyncio


async def main():
    lock = asyncio.Lock()
    async with lock:
        print("inside")
    print("releasing again")
    lock.release()
    print("never printed")


asyncio.run(main())
