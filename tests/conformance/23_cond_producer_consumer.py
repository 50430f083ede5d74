# A bounded buffer with two conditions on one lock and `while` re-checks.
import asyncio

CAPACITY = 2


async def main():
    lock = asyncio.Lock()
    not_full = asyncio.Condition(lock)
    not_empty = asyncio.Condition(lock)
    buf = []

    async def producer(p):
        for i in range(3):
            async with lock:
                while len(buf) >= CAPACITY:
                    print(f"p{p} waits full")
                    await not_full.wait()
                buf.append((p, i))
                print(f"p{p} put {i} -> {len(buf)}")
                not_empty.notify()

    async def consumer(c):
        for _ in range(3):
            async with lock:
                while not buf:
                    print(f"c{c} waits empty")
                    await not_empty.wait()
                item = buf.pop(0)
                print(f"c{c} got {item}")
                not_full.notify()
            await asyncio.sleep(0.1 * (c + 1))

    await asyncio.gather(producer(0), producer(1), consumer(0), consumer(1))
    print("left", buf, "t", asyncio.get_running_loop().time())


asyncio.run(main())
