# Deadlines a program can observe: TimerHandle.when(), Timeout.when(), loop.time() when
# timers fire (call_later, call_at, sleep, timeout, wait_for). Under a schedule
# (docs/timing-model.md) handles show the substituted deadline, Timeout.when() the one asked.
import asyncio


async def sleeper(name, d):
    await asyncio.sleep(d)
    print(f"{asyncio.get_running_loop().time():.6f} {name} woke")


async def main():
    loop = asyncio.get_running_loop()
    h = loop.call_later(1.5, lambda: print(f"{loop.time():.6f} callback"))
    print(f"handle when {h.when():.6f}")
    t = asyncio.create_task(sleeper("a", 1.0))
    u = asyncio.create_task(sleeper("b", 1.0))
    try:
        async with asyncio.timeout(2.5) as cm:
            print(f"timeout when {cm.when():.6f}")
            await asyncio.sleep(3.0)
    except TimeoutError:
        print(f"{loop.time():.6f} timed out, when {cm.when():.6f}")
    try:
        await asyncio.wait_for(asyncio.sleep(1.0), 0.5)
    except TimeoutError:
        print(f"{loop.time():.6f} wait_for timed out")
    await asyncio.gather(t, u)
    h2 = loop.call_at(loop.time() + 0.25, lambda: print(f"{loop.time():.6f} call_at"))
    print(f"call_at in {h2.when() - loop.time():.6f}")
    await asyncio.sleep(0)
    await asyncio.sleep(0.5)
    print(f"{loop.time():.6f} done")


asyncio.run(main())
