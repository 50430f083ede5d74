# SystemExit raised inside a task leaves asyncio.run at once (Task.__step re-raises it):
# the other tasks are cancelled (one never started), the main task's finally runs, and the
# process exits with status 3.
import asyncio


async def child():
    print("child raises SystemExit(3)")
    raise SystemExit(3)


async def other():
    try:
        for i in range(5):
            print("other", i)
            await asyncio.sleep(0)
    finally:
        print("other finally")


async def main():
    asyncio.create_task(child())
    asyncio.create_task(other())
    try:
        await asyncio.sleep(1)
        print("main goes on (wrong)")
    finally:
        print("main finally")


try:
    asyncio.run(main())
finally:
    print("after asyncio.run")
print("not reached")
