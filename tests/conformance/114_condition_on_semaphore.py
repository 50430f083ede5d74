# asyncio.Condition(lock) accepts any object with locked(), acquire() and release() (3.11):
# here a Semaphore(1). wait() releases it and re-acquires it through the semaphore.
import asyncio


async def consumer(cond, items, name, log):
    async with cond:
        log.append(f"{name} holds, locked={cond.locked()}")
        while not items:
            await cond.wait()
            log.append(f"{name} woke, locked={cond.locked()}")
        log.append(f"{name} took {items.pop(0)}")


async def main():
    sem = asyncio.Semaphore(1)
    cond = asyncio.Condition(sem)
    items = []
    log = []
    tasks = [asyncio.create_task(consumer(cond, items, n, log)) for n in ("a", "b", "c")]
    await asyncio.sleep(0)
    print("waiting:", log)
    print("sem locked", sem.locked(), "cond locked", cond.locked())
    async with cond:
        items.extend([1, 2])
        cond.notify(2)
        print("notified 2 while holding, sem locked:", sem.locked())
    for _ in range(4):
        await asyncio.sleep(0)
    print("after notify:", log)
    async with cond:
        items.append(3)
        cond.notify_all()
    await asyncio.gather(*tasks)
    print("end:", log)
    print("sem locked at end:", sem.locked(), repr(sem).endswith("[unlocked, value:1]>"))
    print(type(cond).__name__, isinstance(cond, asyncio.Condition))
    print(repr(cond).startswith("<asyncio.locks.Condition object at"), repr(cond)[-10:])

    # A semaphore whose value allows two holders: both may be "in" the condition.
    two = asyncio.Condition(asyncio.BoundedSemaphore(2))
    await two.acquire()
    print("one holder, locked:", two.locked())
    await two.acquire()
    print("two holders, locked:", two.locked())
    two.release()
    two.release()
    try:
        two.release()
    except ValueError as e:
        print(type(e).__name__, e)


asyncio.run(main())
