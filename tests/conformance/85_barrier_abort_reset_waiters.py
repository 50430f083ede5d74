# Barrier: abort() breaks waiting parties; reset() while parties wait breaks them too; a
# reset barrier can be used again.
import asyncio


async def party(b, name):
    try:
        i = await b.wait()
        print(name, "passed", i)
    except asyncio.BrokenBarrierError:
        print(name, "broken", b.broken)


async def main():
    b = asyncio.Barrier(3)
    ts = [asyncio.create_task(party(b, f"p{i}")) for i in range(2)]
    await asyncio.sleep(0)
    print("waiting", b.n_waiting)
    await b.abort()
    await asyncio.gather(*ts)
    await b.reset()
    print("after reset", b.broken, b.n_waiting)
    ts = [asyncio.create_task(party(b, f"q{i}")) for i in range(2)]
    await asyncio.sleep(0)
    await b.reset()
    await asyncio.gather(*ts)
    print("broken after reset with waiters?", b.broken)
    ts = [asyncio.create_task(party(b, f"r{i}")) for i in range(3)]
    await asyncio.gather(*ts)
    print("state", b.broken, b.n_waiting, b.parties)


asyncio.run(main())
