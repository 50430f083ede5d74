# loop.time() starts at 0 on the virtual clock; sleep(d, result); sleep(0)
# and negative sleeps; accumulated float time.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    print("start", loop.time())
    print(await asyncio.sleep(0.1, result="r1"), loop.time())
    print(await asyncio.sleep(0, result="zero"), loop.time())
    print(await asyncio.sleep(-5, result="neg"), loop.time())
    for _ in range(3):
        await asyncio.sleep(0.1)
    print("after 4x0.1", loop.time(), repr(loop.time()))
    print(await asyncio.sleep(86400 * 2, "long"), loop.time())
    fut = loop.create_future()
    loop.call_later(0.25, fut.set_result, "timer")
    print(await fut, loop.time())
    print("get_event_loop is running loop", asyncio.get_event_loop() is loop)


asyncio.run(main())
