# ensure_future, iscoroutine / iscoroutinefunction / isfuture, get_event_loop, timeout_at,
# Handle / TimerHandle types, InvalidStateError.
import asyncio


async def answer():
    await asyncio.sleep(0.1)
    return 42


def plain():
    return 1


async def main():
    loop = asyncio.get_event_loop()
    print(loop is asyncio.get_running_loop())
    coro = answer()
    print(asyncio.iscoroutine(coro), asyncio.iscoroutine(plain()))
    print(asyncio.iscoroutinefunction(answer), asyncio.iscoroutinefunction(plain))
    t = asyncio.ensure_future(coro)
    print(asyncio.isfuture(t), asyncio.isfuture(coro), isinstance(t, asyncio.Task))
    print(asyncio.ensure_future(t) is t, t.get_name())
    print(await t)
    fut = loop.create_future()
    print(asyncio.ensure_future(fut) is fut, asyncio.isfuture(fut))
    try:
        fut.result()
    except asyncio.InvalidStateError as e:
        print("InvalidStateError", e)
    fut.set_result(1)
    try:
        fut.set_result(2)
    except asyncio.InvalidStateError as e:
        print("InvalidStateError", e)
    try:
        asyncio.ensure_future(42)
    except TypeError as e:
        print("TypeError", e)
    h = loop.call_soon(plain)
    th = loop.call_later(1, plain)
    print(isinstance(h, asyncio.Handle), isinstance(th, asyncio.TimerHandle), th.when())
    th.cancel()
    print(th.cancelled())
    try:
        async with asyncio.timeout_at(loop.time() + 0.5) as cm:
            print("deadline", cm.when(), isinstance(cm, asyncio.Timeout))
            await asyncio.sleep(1)
    except TimeoutError:
        print("timeout_at expired", loop.time(), cm.expired())
    async with asyncio.timeout_at(None) as cm:
        cm.reschedule(loop.time() + 5)
        await asyncio.sleep(0.1)
    print("rescheduled not expired", cm.expired(), loop.time())


asyncio.run(main())
