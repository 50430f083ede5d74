# asyncio.run's teardown creates tasks of its own (shutdown_asyncgens and
# shutdown_default_executor), so a second asyncio.run names its main task Task-4; a
# non-coroutine argument still runs the teardown.
import asyncio


async def main(tag):
    print(tag, asyncio.current_task().get_name())
    t = asyncio.create_task(asyncio.sleep(0))
    print(tag, "child", t.get_name())
    await t


asyncio.run(main("first"))
asyncio.run(main("second"))
try:
    asyncio.run(42)
except ValueError as e:
    print("ValueError", e)
asyncio.run(main("third"))
