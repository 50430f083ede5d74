# A Condition on a Semaphore, cancelled while waiting and while re-acquiring: as with a
# Lock, wait() always re-acquires the semaphore before it raises CancelledError.
import asyncio


async def waiter(cond, name, log):
    async with cond:
        try:
            await cond.wait()
            log.append(f"{name} woke")
        except asyncio.CancelledError:
            log.append(f"{name} cancelled, holds={cond.locked()}")
            raise


async def main():
    sem = asyncio.Semaphore(1)
    cond = asyncio.Condition(sem)
    log = []
    a = asyncio.create_task(waiter(cond, "a", log))
    b = asyncio.create_task(waiter(cond, "b", log))
    await asyncio.sleep(0)
    a.cancel()  # while waiting for a notification
    await asyncio.sleep(0)
    print("a:", log, "sem locked", sem.locked())
    await asyncio.sleep(0)
    print("a done:", a.done(), a.cancelled())

    async with cond:
        cond.notify()
        await asyncio.sleep(0)
        b.cancel()  # notified, now queued to re-acquire the semaphore we hold
    await asyncio.gather(b, return_exceptions=True)
    print("b:", log, b.cancelled(), "sem locked", sem.locked())


asyncio.run(main())
