# A primitive binds to the running loop on its first waiting path (3.11's _LoopBoundMixin):
# free acquires never bind; a contended one does, and a later wait in another loop raises.
import asyncio

lock = asyncio.Lock()


def show(where, exc):
    msg = str(exc)
    print(where, type(exc).__name__, msg[msg.index(">") + 1:] if ">" in msg else msg)


async def free_use(tag):
    async with lock:
        print(tag, "free acquire in its own loop: locked", lock.locked())


async def contend(tag):
    async def holder():
        async with lock:
            await asyncio.sleep(1)

    t = asyncio.create_task(holder())
    await asyncio.sleep(0)
    try:
        await lock.acquire()
        print(tag, "acquired after waiting")
        lock.release()
    except RuntimeError as e:
        show(tag, e)
        print(tag, "locked", lock.locked())
    await t


asyncio.run(free_use("run1"))
asyncio.run(free_use("run2"))  # never bound: fine
asyncio.run(contend("run3"))  # binds to run3's loop
asyncio.run(free_use("run4"))  # free acquire: no check
asyncio.run(contend("run5"))  # waits in another loop: RuntimeError


async def held_forever():
    await lock.acquire()  # free: taken, never released


asyncio.run(held_forever())


async def second():
    try:
        await asyncio.wait_for(lock.acquire(), 5)
    except RuntimeError as e:
        show("run7", e)


asyncio.run(second())
print("done")
