# asyncio.Condition(lock) with a lock of the learner's own: every call goes to its methods;
# objects without the lock protocol fail when the condition is made.
import asyncio


class LoggingLock:
    def __init__(self):
        self._lock = asyncio.Lock()
        self.calls = []

    def locked(self):
        self.calls.append("locked")
        return self._lock.locked()

    async def acquire(self):
        self.calls.append("acquire")
        return await self._lock.acquire()

    def release(self):
        self.calls.append("release")
        self._lock.release()


class NeverLocked:
    def locked(self):
        return False

    async def acquire(self):
        return True

    def release(self):
        pass


class OnlyLocked:
    def locked(self):
        return False


async def consumer(cond, items):
    async with cond:
        ok = await cond.wait_for(lambda: items)
        print("wait_for returned", ok)
        print("consumer got", items.pop())


async def main():
    lock = LoggingLock()
    cond = asyncio.Condition(lock)
    items = []
    task = asyncio.create_task(consumer(cond, items))
    await asyncio.sleep(0)
    print("calls so far:", lock.calls)
    lock.calls.clear()
    async with cond:
        items.append(42)
        cond.notify()
    await task
    print("calls:", lock.calls)
    print(repr(cond)[-10:], lock._lock.locked())

    for bad in (42, object(), OnlyLocked()):
        try:
            asyncio.Condition(bad)
        except AttributeError as e:
            print(type(e).__name__, e)

    never = asyncio.Condition(NeverLocked())
    for what in ("wait", "wait_for"):
        try:
            if what == "wait":
                await never.wait()
            else:
                await never.wait_for(lambda: False)
        except RuntimeError as e:
            print(what, type(e).__name__, e)
    print("wait_for true at once:", await never.wait_for(lambda: "yes"))
    for call in (never.notify, never.notify_all):
        try:
            call()
        except RuntimeError as e:
            print(type(e).__name__, e)


asyncio.run(main())
