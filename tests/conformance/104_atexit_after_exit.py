# atexit handlers also run when the program leaves with sys.exit(n) from a task.
import asyncio
import atexit
import sys


@atexit.register
def flush_report():
    print("report flushed")


async def main():
    print("working")
    await asyncio.sleep(0.1)
    sys.exit(4)


asyncio.run(main())
