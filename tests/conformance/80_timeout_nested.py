# Nested asyncio.timeout: the inner one expires first / the outer one expires first;
# reschedule() moves a deadline; when() and expired().
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(1.0) as outer:
            try:
                async with asyncio.timeout(0.2) as inner:
                    await asyncio.sleep(0.5)
            except TimeoutError:
                print("inner expired", loop.time(), inner.expired(), outer.expired())
            await asyncio.sleep(2)
    except TimeoutError:
        print("outer expired", loop.time(), outer.expired())
    try:
        async with asyncio.timeout(0.3) as outer:
            async with asyncio.timeout(1.0) as inner:
                await asyncio.sleep(0.5)
    except TimeoutError:
        print("outer first", loop.time(), outer.expired(), inner.expired())
    async with asyncio.timeout(0.1) as cm:
        cm.reschedule(loop.time() + 0.4)
        await asyncio.sleep(0.3)
        print("moved", cm.when(), loop.time())
        cm.reschedule(None)
        await asyncio.sleep(1)
    print("never", cm.expired(), loop.time())
    try:
        async with asyncio.timeout(5) as cm:
            cm.reschedule(loop.time() - 1)
            await asyncio.sleep(1)
    except TimeoutError:
        print("past deadline", loop.time())


asyncio.run(main())
