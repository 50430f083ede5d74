# Event.wait and Condition.wait bind on their waiting path; Condition.wait in another loop
# raises after releasing the lock, and its `finally` takes the lock back.
import asyncio

event = asyncio.Event()
cond = asyncio.Condition()


def show(where, exc):
    msg = str(exc)
    print(where, type(exc).__name__, msg[msg.index(">") + 1:] if ">" in msg else msg)


async def wait_event(tag):
    async def setter():
        await asyncio.sleep(1)
        event.set()

    t = asyncio.create_task(setter())
    try:
        print(tag, "wait ->", await event.wait())
    except RuntimeError as e:
        show(tag, e)
        t.cancel()
    event.clear()


async def wait_set_event(tag):
    event.set()
    print(tag, "set event: wait ->", await event.wait())  # no waiting path: no check
    event.clear()


async def wait_cond(tag):
    async def notifier():
        await asyncio.sleep(1)
        async with cond:
            cond.notify_all()

    t = asyncio.create_task(notifier())
    async with cond:
        try:
            print(tag, "wait ->", await cond.wait())
        except RuntimeError as e:
            show(tag, e)
        print(tag, "lock held after wait:", cond.locked())
    print(tag, "released:", not cond.locked())
    await t


async def cond_not_acquired(tag):
    try:
        await cond.wait()
    except RuntimeError as e:
        show(tag, e)  # checked before the loop: 'cannot wait on un-acquired lock'


asyncio.run(wait_event("e1"))
asyncio.run(wait_set_event("e2"))
asyncio.run(wait_event("e3"))
asyncio.run(wait_cond("c1"))
asyncio.run(cond_not_acquired("c2"))
asyncio.run(wait_cond("c3"))
asyncio.run(wait_cond("c4"))
