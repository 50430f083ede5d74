// BackgroundRecorder builds the same trace as a Recorder fed directly: every observer
// callback and every hook of the layer above, on a run long enough for the worker thread
// and on one short enough to be replayed at finish; steps asked for by mark_step() are the
// steps Recorder::current_step() gives at that point; nothing leaks when it is dropped.
#include "trace_test_support.h"

#include "runtime/condition.h"
#include "runtime/error.h"
#include "runtime/sleep.h"
#include "trace/analysis.h"
#include "trace/background_recorder.h"
#include "trace/event_scan.h"
#include "trace/trace_json.h"

#include <algorithm>

using namespace condlab;
using namespace condlab::testing;

namespace {

class BackgroundRecording : public FrameLeakCheckBase {};

const char* const kFile = "lesson.py";

/// The loop's observer in these tests: every callback goes to both recorders.
struct Both final : Observer {
    Recorder direct;
    BackgroundRecorder background;
    std::vector<StepId> direct_marks; // Recorder::current_step() where mark_step() was called

    void on_iteration(std::uint64_t it, double now) override {
        direct.on_iteration(it, now);
        background.on_iteration(it, now);
    }
    void on_task_created(TaskId t, std::string_view name, TaskId parent, SourceLoc w) override {
        direct.on_task_created(t, name, parent, w);
        background.on_task_created(t, name, parent, w);
    }
    void on_task_renamed(TaskId t, std::string_view name) override {
        direct.on_task_renamed(t, name);
        background.on_task_renamed(t, name);
    }
    void on_task_scheduled(TaskId t) override {
        direct.on_task_scheduled(t);
        background.on_task_scheduled(t);
    }
    void on_task_running(TaskId t) override {
        direct.on_task_running(t);
        background.on_task_running(t);
    }
    void on_task_suspended(TaskId t, const WaitInfo& w) override {
        direct.on_task_suspended(t, w);
        background.on_task_suspended(t, w);
    }
    void on_task_done(TaskId t, TaskEnd end, const std::exception_ptr& e) override {
        direct.on_task_done(t, end, e);
        background.on_task_done(t, end, e);
    }
    void on_task_cancel_requested(TaskId t, TaskId by) override {
        direct.on_task_cancel_requested(t, by);
        background.on_task_cancel_requested(t, by);
    }
    void on_object_internal(ObjectId o, ObjectId owner) override {
        direct.on_object_internal(o, owner);
        background.on_object_internal(o, owner);
    }
    void on_object_created(ObjectId o, ObjectKind k, SourceLoc w) override {
        direct.on_object_created(o, k, w);
        background.on_object_created(o, k, w);
    }
    void on_object_label(ObjectId o, std::string_view label) override {
        direct.on_object_label(o, label);
        background.on_object_label(o, label);
    }
    void on_object_owned(ObjectId part, ObjectId owner) override {
        direct.on_object_owned(part, owner);
        background.on_object_owned(part, owner);
    }
    void on_primitive(PrimitiveOp op, ObjectId o, TaskId t, std::span<const TaskId> woken,
                      std::int64_t value) override {
        direct.on_primitive(op, o, t, woken, value);
        background.on_primitive(op, o, t, woken, value);
    }
    void on_timer_scheduled(TimerId timer, double when, TimerKind kind) override {
        direct.on_timer_scheduled(timer, when, kind);
        background.on_timer_scheduled(timer, when, kind);
    }
    void on_timer_fired(TimerId timer) override {
        direct.on_timer_fired(timer);
        background.on_timer_fired(timer);
    }
    void on_timer_cancelled(TimerId timer) override {
        direct.on_timer_cancelled(timer);
        background.on_timer_cancelled(timer);
    }
    void on_callback(TimerId handle) override {
        direct.on_callback(handle);
        background.on_callback(handle);
    }

    // The hooks of the layer above.
    void line(std::uint32_t n) {
        direct.line_executed(SourceLoc{kFile, n});
        background.line_executed(SourceLoc{kFile, n});
    }
    void print(const std::string& text) {
        direct.output(text);
        background.output(text);
        direct_marks.push_back(direct.current_step());
        background.mark_step();
    }
    void snapshot(TaskId task, int i) {
        Snapshot s;
        s.entries.push_back({kNoTask, "round", std::to_string(i / 3)});
        s.entries.push_back({task, "i", std::to_string(i)});
        direct.attach_snapshot(direct.current_step(), s, SnapshotMode::Merge);
        background.attach_snapshot_now(std::move(s), SnapshotMode::Merge);
    }
    void extras(TaskId task, std::uint32_t n) {
        direct.set_source_line(task, SourceLoc{kFile, n});
        background.set_source_line(task, SourceLoc{kFile, n});
        direct.warning(WarningKind::Other, "careful", SourceLoc{kFile, n});
        background.warning(WarningKind::Other, "careful", SourceLoc{kFile, n});
        direct.exception(task, "KeyError", "'x'", SourceLoc{kFile, n});
        background.exception(task, "KeyError", "'x'", SourceLoc{kFile, n});
        const std::vector<std::string> items{"1", std::string(300, 'x')};
        direct.object_contents(ObjectId{1}, items);
        background.object_contents(ObjectId{1}, items);
    }
};

/// "" when equal, else where two (long) texts first differ, with some context. (gtest's own
/// diff of two multi-megabyte strings needs memory quadratic in their length.)
std::string first_difference(const std::string& a, const std::string& b) {
    const auto [ia, ib] = std::mismatch(a.begin(), a.end(), b.begin(), b.end());
    if (ia == a.end() && ib == b.end())
        return "";
    const std::size_t at = static_cast<std::size_t>(ia - a.begin());
    const std::size_t from = at > 80 ? at - 80 : 0;
    return cat("at byte ", std::to_string(at), ":\n  ", a.substr(from, 160), "\nvs\n  ",
               b.substr(from, 160));
}

struct Shared {
    int generation = 0;
};

Coro<void> waiter(Loop& loop, Both& rec, Ref<Condition> cond, Shared* shared, int rounds,
                  int index) {
    const TaskId me = current_task(loop)->id();
    for (int seen = 0; seen < rounds;) {
        bool locked = co_await cond->acquire();
        (void)locked;
        rec.line(20);
        // A third of the waiters skip every other round: their wake-ups there are wasted.
        const int skip = index % 3 == 0 ? 1 : 0;
        bool ok = co_await cond->wait_for(
            [&] { return shared->generation > seen + skip || shared->generation == rounds; },
            here());
        (void)ok;
        seen = shared->generation;
        cond->release();
        if (index % 50 == 0)
            rec.snapshot(me, seen);
    }
    if (index == 1)
        throw value_error("waiter 1 gives up"); // a task that fails: described, not copied
}

Coro<void> herd_main(Loop& loop, Both& rec, int waiters, int rounds) {
    Ref<Condition> cond = make_ref<Condition>(loop);
    loop.set_label(cond->id(), "cond");
    Shared shared;
    std::vector<Task> tasks;
    for (int i = 0; i < waiters; ++i)
        tasks.push_back(create_task(loop, waiter(loop, rec, cond, &shared, rounds, i),
                                    "waiter#" + std::to_string(i)));
    tasks[0]->set_name("first waiter");
    std::any slept = co_await sleep(loop, 0.0);
    const TaskId me = current_task(loop)->id();
    for (int r = 0; r < rounds; ++r) {
        bool locked = co_await cond->acquire();
        (void)locked;
        ++shared.generation;
        cond->notify_all();
        if (r % 5 == 0)
            cond->notify(); // nobody is left waiting: heard by nobody, lost for nobody
        cond->release();
        rec.print("round " + std::to_string(r) + std::string(r == 3 ? 2000 : 0, '!'));
        if (r == 2)
            rec.extras(me, 30);
        slept = co_await sleep(loop, r % 4 == 0 ? 0.5 : 0.0);
    }
    for (Task& t : tasks) {
        try {
            std::any done = co_await t;
        } catch (const PyError&) {
            rec.print("a waiter failed");
        }
    }
}

void expect_same_trace(int waiters, int rounds, bool long_enough_for_the_worker) {
    Loop loop;
    Both both;
    loop.set_observer(&both);
    const RunOutcome out = loop.run(make_backend(herd_main(loop, both, waiters, rounds)));
    loop.set_observer(nullptr);
    ASSERT_EQ(out.kind, OutcomeKind::Complete);
    EXPECT_EQ(both.background.threaded(), long_enough_for_the_worker);

    const Trace direct = both.direct.finish(out);
    const std::shared_ptr<const Trace> background = both.background.finish_shared(out);
    check_invariants(*background);
    EXPECT_GT(background->events().size(), static_cast<std::size_t>(waiters * rounds));
    EXPECT_EQ(first_difference(write_trace_json(*background), write_trace_json(direct)), "");
    EXPECT_EQ(both.background.marked_steps(), both.direct_marks);
    EXPECT_EQ(both.direct_marks.size(), static_cast<std::size_t>(rounds + 1));
    // The failure was described on the caller's thread and arrived whole.
    bool failure = false;
    for (const TraceEvent& e : background->events())
        if (e.kind == EventKind::Exception && background->str(e.a) == "ValueError")
            failure = background->str(e.b) == "waiter 1 gives up";
    EXPECT_TRUE(failure);
}

TEST_F(BackgroundRecording, LongRunOnTheWorkerThreadGivesTheSameTrace) {
    expect_same_trace(300, 40, true);
}

TEST_F(BackgroundRecording, ShortRunReplayedAtFinishGivesTheSameTrace) {
    expect_same_trace(4, 5, false);
}

/// An EventScan fed by the worker during the run (or, for a short run, not at all) and
/// finished by analyze() gives the analysis of the whole trace.
void expect_same_analysis(int waiters, int rounds, bool long_enough_for_the_worker) {
    Loop loop;
    Both both;
    EventScan scan;
    both.background.feed_while_recording(&scan);
    loop.set_observer(&both);
    const RunOutcome out = loop.run(make_backend(herd_main(loop, both, waiters, rounds)));
    loop.set_observer(nullptr);
    const Trace direct = both.direct.finish(out);
    const std::shared_ptr<const Trace> background = both.background.finish_shared(out);
    // The worker fed it every event (the last chunk too); a short run fed it nothing.
    EXPECT_EQ(scan.scanned(), long_enough_for_the_worker ? background->events().size() : 0u);

    const Analysis fed = analyze(*background, &scan);
    const Analysis whole = analyze(direct);
    EXPECT_EQ(fed.outcome.summary, whole.outcome.summary);
    ASSERT_EQ(fed.diagnostics.size(), whole.diagnostics.size());
    int wasted = 0, lost = 0;
    for (std::size_t i = 0; i < fed.diagnostics.size(); ++i) {
        const Diagnostic& a = fed.diagnostics[i];
        const Diagnostic& b = whole.diagnostics[i];
        EXPECT_EQ(std::tie(a.kind, a.step, a.task, a.object, a.where, a.related_step, a.event),
                  std::tie(b.kind, b.step, b.task, b.object, b.where, b.related_step, b.event));
        EXPECT_EQ(a.message, b.message);
        wasted += a.kind == DiagnosticKind::WastedWakeup;
        lost += a.kind == DiagnosticKind::LostNotify;
    }
    EXPECT_GT(wasted, 0);
    // Every wait is a guarded wait_for: the notifies nobody heard were lost for nobody.
    EXPECT_EQ(lost, 0);
    EXPECT_GT(fed.metrics.unheard_notifies, 0u);
    const std::vector<NamedMetric> fm = named_metrics(fed.metrics),
                                   wm = named_metrics(whole.metrics);
    ASSERT_EQ(fm.size(), wm.size());
    for (std::size_t i = 0; i < fm.size(); ++i)
        EXPECT_TRUE(fm[i].name == wm[i].name && fm[i].value == wm[i].value) << fm[i].name;
    EXPECT_EQ(fed.metrics.wasted_wakeups, static_cast<std::uint64_t>(wasted));
    EXPECT_GT(fed.metrics.wakeups, 0u);
}

TEST_F(BackgroundRecording, AScanFedByTheWorkerGivesTheAnalysisOfTheWholeTrace) {
    expect_same_analysis(300, 40, true);
}

TEST_F(BackgroundRecording, AScanNeverFedGivesTheAnalysisOfTheWholeTrace) {
    expect_same_analysis(6, 10, false);
}

TEST_F(BackgroundRecording, DroppedBeforeFinishOrFedAfterItLeaksNothing) {
    {
        Loop loop;
        Both both;
        loop.set_observer(&both);
        const RunOutcome out = loop.run(make_backend(herd_main(loop, both, 200, 20)));
        loop.set_observer(nullptr);
        EXPECT_TRUE(both.background.threaded());
        // Never finished: the destructor stops the worker and frees pending snapshots.
    }
    Loop loop;
    Both both;
    loop.set_observer(&both);
    const RunOutcome out = loop.run(make_backend(herd_main(loop, both, 3, 3)));
    const std::shared_ptr<const Trace> t = both.background.finish_shared(out);
    const std::size_t events = t->events().size();
    // Callbacks after finish (e.g. the layer above tearing down) are dropped.
    for (int i = 0; i < 100'000; ++i)
        both.background.on_task_scheduled(TaskId{1});
    both.background.attach_snapshot_now(Snapshot{}, SnapshotMode::Merge);
    EXPECT_FALSE(both.background.threaded());
    EXPECT_EQ(t->events().size(), events);
    loop.set_observer(nullptr);
}

} // namespace
