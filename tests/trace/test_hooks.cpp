// Hooks for the layer above: lines, output, warnings, exceptions, queue contents,
// per-step snapshots (stored only when changed, looked up in O(log n)), memory use.
#include "trace_test_support.h"

#include "runtime/condition.h"
#include "runtime/queue.h"
#include "runtime/sleep.h"

using namespace condlab;
using namespace condlab::testing;

namespace {

class TraceHooks : public FrameLeakCheckBase {};

const char* const kFile = "lesson.py"; // what the Python layer would pass

// ---------------------------------------------------------------------------
// Lines, output, warnings, exceptions
// ---------------------------------------------------------------------------

Coro<void> talker(Loop& loop, Recorder& rec) {
    rec.line_executed(SourceLoc{kFile, 3});
    rec.output("hello");
    rec.line_executed(SourceLoc{kFile, 4});
    // An await reported without a location: the span takes the task's current line.
    std::any slept = co_await sleep(loop, 1.0);
    rec.line_executed(SourceLoc{kFile, 5});
    rec.warning(WarningKind::NeverAwaited, "coroutine 'work' was never awaited",
                SourceLoc{kFile, 5});
    rec.exception(current_task(loop)->id(), "ValueError", "bad", SourceLoc{kFile, 6});
    rec.output("bye");
}

TEST_F(TraceHooks, LinesOutputWarningsExceptions) {
    Loop loop;
    Recorder rec;
    loop.set_observer(&rec);
    RunOutcome out = loop.run(make_backend(talker(loop, rec)));
    loop.set_observer(nullptr);
    ASSERT_EQ(out.kind, OutcomeKind::Complete);
    const Trace t = rec.finish(out);
    check_invariants(t);

    std::vector<std::string> seen;
    for (const TraceEvent& e : t.events()) {
        switch (e.kind) {
        case EventKind::Line:
            seen.push_back(cat("line ", std::to_string(t.line(e.a))));
            break;
        case EventKind::Output:
            seen.push_back(cat("out ", t.str(e.a), " @", std::to_string(t.line(e.b))));
            break;
        case EventKind::Warning:
            seen.push_back(cat("warn ", t.str(e.a)));
            break;
        case EventKind::Exception:
            seen.push_back(cat("exc ", t.str(e.a), ": ", t.str(e.b), " @",
                               std::to_string(t.line(static_cast<LocId>(e.value)))));
            break;
        default:
            break;
        }
    }
    EXPECT_EQ(seen, (std::vector<std::string>{"line 3", "out hello @3", "line 4", "line 5",
                                              "warn coroutine 'work' was never awaited",
                                              "exc ValueError: bad @6", "out bye @5"}));
    // The file name is interned in the trace (outlives the caller's pointer).
    const TaskId main = t.run().main_task;
    const SpanView sleeping = t.span(main, 3);
    EXPECT_EQ(sleeping.status, TaskStatus::Sleeping);
    EXPECT_EQ(t.line(sleeping.where), 4u);
    EXPECT_STREQ(t.loc(sleeping.where).file, "lesson.py");
    EXPECT_NE(t.loc(sleeping.where).file, kFile);
    // Output events carry the step's time.
    for (const TraceEvent& e : t.events())
        if (e.kind == EventKind::Output && t.str(e.a) == "bye")
            EXPECT_EQ(t.steps()[e.step].time, 1.0);

    const std::vector<Diagnostic> ds = analyze_diagnostics(t);
    ASSERT_EQ(diagnostic_kinds(ds), (std::vector<DiagnosticKind>{DiagnosticKind::NeverAwaited}));
    EXPECT_EQ(ds[0].message, "coroutine 'work' was never awaited (line 5)");
    EXPECT_EQ(t.line(ds[0].where), 5u);
}

// ---------------------------------------------------------------------------
// Queue contents
// ---------------------------------------------------------------------------

Coro<void> queue_main(Loop& loop, Recorder& rec, ObjectId& qid) {
    Ref<Queue> q = make_ref<Queue>(loop, 0);
    qid = q->id();
    loop.set_label(q->id(), "q");
    q->put_nowait(std::any(1));
    const std::vector<std::string> one{"1"};
    rec.object_contents(q->id(), one);
    std::any slept = co_await sleep(loop, 0.0);
    q->put_nowait(std::any(2));
    const std::vector<std::string> two{"1", "2"};
    rec.object_contents(q->id(), two);
    slept = co_await sleep(loop, 0.0);
    std::any item = q->get_nowait();
    const std::vector<std::string> last{"2"};
    rec.object_contents(q->id(), last);
}

TEST_F(TraceHooks, QueueContentsAndSize) {
    Loop loop;
    Recorder rec;
    loop.set_observer(&rec);
    ObjectId qid = kNoObject;
    RunOutcome out = loop.run(make_backend(queue_main(loop, rec, qid)));
    loop.set_observer(nullptr);
    const Trace t = rec.finish(out);
    check_invariants(t);
    std::vector<std::string> sizes;
    for (StepId s = 0; s < t.step_count(); ++s) {
        const ObjectState st = t.object_state_at(qid, s);
        std::string row = cat(std::to_string(st.value), ":");
        for (std::string_view c : st.contents)
            row += cat(" ", c);
        if (sizes.empty() || sizes.back() != row)
            sizes.push_back(row);
    }
    EXPECT_EQ(sizes, (std::vector<std::string>{"0:", "1: 1", "2: 1 2", "1: 2"}));
}

// ---------------------------------------------------------------------------
// Snapshots
// ---------------------------------------------------------------------------

std::vector<std::string> render(const std::vector<SnapshotEntryView>& v) {
    std::vector<std::string> out;
    for (const SnapshotEntryView& e : v)
        out.push_back(cat(std::to_string(e.scope), ":", e.name, "=", e.repr));
    return out;
}

Coro<void> snapshot_main(Loop& loop, Recorder& rec, std::vector<StepId>& steps) {
    for (int i = 0; i < 6; ++i) {
        const StepId s = rec.current_step();
        steps.push_back(s);
        const TaskId me = current_task(loop)->id();
        // Globals change at i = 0, 2, 4; the task's locals at every step.
        Snapshot sn;
        sn.entries.push_back({kNoTask, "items", cat("[", std::to_string(i / 2), "]")});
        sn.entries.push_back({kNoTask, "done", "False"});
        sn.entries.push_back({me, "i", std::to_string(i)});
        if (i == 5)
            sn.entries.pop_back(); // the task's scope vanished (Replace mode)
        rec.attach_snapshot(s, sn);
        if (i == 3) {
            // Merge: only the locals change; globals are kept.
            Snapshot partial;
            partial.entries.push_back({me, "i", "3!"});
            rec.attach_snapshot(s, partial, SnapshotMode::Merge);
        }
        std::any r = co_await sleep(loop, 0.1); // a timer step comes in between
    }
}

TEST_F(TraceHooks, SnapshotsStoredWhenChangedAndLookedUp) {
    Loop loop;
    Recorder rec;
    loop.set_observer(&rec);
    std::vector<StepId> steps;
    RunOutcome out = loop.run(make_backend(snapshot_main(loop, rec, steps)));
    loop.set_observer(nullptr);
    EXPECT_THROW(rec.attach_snapshot(0, Snapshot{}), std::invalid_argument);
    const Trace t = rec.finish(out);
    const TaskId me = t.run().main_task;
    const std::string m = std::to_string(me);
    auto local = [&](const char* v) { return cat(m, ":i=", v); };
    ASSERT_EQ(steps.size(), 6u);

    // Before the first snapshot: nothing.
    EXPECT_TRUE(t.snapshot_at(0).empty());
    EXPECT_EQ(render(t.snapshot_at(steps[0])),
              (std::vector<std::string>{"0:items=[0]", "0:done=False", local("0")}));
    // Between snapshot steps, the last one stays in effect.
    EXPECT_EQ(render(t.snapshot_at(steps[1] + 1)),
              (std::vector<std::string>{"0:items=[0]", "0:done=False", local("1")}));
    EXPECT_EQ(render(t.snapshot_at(steps[2])),
              (std::vector<std::string>{"0:items=[1]", "0:done=False", local("2")}));
    EXPECT_EQ(render(t.snapshot_at(steps[3])),
              (std::vector<std::string>{"0:items=[1]", "0:done=False", local("3!")}));
    EXPECT_EQ(render(t.snapshot_at(steps[5])),
              (std::vector<std::string>{"0:items=[2]", "0:done=False"}));
    EXPECT_EQ(render(t.snapshot_at(static_cast<StepId>(t.step_count() - 1))),
              render(t.snapshot_at(steps[5])));

    // Stored compactly: globals 3 records (i = 0, 2, 4), locals 6 (0,1,2,3!,4, then empty).
    ASSERT_EQ(t.data().snapshot_scopes.size(), 2u);
    EXPECT_EQ(t.data().snapshot_scopes[0].scope, kNoTask);
    EXPECT_EQ(t.data().snapshot_scopes[0].count, 3u);
    EXPECT_EQ(t.data().snapshot_scopes[1].scope, me);
    EXPECT_EQ(t.data().snapshot_scopes[1].count, 6u);
    // Strings are interned: "False" once in the pool.
    const std::string& pool = t.data().string_pool;
    std::size_t falses = 0;
    for (std::size_t p = pool.find("False"); p != std::string::npos; p = pool.find("False", p + 1))
        ++falses;
    EXPECT_EQ(falses, 1u);
}

// ---------------------------------------------------------------------------
// Memory accounting and sharing
// ---------------------------------------------------------------------------

Coro<void> pingpong_side(Ref<Condition> cond, std::shared_ptr<int> turn, int me, int rounds) {
    for (int i = 0; i < rounds; ++i) {
        bool locked = co_await cond->acquire();
        (void)locked;
        { // while (*turn != me) wait(): a predicate loop, as wait_for
            auto ready = [&] { return !(*turn != me); };
            bool woke = co_await cond->wait_for(ready);
            (void)woke;
        }
        *turn = 1 - me;
        cond->notify();
        cond->release();
    }
}

Coro<void> pingpong_main(Loop& loop, int rounds) {
    Ref<Condition> cond = make_ref<Condition>(loop);
    std::shared_ptr<int> turn = std::make_shared<int>(0);
    Task a = create_task(loop, pingpong_side(cond, turn, 0, rounds), "ping");
    Task b = create_task(loop, pingpong_side(cond, turn, 1, rounds), "pong");
    std::any ra = co_await a;
    std::any rb = co_await b;
}

TEST_F(TraceHooks, MemoryPerEventIsSmall) {
    Loop loop;
    Recorded r = record_run(loop, pingpong_main(loop, 2000));
    ASSERT_EQ(r.outcome.kind, OutcomeKind::Complete);
    const Trace& t = *r.trace;
    check_invariants(t);
    ASSERT_GT(t.events().size(), 10000u);
    const double per_event =
        static_cast<double>(t.memory_bytes()) / static_cast<double>(t.events().size());
    EXPECT_LE(per_event, 64.0);
    // Shareable and immutable.
    std::shared_ptr<const Trace> other = r.trace;
    EXPECT_EQ(other->events().data(), t.events().data());
    const Metrics m = analyze_metrics(t);
    EXPECT_EQ(m.wasted_wakeups, 0u);
    // Every notify wakes the other side but ping's first (pong is not waiting yet) and
    // pong's last (ping is done); both sides check the turn first, so neither is lost.
    EXPECT_EQ(m.wakeups, 3998u);
    EXPECT_EQ(m.unheard_notifies, 2u);
    EXPECT_EQ(m.lost_notifies, 0u);
}

} // namespace
