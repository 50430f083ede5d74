"""# Reference fix: Why the lock at all

The teller holds a lock for the whole transfer, its log included, and the
auditor takes the same lock to add up. An auditor that falls due in the middle
of a transfer queues until the transfer is done, and a teller that is due
while the audit runs waits for it.
"""
import asyncio

LOG_DELAY = 0.5  # param: 0..2 step 0.5 | Teller's log time between the two updates (s)
AUDIT_AT = 2.0  # param: 0..3 step 0.5 | Auditor adds up at (s)

accounts = {"a": 100, "b": 0}
books = asyncio.Lock()


def now():
    return asyncio.get_running_loop().time()


async def log(message):
    print(f"{now():.1f} teller: {message}")
    await asyncio.sleep(LOG_DELAY)


async def teller():
    await asyncio.sleep(1.0)
    async with books:
        accounts["a"] -= 50
        await log("took 50 from a")
        accounts["b"] += 50
        print(f"{now():.1f} teller: gave 50 to b")


async def auditor():
    await asyncio.sleep(AUDIT_AT)
    async with books:
        total = accounts["a"] + accounts["b"]
        print(f"{now():.1f} auditor: a + b = {total}")
        assert total == 100, "money vanished in the middle of a transfer"


async def main():
    await asyncio.gather(
        asyncio.create_task(teller(), name="teller"),
        asyncio.create_task(auditor(), name="auditor"),
    )


asyncio.run(main())
