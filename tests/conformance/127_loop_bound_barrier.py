# A Barrier binds through its internal Condition: the first task that waits at it binds it;
# waiting in a later asyncio.run raises and leaves the barrier as it was.
import asyncio

barrier = asyncio.Barrier(2)


def show(where, exc):
    msg = str(exc)
    print(where, type(exc).__name__, msg[msg.index(">") + 1:] if ">" in msg else msg)


async def meet(tag):
    async def party(i):
        try:
            return await barrier.wait()
        except RuntimeError as e:
            show(f"{tag} party {i}", e)
            return None

    print(tag, await asyncio.gather(party(0), party(1)))
    print(tag, "n_waiting", barrier.n_waiting, "broken", barrier.broken)


async def one_party(tag):
    b = asyncio.Barrier(1)
    print(tag, "a barrier of one never waits:", await b.wait())
    return b


async def control(tag):
    await barrier.reset()
    await barrier.abort()
    print(tag, "reset and abort do not wait: broken", barrier.broken)
    await barrier.reset()


asyncio.run(meet("b1"))
asyncio.run(meet("b2"))
b = asyncio.run(one_party("o1"))
asyncio.run(one_party("o2"))
asyncio.run(control("c1"))
