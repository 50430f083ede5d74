# asyncio.wait: FIRST_COMPLETED, ALL_COMPLETED, and a timeout (nothing raised).
import asyncio


async def work(n, delay):
    await asyncio.sleep(delay)
    return n


def names(tasks):
    return sorted(t.get_name() for t in tasks)


async def main():
    ts = [asyncio.create_task(work(i, d), name=f"w{i}") for i, d in enumerate([0.3, 0.1, 0.2])]
    done, pending = await asyncio.wait(ts, return_when=asyncio.FIRST_COMPLETED)
    print("first", names(done), names(pending), asyncio.get_running_loop().time())
    done, pending = await asyncio.wait(ts)
    print("all", names(done), names(pending), asyncio.get_running_loop().time())
    slow = asyncio.create_task(work(9, 1.0), name="slow")
    done, pending = await asyncio.wait([slow], timeout=0.25)
    print("timeout", names(done), names(pending), asyncio.get_running_loop().time())
    done, pending = await asyncio.wait({slow}, timeout=5)
    print("later", names(done), names(pending), asyncio.get_running_loop().time())
    print(asyncio.FIRST_COMPLETED, asyncio.FIRST_EXCEPTION, asyncio.ALL_COMPLETED)


asyncio.run(main())
