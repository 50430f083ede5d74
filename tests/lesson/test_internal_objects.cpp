// Objects the user did not create (a Barrier's condition and its lock, a Queue's event)
// never appear: no records, lanes, events or findings of their own, in the trace or in any
// export; waits on them are waits on the user's Barrier / Queue.
#include "lesson/lesson.h"
#include "lesson/runner.h"
#include "trace/chrome_trace.h"
#include "trace/text_timeline.h"
#include "trace/trace_json.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

namespace condlab::lesson {
namespace {

// Three workers meet at a barrier twice; a correct program.
constexpr const char* kBarrier = R"(import asyncio


async def worker(b, name, delay):
    await asyncio.sleep(delay)
    await b.wait()
    print(name, "passed")
    await b.wait()


async def main():
    b = asyncio.Barrier(3)
    await asyncio.gather(*(worker(b, f"w{i}", i * 0.5) for i in range(3)))
    print("done")


asyncio.run(main())
)";

// A consumer works through three items; main waits in join(); a correct program.
constexpr const char* kQueue = R"(import asyncio


async def consumer(q):
    while True:
        item = await q.get()
        await asyncio.sleep(0.5)
        print("did", item)
        q.task_done()


async def main():
    q = asyncio.Queue()
    c = asyncio.create_task(consumer(q))
    for i in range(3):
        await q.put(i)
    await q.join()
    c.cancel()
    print("all done")


asyncio.run(main())
)";

RunResult run_text(const char* source, bool line_trace) {
    RunOptions o;
    o.line_trace = line_trace;
    return run(parse_lesson_source(source, "internal_objects.py"), {}, o);
}

/// No name a user could read mentions an internal part.
void expect_no_internal_names(const std::string& text, const char* what) {
    for (const char* part :
         {"'s condition", "'s lock", "'s event", "Condition#", "Lock#", "Event#"})
        EXPECT_EQ(text.find(part), std::string::npos) << what << " mentions " << part;
}

/// Every object the trace names is one of `kinds`; every span and event refers to one.
void expect_only_user_objects(const Trace& t, std::set<ObjectKind> kinds) {
    std::set<ObjectId> ids;
    for (const ObjectRecord& o : t.objects()) {
        EXPECT_TRUE(kinds.count(o.kind)) << "an object of kind " << object_kind_name(o.kind);
        EXPECT_EQ(o.owner, kNoObject);
        EXPECT_EQ(o.part, kNoObject);
        ids.insert(o.id);
    }
    for (const TaskRecord& task : t.tasks())
        for (const SpanView& s : t.spans(task.id))
            if (s.object != kNoObject) {
                EXPECT_TRUE(ids.count(s.object)) << t.task_name(task.id) << " waits on object#"
                                                 << s.object << " (" << status_id(s.status) << ")";
            }
    for (const TraceEvent& e : t.events())
        if (e.object != kNoObject) {
            EXPECT_TRUE(ids.count(e.object))
                << event_kind_name(e.kind) << " on object#" << e.object;
        }
    for (const BlockedRecord& b : t.run().blocked)
        if (b.object != kNoObject)
            EXPECT_TRUE(ids.count(b.object));
}

void expect_clean_exports(const Trace& t) {
    expect_no_internal_names(render_text_timeline(t, 120), "the text timeline");
    expect_no_internal_names(write_chrome_trace(t), "the Chrome trace");
    expect_no_internal_names(write_trace_json(t), "the trace JSON");
}

class InternalObjects : public ::testing::TestWithParam<bool> {};

TEST_P(InternalObjects, ABarrierShowsAsOneObjectWithItsWaiters) {
    const RunResult r = run_text(kBarrier, GetParam());
    ASSERT_EQ(r.outcome, Outcome::Complete) << r.stderr_text;
    EXPECT_EQ(r.stdout_text, "w2 passed\nw0 passed\nw1 passed\ndone\n"); // as CPython
    ASSERT_TRUE(r.trace);
    const Trace& t = *r.trace;
    expect_only_user_objects(t, {ObjectKind::Barrier});
    ASSERT_EQ(t.objects().size(), 1u);
    const ObjectId b = t.objects()[0].id;
    if (GetParam()) // (labels come from the line trace's variable snapshots)
        EXPECT_EQ(t.object_name(b), "b");
    // No findings, no wake-ups or lock acquisitions the program never made.
    for (const RunDiagnostic& d : r.diagnostics)
        ADD_FAILURE() << d.title << ": " << d.message;
    EXPECT_TRUE(r.stderr_text.empty()) << r.stderr_text;
    EXPECT_EQ(r.metric("wakeups"), 0.0);
    EXPECT_EQ(r.metric("lock_acquisitions"), 0.0);
    EXPECT_EQ(r.metric("lost_notifies"), 0.0);
    // The workers' waits are on b: the first two arrivals of each round wait at it (b lists
    // them, n_waiting), and a task arriving while b drains waits for that too.
    std::size_t barrier_waits = 0;
    for (const TaskRecord& task : t.tasks())
        for (const SpanView& s : t.spans(task.id)) {
            EXPECT_NE(s.status, TaskStatus::WaitingOnCondition);
            EXPECT_NE(s.status, TaskStatus::BlockedOnLock);
            if (s.status == TaskStatus::WaitingOnBarrier) {
                EXPECT_EQ(s.object, b);
                ++barrier_waits;
            }
        }
    EXPECT_GE(barrier_waits, 4u);
    std::size_t max_waiters = 0;
    for (const ObjectChange& c : t.changes(b))
        max_waiters = std::max<std::size_t>(max_waiters, c.waiter_count);
    EXPECT_GE(max_waiters, 2u);
    // The last arrival wakes the others: links from its barrier wait (the last task out of a
    // draining barrier wakes the next arrivals: links from that step).
    std::size_t barrier_links = 0, from_arrival = 0;
    for (const Link& l : t.links()) {
        EXPECT_NE(l.kind, LinkKind::Notify);
        if (l.kind != LinkKind::Barrier)
            continue;
        ++barrier_links;
        if (l.from_event != kNoEvent) {
            EXPECT_EQ(t.events()[l.from_event].op, PrimitiveOp::BarrierWait);
            ++from_arrival;
        }
    }
    EXPECT_GE(barrier_links, 4u);
    EXPECT_GE(from_arrival, 4u);
    expect_clean_exports(t);
}

TEST_P(InternalObjects, AQueueJoinWaitsOnTheQueue) {
    const RunResult r = run_text(kQueue, GetParam());
    ASSERT_EQ(r.outcome, Outcome::Complete) << r.stderr_text;
    EXPECT_EQ(r.stdout_text, "did 0\ndid 1\ndid 2\nall done\n");
    ASSERT_TRUE(r.trace);
    const Trace& t = *r.trace;
    expect_only_user_objects(t, {ObjectKind::Queue});
    ASSERT_EQ(t.objects().size(), 1u);
    const ObjectId q = t.objects()[0].id;
    if (GetParam())
        EXPECT_EQ(t.object_name(q), "q");
    for (const RunDiagnostic& d : r.diagnostics)
        ADD_FAILURE() << d.title << ": " << d.message;
    EXPECT_TRUE(r.stderr_text.empty()) << r.stderr_text;
    // main waits in join() on q, listed among q's waiters, and task_done() wakes it.
    const TaskId main = t.run().main_task;
    bool joined = false;
    for (const SpanView& s : t.spans(main)) {
        EXPECT_NE(s.status, TaskStatus::WaitingOnEvent);
        if (s.status != TaskStatus::WaitingOnQueue)
            continue;
        EXPECT_EQ(s.object, q);
        joined = true;
        const ObjectState st = t.object_state_at_tick(q, s.begin);
        EXPECT_NE(std::find(st.waiters.begin(), st.waiters.end(), main), st.waiters.end());
        const ObjectState after = t.object_state_at_tick(q, s.end);
        EXPECT_EQ(std::find(after.waiters.begin(), after.waiters.end(), main), after.waiters.end());
    }
    EXPECT_TRUE(joined);
    bool woken_by_task_done = false;
    for (const Link& l : t.links_to(main))
        if (l.kind == LinkKind::Queue && l.from_event != kNoEvent &&
            t.events()[l.from_event].op == PrimitiveOp::QueueTaskDone)
            woken_by_task_done = true;
    EXPECT_TRUE(woken_by_task_done);
    expect_clean_exports(t);
}

INSTANTIATE_TEST_SUITE_P(LineTrace, InternalObjects, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& i) {
                             return i.param ? std::string("WithLines") : std::string("NoLines");
                         });

} // namespace
} // namespace condlab::lesson
