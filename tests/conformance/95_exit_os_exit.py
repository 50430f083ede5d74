# os._exit(7) ends the process at once with status 7: no finally block, no cancellation,
# nothing after it runs. (CPython loses unflushed stdout here; condlab keeps it, so this
# program flushes to compare the same text.)
import asyncio
import os
import sys


async def other():
    try:
        await asyncio.sleep(10)
    finally:
        print("other finally (not printed)")


async def main():
    asyncio.create_task(other())
    await asyncio.sleep(1)
    print("before os._exit")
    sys.stdout.flush()
    try:
        os._exit(7)
    finally:
        print("finally (not printed)")


try:
    asyncio.run(main())
finally:
    print("after asyncio.run (not printed)")
