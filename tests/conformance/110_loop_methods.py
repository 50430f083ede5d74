# The loop API outside asyncio.run: new_event_loop, set_event_loop, get_event_loop,
# run_until_complete (a coroutine or a future), run_forever and stop (also stop() before
# run_forever: one iteration), close and is_closed, the errors of a closed or running loop,
# and asyncio.Runner reusing one loop for several runs.
import asyncio

async def work(x):
    await asyncio.sleep(0.1)
    print("work", x, asyncio.current_task().get_name())
    return x * 2

loop = asyncio.new_event_loop()
print(loop.is_running(), loop.is_closed())
asyncio.set_event_loop(loop)
print(asyncio.get_event_loop() is loop)
print(loop.run_until_complete(work(1)))
fut = loop.create_future()
loop.call_later(0.5, fut.set_result, "done")
print(loop.run_until_complete(fut))

def stopper():
    print("stopping")
    loop.stop()

loop.call_soon(print, "tick")
loop.call_later(1, stopper)
loop.run_forever()
print("after run_forever")
t = loop.create_task(work(5))
loop.call_soon(loop.stop)
loop.run_forever()
print(t.done())
try:
    print(loop.run_until_complete(t))
except RuntimeError as e:
    print("RuntimeError", e)
loop.stop()
loop.run_forever()
print("stopped at once")
loop.close()
print(loop.is_closed())
loop.close()
try:
    loop.run_until_complete(work(2))
except RuntimeError as e:
    print("RuntimeError", e)
asyncio.set_event_loop(None)
try:
    asyncio.get_event_loop()
except RuntimeError as e:
    print("RuntimeError", e)

async def inner():
    l = asyncio.get_running_loop()
    try:
        l.run_until_complete(asyncio.sleep(0))
    except RuntimeError as e:
        print("RuntimeError", e)
    try:
        l.close()
    except RuntimeError as e:
        print("RuntimeError", e)
    return asyncio.current_task().get_name()

print(asyncio.run(inner()))
with asyncio.Runner() as runner:
    print(runner.run(work(3)))
    print(runner.run(inner()))
    print(runner.get_loop().is_closed())
print(runner.get_loop if False else "closed runner")
try:
    runner.run(work(4))
except RuntimeError as e:
    print("RuntimeError", e)
print(asyncio.run(inner()))
