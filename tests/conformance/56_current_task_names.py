# current_task(), default names Task-N, set_name/get_name, all_tasks().
import asyncio


async def child(label):
    t = asyncio.current_task()
    print(label, "runs as", t.get_name())
    await asyncio.sleep(0)


async def main():
    print("main is", asyncio.current_task().get_name())
    t1 = asyncio.create_task(child("a"))
    t2 = asyncio.create_task(child("b"), name="worker-b")
    t3 = asyncio.create_task(child("c"))
    t3.set_name("renamed")
    t4 = asyncio.create_task(child("d"), name=42)
    print(sorted(t.get_name() for t in asyncio.all_tasks()))
    await asyncio.gather(t1, t2, t3, t4)
    print(sorted(t.get_name() for t in asyncio.all_tasks()))
    await asyncio.gather(child("g1"), child("g2"))
    print("only main left", asyncio.current_task() is asyncio.all_tasks().pop())


asyncio.run(main())
