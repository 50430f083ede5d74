# test_locks.EventTests.test_clear
import asyncio


async def main():
    ev = asyncio.Event()
    print(ev.is_set())
    ev.set()
    print(ev.is_set())
    ev.clear()
    print(ev.is_set())
    ev.clear()
    print(ev.is_set())


asyncio.run(main())
