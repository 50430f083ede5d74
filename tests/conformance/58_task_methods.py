# Task/Future methods: done, result, exception, add/remove_done_callback,
# InvalidStateError; callbacks run via call_soon in registration order.
import asyncio


async def value():
    await asyncio.sleep(1)
    return 7


async def fail():
    raise KeyError("k")


async def main():
    loop = asyncio.get_running_loop()
    log = []
    t = asyncio.create_task(value())
    try:
        t.result()
    except asyncio.InvalidStateError as e:
        print(type(e).__name__, str(e))
    cb1 = lambda f: log.append(("cb1", f.result()))
    t.add_done_callback(cb1)
    t.add_done_callback(lambda f: log.append(("cb2", f.done())))
    t.add_done_callback(cb1)
    print("removed", t.remove_done_callback(cb1))
    print(await t, t.done(), t.exception(), log)
    await asyncio.sleep(0)
    print(log)
    f = asyncio.create_task(fail())
    await asyncio.sleep(0)
    e = f.exception()
    print(type(e).__name__, str(e))
    fut = loop.create_future()
    fut.set_result(1)
    try:
        fut.set_result(2)
    except asyncio.InvalidStateError as e:
        print(type(e).__name__, str(e))
    fut.add_done_callback(lambda f: log.append("late cb"))
    print("late cb not inline", "late cb" in log)
    await asyncio.sleep(0)
    print("late cb ran", "late cb" in log)


asyncio.run(main())
