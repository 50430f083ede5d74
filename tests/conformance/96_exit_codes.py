# SystemExit's code as CPython's process reads it: a string is printed on stderr and the
# status is 1; SystemExit caught by the program is an ordinary exception.
import asyncio
import sys


async def main():
    try:
        sys.exit(4)
    except SystemExit as e:
        print("caught", type(e).__name__, e.code)
    await asyncio.sleep(0)
    print("exiting with a message")
    sys.exit("bye")


asyncio.run(main())
