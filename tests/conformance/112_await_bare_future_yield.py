# An __await__ that yields a future bare (`yield fut`, not `yield from fut`): the task throws
# CPython's "yield was used instead of yield from" RuntimeError into the coroutine; any
# other yielded value is "Task got bad yield".
import asyncio


class YieldsFuture:
    def __await__(self):
        fut = asyncio.get_running_loop().create_future()
        fut.set_result(1)
        value = yield fut
        return value


class YieldsValue:
    def __await__(self):
        value = yield 42
        return value


class YieldsFromFuture:
    def __await__(self):
        fut = asyncio.get_running_loop().create_future()
        asyncio.get_running_loop().call_soon(fut.set_result, "from")
        return (yield from fut)


async def use(aw):
    try:
        return await aw
    except RuntimeError as e:
        print("RuntimeError:", str(e).split(" in task")[0])
        return "caught"


async def main():
    print(await asyncio.create_task(use(YieldsFuture())))
    print(await asyncio.create_task(use(YieldsValue())))
    print(await asyncio.create_task(use(YieldsFromFuture())))
    print(await use(YieldsFuture()))


asyncio.run(main())
