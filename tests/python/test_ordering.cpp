// Scheduling orders of real asyncio programs run on condlab's runtime (the same programs
// print the same under CPython 3.11: tools/reference_harness.py).
#include "python_test_support.h"

using namespace condlab::python;
using namespace condlab::python::test;

namespace {
class Ordering : public PythonTest {};
} // namespace

TEST_F(Ordering, LockIsFifo) {
    EXPECT_EQ(run_ok(R"PY(
import asyncio
async def main():
    lock = asyncio.Lock()
    order = []
    async def worker(i):
        async with lock:
            order.append(i)
            await asyncio.sleep(0)
    await lock.acquire()
    tasks = [asyncio.create_task(worker(i)) for i in range(4)]
    await asyncio.sleep(0)
    lock.release()
    await asyncio.gather(*tasks)
    print(order, lock.locked())
asyncio.run(main())
)PY"),
              "[0, 1, 2, 3] False\n");
}

TEST_F(Ordering, ConditionNotifyWakesInFifoOrder) {
    EXPECT_EQ(run_ok(R"PY(
import asyncio
async def main():
    cond = asyncio.Condition()
    order = []
    async def waiter(i):
        async with cond:
            await cond.wait()
            order.append(i)
    tasks = [asyncio.create_task(waiter(i)) for i in range(3)]
    await asyncio.sleep(0)
    async with cond:
        cond.notify(1)
    await asyncio.sleep(0)
    print(order)
    async with cond:
        cond.notify(2)
    await asyncio.gather(*tasks)
    print(order)
asyncio.run(main())
)PY"),
              "[0]\n[0, 1, 2]\n");
}

TEST_F(Ordering, EightEqualSleepersWakeInHeapOrder) {
    EXPECT_EQ(run_ok(R"PY(
import asyncio
async def main():
    order = []
    async def sleeper(i):
        await asyncio.sleep(1.0)
        order.append(i)
    await asyncio.gather(*(sleeper(i) for i in range(8)))
    print(*order)
asyncio.run(main())
)PY"),
              "0 2 6 5 7 4 1 3\n");
}

TEST_F(Ordering, GatherKeepsArgumentOrder) {
    EXPECT_EQ(run_ok(R"PY(
import asyncio
async def f(i, d):
    await asyncio.sleep(d)
    print("done", i)
    return i * 10
async def main():
    print(await asyncio.gather(f(1, 0.3), f(2, 0.1), f(3, 0.2)))
    print(await asyncio.gather())
asyncio.run(main())
)PY"),
              "done 2\ndone 3\ndone 1\n[10, 20, 30]\n[]\n");
}

TEST_F(Ordering, WaitForTimesOut) {
    EXPECT_EQ(run_ok(R"PY(
import asyncio
async def slow():
    try:
        await asyncio.sleep(10)
    finally:
        print("slow cancelled at", asyncio.get_running_loop().time())
async def main():
    try:
        await asyncio.wait_for(slow(), 1.5)
    except asyncio.TimeoutError as e:
        print(type(e).__name__, repr(str(e)), type(e.__cause__).__name__, e is not None)
    print(asyncio.TimeoutError is TimeoutError)
    print(await asyncio.wait_for(asyncio.sleep(1, result="ok"), 2))
asyncio.run(main())
)PY"),
              "slow cancelled at 1.5\nTimeoutError '' CancelledError True\nTrue\nok\n");
}

TEST_F(Ordering, CancellationReachesTheAwait) {
    EXPECT_EQ(run_ok(R"PY(
import asyncio
async def worker(cond):
    async with cond:
        try:
            await cond.wait()
        except asyncio.CancelledError as e:
            print("cancelled", e.args, cond.locked())
            raise
async def main():
    cond = asyncio.Condition()
    t = asyncio.create_task(worker(cond), name="w")
    await asyncio.sleep(0)
    print(t.cancel("stop"), t.cancelling())
    try:
        await t
    except asyncio.CancelledError as e:
        print("main sees", type(e).__name__, t.cancelled(), t.get_name())
asyncio.run(main())
)PY"),
              "True 1\ncancelled ('stop',) True\nmain sees CancelledError True w\n");
}

TEST_F(Ordering, EventQueueSemaphoreBarrier) {
    EXPECT_EQ(
        run_ok(R"PY(
import asyncio
class Job:
    def __init__(self, n): self.n = n
    def __lt__(self, other): return self.n < other.n
    def __repr__(self): return f"Job({self.n})"
async def main():
    ev = asyncio.Event()
    q = asyncio.PriorityQueue()
    for n in (3, 1, 2):
        q.put_nowait(Job(n))
    print([q.get_nowait() for _ in range(3)], q.empty())
    sem = asyncio.BoundedSemaphore(2)
    barrier = asyncio.Barrier(3)
    order = []
    async def party(i):
        async with sem:
            order.append(("in", i))
            await ev.wait()
        idx = await barrier.wait()
        return idx
    tasks = [asyncio.create_task(party(i)) for i in range(3)]
    await asyncio.sleep(0)
    print(order, sem.locked())
    ev.set()
    print(sorted(await asyncio.gather(*tasks)), order[-1])
    try:
        q.get_nowait()
    except asyncio.QueueEmpty:
        print("empty")
asyncio.run(main())
)PY"),
        "[Job(1), Job(2), Job(3)] True\n[('in', 0), ('in', 1)] True\n[0, 1, 2] ('in', 2)\nempty\n");
}

TEST_F(Ordering, LoopCallbacksAndFutures) {
    EXPECT_EQ(run_ok(R"PY(
import asyncio
async def main():
    loop = asyncio.get_running_loop()
    order = []
    loop.call_later(0, order.append, "later0")
    loop.call_soon(order.append, "soon1")
    h = loop.call_soon(order.append, "cancelled")
    loop.call_at(loop.time() + 1, order.append, "at1")
    h.cancel()
    loop.call_soon(order.append, "soon2")
    fut = loop.create_future()
    fut.add_done_callback(lambda f: order.append(("cb", f.result())))
    loop.call_later(0.5, fut.set_result, 42)
    print(await fut, loop.time())
    await asyncio.sleep(1)
    print(order, h.cancelled())
asyncio.run(main())
)PY"),
              "42 0.5\n['soon1', 'soon2', 'later0', ('cb', 42), 'at1'] True\n");
}
