# sys.exit(5) in the main task: the process exits with status 5, nothing after asyncio.run
# runs, and what was printed before is kept.
import asyncio
import sys


async def main():
    print("before exit")
    await asyncio.sleep(1)
    sys.exit(5)


try:
    asyncio.run(main())
finally:
    print("finally after asyncio.run")
print("not reached")
