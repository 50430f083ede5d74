# Done callbacks run in registration order, one loop iteration after the future is done;
# remove_done_callback removes every registration; callbacks added late are scheduled.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    log = []

    def make(tag):
        return lambda f: log.append(tag)

    a, b = make("a"), make("b")
    fut.add_done_callback(a)
    fut.add_done_callback(b)
    fut.add_done_callback(a)
    fut.add_done_callback(make("c"))
    print("removed", fut.remove_done_callback(a))
    loop.call_soon(log.append, "soon-before")
    fut.set_result(1)
    loop.call_soon(log.append, "soon-after")
    print("immediately", log)
    await asyncio.sleep(0)
    print("after one iteration", log)
    fut.add_done_callback(make("late"))
    print("late not yet", log[-1])
    await asyncio.sleep(0)
    print("late ran", log[-1])
    t = asyncio.create_task(asyncio.sleep(0.1, result=5))
    t.add_done_callback(lambda t: print("task callback", t.result()))
    await t
    print("after await")
    await asyncio.sleep(0)


asyncio.run(main())
