"""# Why the lock at all

asyncio runs one task at a time, and a task gives the loop back **only at an
`await`**. Code between two `await`s runs without interruption: no other task
can see what it does halfway. So why do conditions come with a lock?

A teller moves 50 from account `a` to account `b` at t=1, in two steps, and
logs a line in between (the log takes `LOG_DELAY` seconds, an `await`). An
auditor adds the two balances up at `AUDIT_AT`; money that vanished is an
`AssertionError`.

```
accounts["a"] -= 50
await log("took 50 from a")     # the teller lets others run here
accounts["b"] += 50
```

## What to watch

Put `AUDIT_AT` after the transfer: the auditor's lane runs once, finds 100,
and the run completes. Now let the audit fall due while the teller's lane is
in its log sleep: the auditor runs in that gap and sees `a` already debited
and `b` not yet credited. Even `LOG_DELAY = 0` is a gap: `await
asyncio.sleep(0)` gives the loop back, and a task due at the same instant runs
first.

## Why

Without the `await` between the two updates nobody could ever see the
half-done transfer. With it, every task that runs during the log does. The
lock marks the whole transfer as one step for everyone who also takes it:
the auditor then queues (red) until the teller is done.

That is also why `wait()` and `notify()` insist on the lock: the state a
waiter checks and the state a notifier changes must not be seen half-done.

## Try it

Fix the program so that the audit always adds up, for every log time and
every audit time. The outcome map shows the cells that still fail.
"""
import asyncio

LOG_DELAY = 0.5  # param: 0..2 step 0.5 | Teller's log time between the two updates (s)
AUDIT_AT = 2.0  # param: 0..3 step 0.5 | Auditor adds up at (s)

# goal: fix complete over LOG_DELAY, AUDIT_AT | Fix it: the audit adds up for every log time and audit time.
# compare: audit-after: AUDIT_AT=2.0
# compare: audit-during-log: AUDIT_AT=1.0 LOG_DELAY=1.0
# compare: no-log-time: AUDIT_AT=1.0 LOG_DELAY=0.0
# expect: default -> complete
# expect: default -> output "2.0 auditor: a + b = 100"
# expect: audit-after -> complete
# expect: audit-during-log -> exception AssertionError
# expect: audit-during-log -> output "1.0 auditor: a + b = 50"
# expect: no-log-time -> exception AssertionError
# expect: AUDIT_AT=0.5 -> complete
# predict: in audit-during-log at first print by teller ask next output | The teller has taken 50 from a and starts its 1 s log. The auditor is due now too (t=1). What is printed next?
# predict: choices "1.0 auditor: a + b = 100" | *"1.0 auditor: a + b = 50" | "2.0 teller: gave 50 to b"
# predict: reveal The teller's `await` in the middle of the transfer lets the auditor run: it sees a
# predict: reveal debited and b not yet credited. Only an await switches tasks, but here there is one.
# predict: in no-log-time at first print by teller ask outcome | Now the log takes no time: `await asyncio.sleep(0)`. Can the auditor, due at t=1 as well, still see the half-done transfer?
# predict: choices complete | *exception AssertionError
# predict: reveal Yes: `sleep(0)` still gives the loop back, and the auditor, already due at t=1,
# predict: reveal runs before the teller continues. Any `await` is a gap, however short.

accounts = {"a": 100, "b": 0}


def now():
    return asyncio.get_running_loop().time()


async def log(message):
    print(f"{now():.1f} teller: {message}")
    await asyncio.sleep(LOG_DELAY)


async def teller():
    await asyncio.sleep(1.0)
    accounts["a"] -= 50
    await log("took 50 from a")
    accounts["b"] += 50
    print(f"{now():.1f} teller: gave 50 to b")


async def auditor():
    await asyncio.sleep(AUDIT_AT)
    total = accounts["a"] + accounts["b"]
    print(f"{now():.1f} auditor: a + b = {total}")
    assert total == 100, "money vanished in the middle of a transfer"


async def main():
    await asyncio.gather(
        asyncio.create_task(teller(), name="teller"),
        asyncio.create_task(auditor(), name="auditor"),
    )


asyncio.run(main())
