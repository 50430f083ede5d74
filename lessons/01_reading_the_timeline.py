"""# Reading the timeline

Two tasks, **alice** and **bob**, each take a few steps. Every step is a
`await asyncio.sleep(...)` followed by a `print`.

## What to watch

- Each task gets its own **lane**. The `main` lane starts them and then waits
  for both with `gather`.
- A lane is *dark green* while the task runs, *hatched grey* while it sleeps
  and *lime* when it is ready but the loop has not run it yet. Every other
  colour, pattern and arrow is in **Help → Legend** (press `?` at any time).
- Running code takes **no virtual time**: only timers (`sleep`, timeouts)
  move the clock. Step forward one event at a time and watch the clock jump to
  the next timer.

## Why the order is what it is

asyncio runs one task at a time. When every task is sleeping, the loop jumps
the clock to the earliest timer and wakes whoever set it. So the task with the
shorter delay prints first, no matter which was created first.

Try equal delays: both timers fall due together and the loop wakes them in
the order the timers come out of its heap.

## Where to check

The compare view (View → Compare A/B) shows the presets `alice-faster` and
`bob-faster` side by side: the same code, the other finishing order.
"""
import asyncio

ALICE_DELAY = 1.0  # param: 0.5..3 step 0.5 | Alice's step (s)
BOB_DELAY = 1.5  # param: 0.5..3 step 0.5 | Bob's step (s)
STEPS = 2  # param: 1..4 | Steps per task

# goal: output "first to finish: bob" | Make `bob` finish before `alice`.
# compare: alice-faster: ALICE_DELAY=1.0 BOB_DELAY=1.5
# compare: bob-faster: ALICE_DELAY=1.5 BOB_DELAY=0.5
# expect: default -> output "first to finish: alice"
# expect: alice-faster -> output "first to finish: alice"
# expect: bob-faster -> output "first to finish: bob"
# predict: at start ask next output | Alice steps every 1.0 s, bob every 1.5 s. Who prints first?
# predict: choices *"1.0 alice took step 1" | "1.5 bob took step 1"
# predict: reveal Both tasks start sleeping at t=0. With nothing ready to run, the loop jumps the
# predict: reveal virtual clock to the earliest timer, alice's at t=1.0: only timers move the clock.
# predict: in bob-faster at start ask metric finish_time | Alice now steps every 1.5 s, bob every 0.5 s (two steps each). At what time does the run end?
# predict: choices 1.0 | 1.5 | *3.0 | 4.0
# predict: reveal The run ends when the slower walker is done: alice needs two steps of 1.5 s, so
# predict: reveal t=3.0. Bob was done at t=1.0, but main waits for both in gather().

finished = []


def now():
    return asyncio.get_running_loop().time()


async def walker(name, delay):
    for step in range(1, STEPS + 1):
        await asyncio.sleep(delay)
        print(f"{now():.1f} {name} took step {step}")
    finished.append(name)


async def main():
    alice = asyncio.create_task(walker("alice", ALICE_DELAY), name="alice")
    bob = asyncio.create_task(walker("bob", BOB_DELAY), name="bob")
    await asyncio.gather(alice, bob)
    print(f"first to finish: {finished[0]}")


asyncio.run(main())
