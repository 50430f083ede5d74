# call_soon / call_later / call_at ordering inside one iteration.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    log = []
    done = loop.create_future()
    loop.call_later(0, log.append, "later0")
    loop.call_soon(log.append, "soon1")
    loop.call_soon(log.append, "soon2")
    loop.call_at(loop.time(), log.append, "at_now")
    loop.call_later(-1, log.append, "later-1")
    loop.call_later(1, log.append, "later1")
    loop.call_at(1.0, log.append, "at1")
    h = loop.call_later(0.5, log.append, "cancelled")
    h.cancel()

    def nested():
        log.append("nested")
        loop.call_soon(log.append, "nested-soon")

    loop.call_soon(nested)
    loop.call_later(2, done.set_result, None)
    await done
    print(log)
    print("t", loop.time(), "handle cancelled", h.cancelled(), "when", h.when())


asyncio.run(main())
