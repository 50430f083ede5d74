# Semaphore.acquire, Queue.get / Queue.put bind when they must wait; Queue.join binds the
# queue's internal Event; the *_nowait methods and a free acquire never do.
import asyncio

sem = asyncio.Semaphore(1)
q = asyncio.Queue(maxsize=1)
jq = asyncio.Queue()


def show(where, exc):
    msg = str(exc)
    print(where, type(exc).__name__, msg[msg.index(">") + 1:] if ">" in msg else msg)


async def sem_contend(tag):
    async def holder():
        async with sem:
            await asyncio.sleep(1)

    t = asyncio.create_task(holder())
    await asyncio.sleep(0)
    try:
        async with sem:
            print(tag, "acquired after waiting")
    except RuntimeError as e:
        show(tag, e)
    await t
    print(tag, "sem locked:", sem.locked())


async def sem_free(tag):
    async with sem:
        print(tag, "free semaphore acquire")


async def q_get(tag):
    async def producer():
        await asyncio.sleep(1)
        q.put_nowait(tag)

    t = asyncio.create_task(producer())
    try:
        print(tag, "got", await q.get())
    except RuntimeError as e:
        show(tag, e)
        await t
        print(tag, "left", q.get_nowait())


async def q_put(tag):
    q.put_nowait("first")

    async def consumer():
        await asyncio.sleep(1)
        print(tag, "consumer got", q.get_nowait())

    t = asyncio.create_task(consumer())
    try:
        await q.put("second")
        print(tag, "put after waiting")
    except RuntimeError as e:
        show(tag, e)
    await t
    while not q.empty():
        q.get_nowait()


async def q_nowait(tag):
    q.put_nowait(1)
    print(tag, "nowait", q.get_nowait(), await q.get() if not q.empty() else "empty")


async def q_join(tag):
    jq.put_nowait("job")

    async def worker():
        await asyncio.sleep(1)
        jq.get_nowait()
        jq.task_done()

    t = asyncio.create_task(worker())
    try:
        await jq.join()
        print(tag, "joined")
    except RuntimeError as e:
        show(tag, e)
    await t


asyncio.run(sem_free("s1"))
asyncio.run(sem_contend("s2"))
asyncio.run(sem_free("s3"))
asyncio.run(sem_contend("s4"))
asyncio.run(q_nowait("q1"))
asyncio.run(q_get("q2"))
asyncio.run(q_nowait("q3"))
asyncio.run(q_put("q4"))
asyncio.run(q_get("q5"))
asyncio.run(q_join("j1"))
asyncio.run(q_join("j2"))
print("unfinished after j2:", jq.qsize())
