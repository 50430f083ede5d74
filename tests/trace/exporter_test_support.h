#pragma once
// Scenarios and golden-file helpers shared by the exporter tests (text timeline, condlab
// JSON, Chrome JSON). Scenarios are native coroutines recorded with a Recorder; their
// source locations are fixed "lesson file" lines (not std::source_location) so golden
// files do not depend on where the repository is checked out.
//
// Golden files live in tests/trace/golden/. Regenerate them with
//   CONDLAB_REGEN_GOLDEN=1 build/<dir>/tests/trace/condlab_trace_tests
#include "runtime/condition.h"
#include "runtime/coro.h"
#include "runtime/lock.h"
#include "runtime/loop.h"
#include "runtime/sleep.h"
#include "runtime/task.h"
#include "trace/recorder.h"

#include <gtest/gtest.h>

#include <any>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace condlab::testing::exporters {

// ---------------------------------------------------------------------------
// Golden files
// ---------------------------------------------------------------------------

inline std::string golden_path(const std::string& name) {
    return std::string(CONDLAB_SOURCE_DIR) + "/tests/trace/golden/" + name;
}

inline bool regenerate_golden() {
    const char* v = std::getenv("CONDLAB_REGEN_GOLDEN");
    return v && std::string(v) == "1";
}

/// Compares `actual` with the golden file (or rewrites it when CONDLAB_REGEN_GOLDEN=1).
/// On a mismatch, reports the first differing line.
inline void expect_golden(const std::string& name, const std::string& actual) {
    const std::string path = golden_path(name);
    if (regenerate_golden()) {
        std::ofstream out(path, std::ios::binary);
        out << actual;
        ASSERT_TRUE(out.good()) << "cannot write " << path;
        return;
    }
    std::ifstream in(path, std::ios::binary);
    ASSERT_TRUE(in.good()) << "missing golden file " << path
                           << " (run with CONDLAB_REGEN_GOLDEN=1 to create it)";
    std::stringstream buf;
    buf << in.rdbuf();
    const std::string expected = buf.str();
    if (expected == actual)
        return;
    std::istringstream e(expected), a(actual);
    std::string le, la;
    int line = 1;
    while (true) {
        const bool ge = static_cast<bool>(std::getline(e, le));
        const bool ga = static_cast<bool>(std::getline(a, la));
        if (!ge && !ga)
            break;
        if (!ge || !ga || le != la) {
            ADD_FAILURE() << name << " differs from the golden file at line " << line
                          << "\n  expected: " << (ge ? le : "<end of file>")
                          << "\n  actual:   " << (ga ? la : "<end of file>")
                          << "\n(CONDLAB_REGEN_GOLDEN=1 rewrites " << path << ")";
            return;
        }
        ++line;
    }
    ADD_FAILURE() << name << " differs from the golden file (line endings?)";
}

// ---------------------------------------------------------------------------
// Recording
// ---------------------------------------------------------------------------

struct Recording {
    RunOutcome outcome;
    std::shared_ptr<const Trace> trace;
};

/// asyncio.run(main) with `rec` attached (so scenarios can call its hooks).
template <class T> Recording record(Loop& loop, Recorder& rec, Coro<T> main) {
    loop.set_observer(&rec);
    Recording r;
    r.outcome = loop.run(make_backend(std::move(main)));
    loop.set_observer(nullptr);
    r.trace = rec.finish_shared(r.outcome);
    return r;
}

inline void name_current_task(Loop& loop, const char* name) {
    if (TaskState* t = loop.current_task())
        t->set_name(name);
}

// ---------------------------------------------------------------------------
// Scenario: lost wake-up (lessons/04 style). The producer notifies at t=0.5, before
// the consumer begins waiting at t=1.5; nobody notifies again -> deadlock.
//
//   1  import asyncio
//   2
//   3  async def producer(cond):
//   4      await asyncio.sleep(0.5)
//   5      async with cond:
//   6          cond.notify()
//   7
//   8  async def consumer(cond):
//   9      await asyncio.sleep(1.5)
//  10      async with cond:
//  11          await cond.wait()
//  12
//  13  async def main():
//  14      cond = asyncio.Condition()
//  15      p = asyncio.create_task(producer(cond), name="producer")
//  16      c = asyncio.create_task(consumer(cond), name="consumer")
//  17      await p
//  18      await c
// ---------------------------------------------------------------------------

inline constexpr const char* kLostWakeupFile = "lost_wakeup.py";

inline Coro<void> lost_wakeup_producer(Loop& loop, Ref<Condition> cond) {
    const SourceLoc at4{kLostWakeupFile, 4}, at5{kLostWakeupFile, 5};
    std::any none;
    std::any slept = co_await sleep(loop, 0.5, none, at4);
    bool locked = co_await cond->acquire(at5);
    (void)locked;
    cond->notify();
    cond->release();
}

inline Coro<void> lost_wakeup_consumer(Loop& loop, Ref<Condition> cond) {
    const SourceLoc at9{kLostWakeupFile, 9}, at10{kLostWakeupFile, 10}, at11{kLostWakeupFile, 11};
    std::any none;
    std::any slept = co_await sleep(loop, 1.5, none, at9);
    bool locked = co_await cond->acquire(at10);
    (void)locked;
    bool woke = co_await cond->wait(at11);
    (void)woke;
    cond->release();
}

inline Coro<void> lost_wakeup_main(Loop& loop) {
    name_current_task(loop, "main");
    Ref<Condition> cond = make_ref<Condition>(loop, SourceLoc{kLostWakeupFile, 14});
    loop.set_label(cond->id(), "cond");
    loop.set_label(cond->lock()->id(), "cond.lock");
    Task p = loop.create_task(make_backend(lost_wakeup_producer(loop, cond)), "producer",
                              SourceLoc{kLostWakeupFile, 15});
    Task c = loop.create_task(make_backend(lost_wakeup_consumer(loop, cond)), "consumer",
                              SourceLoc{kLostWakeupFile, 16});
    std::any a = co_await p;
    std::any b = co_await c;
}

inline Recording lost_wakeup(Loop& loop) {
    Recorder rec;
    return record(loop, rec, lost_wakeup_main(loop));
}

// ---------------------------------------------------------------------------
// Scenario: notify_all herd. Three consumers wait on `cond` with `while not items`; the
// producer adds one item and calls notify_all() at t=1 (two wake-ups are wasted), then
// two more items at t=2. Every consumer prints what it took. Completes.
//
//   1  items = []
//   2  async def consumer(cond):
//   3      async with cond:
//   4          while not items:
//   5              await cond.wait()
//   6          print("took", items.pop())
//   7
//   8  async def producer(cond):
//   9      for t, n in ((1, 1), (1, 2)):
//  10          await asyncio.sleep(t)
//  11          async with cond:
//  12              items.extend(range(n))
//  13              cond.notify_all()
//  14
//  15  async def main():
//  16      cond = asyncio.Condition()
//  17      cs = [asyncio.create_task(consumer(cond), name=f"consumer#{i}") for i in (1, 2, 3)]
//  18      p = asyncio.create_task(producer(cond), name="producer")
//  19      await asyncio.gather(p, *cs)
// ---------------------------------------------------------------------------

inline constexpr const char* kHerdFile = "herd.py";

struct HerdState {
    std::vector<int> items;
    int next = 1;
};

inline Coro<void> herd_consumer(Loop& loop, Recorder& rec, Ref<Condition> cond,
                                std::shared_ptr<HerdState> st) {
    const SourceLoc at3{kHerdFile, 3}, at5{kHerdFile, 5};
    (void)loop;
    bool locked = co_await cond->acquire(at3);
    (void)locked;
    { // while (st->items.empty()) wait(): a predicate loop, as wait_for
        auto ready = [&] { return !(st->items.empty()); };
        bool woke = co_await cond->wait_for(ready, at5);
        (void)woke;
    }
    const int item = st->items.back();
    st->items.pop_back();
    rec.set_source_line(loop.current_task()->id(), SourceLoc{kHerdFile, 6});
    rec.output("took " + std::to_string(item));
    cond->release();
}

inline Coro<void> herd_producer(Loop& loop, Ref<Condition> cond, std::shared_ptr<HerdState> st) {
    const SourceLoc at10{kHerdFile, 10}, at11{kHerdFile, 11};
    std::any none;
    for (int n = 1; n <= 2; ++n) {
        std::any slept = co_await sleep(loop, 1.0, none, at10);
        bool locked = co_await cond->acquire(at11);
        (void)locked;
        for (int i = 0; i < n; ++i)
            st->items.push_back(st->next++);
        cond->notify_all();
        cond->release();
    }
}

inline Coro<void> herd_main(Loop& loop, Recorder& rec) {
    name_current_task(loop, "main");
    auto st = std::make_shared<HerdState>();
    Ref<Condition> cond = make_ref<Condition>(loop, SourceLoc{kHerdFile, 16});
    loop.set_label(cond->id(), "cond");
    loop.set_label(cond->lock()->id(), "cond.lock");
    std::vector<Task> tasks;
    for (int i = 1; i <= 3; ++i)
        tasks.push_back(loop.create_task(make_backend(herd_consumer(loop, rec, cond, st)),
                                         "consumer#" + std::to_string(i),
                                         SourceLoc{kHerdFile, 17}));
    tasks.push_back(loop.create_task(make_backend(herd_producer(loop, cond, st)), "producer",
                                     SourceLoc{kHerdFile, 18}));
    for (const Task& t : tasks) {
        std::any r = co_await t;
        (void)r;
    }
}

inline Recording herd(Loop& loop) {
    Recorder rec;
    return record(loop, rec, herd_main(loop, rec));
}

// ---------------------------------------------------------------------------
// Scenario: everything the layer above can attach (outputs, a snapshot, queue-like
// contents, a warning, an exception) plus a lock handed over between two tasks and a
// task that fails. Used for the JSON round trip.
// ---------------------------------------------------------------------------

inline constexpr const char* kKitchenFile = "kitchen_sink.py";

inline Coro<void> sink_worker(Loop& loop, Recorder& rec, Ref<Lock> lock, int n) {
    const SourceLoc at5{kKitchenFile, 5}, at7{kKitchenFile, 7};
    std::any none;
    bool locked = co_await lock->acquire(at5);
    (void)locked;
    rec.output("worker " + std::to_string(n) + " holds the lock");
    std::any slept = co_await sleep(loop, 0.25, none, at7);
    lock->release();
    if (n == 2) {
        rec.exception(loop.current_task()->id(), "ValueError", "bad \"value\"\n2",
                      SourceLoc{kKitchenFile, 9});
        throw value_error("bad \"value\"\n2");
    }
}

inline Coro<void> sink_main(Loop& loop, Recorder& rec) {
    name_current_task(loop, "main");
    Ref<Lock> lock = make_ref<Lock>(loop, SourceLoc{kKitchenFile, 2});
    loop.set_label(lock->id(), "lock");
    rec.warning(WarningKind::NeverAwaited, "coroutine 'helper' was never awaited",
                SourceLoc{kKitchenFile, 3});
    Snapshot snap;
    snap.entries.push_back({kNoTask, "items", "[1, 2]"});
    snap.entries.push_back({kNoTask, "name", "'caf\xc3\xa9'"});
    rec.attach_snapshot(rec.current_step(), snap);
    const std::vector<std::string> contents{"'job-1'", "'job-2'"};
    rec.object_contents(lock->id(), contents);
    Task a = loop.create_task(make_backend(sink_worker(loop, rec, lock, 1)), "worker#1",
                              SourceLoc{kKitchenFile, 11});
    Task b = loop.create_task(make_backend(sink_worker(loop, rec, lock, 2)), "worker#2",
                              SourceLoc{kKitchenFile, 12});
    std::any ra = co_await a;
    (void)ra;
    std::string msg;
    try {
        std::any rb = co_await b;
        (void)rb;
    } catch (...) {
        msg = describe_error(std::current_exception()).message;
    }
    rec.output("main caught: " + msg);
}

inline Recording kitchen_sink(Loop& loop) {
    Recorder rec;
    return record(loop, rec, sink_main(loop, rec));
}

} // namespace condlab::testing::exporters
