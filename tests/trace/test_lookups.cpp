// State lookups: O(log n) task / object state queries agree with a linear scan over a
// mixed run (lock, condition, event, semaphore, barrier, sleeps, a cancellation), and
// object states follow the primitives' own reports.
#include "trace_test_support.h"

#include "runtime/barrier.h"
#include "runtime/condition.h"
#include "runtime/event.h"
#include "runtime/lock.h"
#include "runtime/semaphore.h"
#include "runtime/sleep.h"

using namespace condlab;
using namespace condlab::testing;

namespace {

class TraceLookup : public FrameLeakCheckBase {};

struct World {
    Ref<Lock> lock;
    Ref<Condition> cond;
    Ref<Event> event;
    Ref<Semaphore> sem;
    Ref<Barrier> barrier;
    int items = 0;
};
using WorldRef = std::shared_ptr<World>;

Coro<void> worker(Loop& loop, WorldRef w, int id) {
    for (int round = 0; round < 3; ++round) {
        bool ok = co_await w->sem->acquire(here());
        bool locked = co_await w->lock->acquire(here());
        std::any slept = co_await sleep(loop, 0.01 * id, {}, here());
        w->lock->release();
        w->sem->release();
        locked = co_await w->cond->acquire(here());
        while (w->items == 0) {
            bool woke = co_await w->cond->wait(here());
            (void)woke;
        }
        --w->items;
        w->cond->release();
        (void)ok;
        (void)locked;
    }
    std::int64_t index = co_await w->barrier->wait(here());
    (void)index;
    bool set = co_await w->event->wait(here());
    (void)set;
}

Coro<void> feeder(Loop& loop, WorldRef w, int total) {
    for (int i = 0; i < total; ++i) {
        std::any slept = co_await sleep(loop, 0.02, {}, here());
        bool locked = co_await w->cond->acquire(here());
        (void)locked;
        ++w->items;
        if (i % 2)
            w->cond->notify();
        else
            w->cond->notify_all();
        w->cond->release();
    }
    std::any slept = co_await sleep(loop, 0.5, {}, here());
    w->event->set();
}

Coro<void> victim(Loop& loop) { std::any slept = co_await sleep(loop, 100.0, {}, here()); }

Coro<void> mixed_main(Loop& loop) {
    WorldRef w = std::make_shared<World>();
    w->lock = make_ref<Lock>(loop);
    w->cond = make_ref<Condition>(loop);
    w->event = make_ref<Event>(loop);
    w->sem = make_ref<Semaphore>(loop, 2);
    w->barrier = make_ref<Barrier>(loop, 3);
    loop.set_label(w->lock->id(), "lock");
    loop.set_label(w->cond->id(), "cond");
    loop.set_label(w->event->id(), "event");
    loop.set_label(w->sem->id(), "sem");
    loop.set_label(w->barrier->id(), "barrier");
    std::vector<Task> tasks;
    for (int i = 1; i <= 3; ++i)
        tasks.push_back(create_task(loop, worker(loop, w, i), "worker" + std::to_string(i)));
    tasks.push_back(create_task(loop, feeder(loop, w, 9), "feeder"));
    Task v = create_task(loop, victim(loop), "victim");
    std::any slept = co_await sleep(loop, 0.05, {}, here());
    v->cancel();
    for (Task& t : tasks) {
        std::any r = co_await t;
        (void)r;
    }
    try {
        std::any r = co_await v;
        (void)r;
    } catch (const CancelledError&) {
    }
}

TaskStatus linear_status(const Trace& t, TaskId task, Tick tick) {
    TaskStatus out = TaskStatus::NotStarted;
    for (const SpanView& s : t.spans(task))
        if (s.begin <= tick && tick < s.end)
            out = s.status;
    return out;
}

const ObjectChange* linear_change(const Trace& t, ObjectId obj, Tick tick) {
    const ObjectChange* out = nullptr;
    for (const ObjectChange& c : t.changes(obj))
        if (c.tick <= tick)
            out = &c;
    return out;
}

TEST_F(TraceLookup, LogarithmicLookupsAgreeWithLinearScan) {
    Loop loop;
    Recorded r = record_run(loop, mixed_main(loop));
    ASSERT_EQ(r.outcome.kind, OutcomeKind::Complete);
    const Trace& t = *r.trace;
    check_invariants(t);
    ASSERT_GT(t.step_count(), 50u);

    std::size_t checked = 0;
    for (StepId s = 0; s < t.step_count(); ++s) {
        for (const TaskRecord& task : t.tasks()) {
            EXPECT_EQ(t.task_state_at(task.id, s), linear_status(t, task.id, tick_begin(s)));
            EXPECT_EQ(t.task_state_after(task.id, s), linear_status(t, task.id, tick_end(s)));
            ++checked;
        }
        for (const ObjectRecord& o : t.objects()) {
            for (Tick tick : {tick_begin(s), tick_end(s)}) {
                const ObjectState st = t.object_state_at_tick(o.id, tick);
                const ObjectChange* c = linear_change(t, o.id, tick);
                if (!c) {
                    EXPECT_EQ(st.changed_at, 0u);
                    EXPECT_TRUE(st.waiters.empty());
                    continue;
                }
                EXPECT_EQ(st.changed_at, c->tick);
                EXPECT_EQ(st.holder, c->holder);
                EXPECT_EQ(st.value, c->value);
                EXPECT_EQ(st.waiters.size(), c->waiter_count);
            }
        }
    }
    EXPECT_GT(checked, 300u);

    // Time / iteration -> step lookups.
    for (StepId s = 0; s < t.step_count(); ++s) {
        const StepId by_time = t.step_at_time(t.steps()[s].time);
        EXPECT_LE(by_time, s);
        EXPECT_EQ(t.steps()[by_time].time, t.steps()[s].time);
        const StepId by_it = t.step_at_iteration(t.steps()[s].iteration);
        EXPECT_EQ(t.steps()[by_it].iteration, t.steps()[s].iteration);
        if (by_it > 0)
            EXPECT_LT(t.steps()[by_it - 1].iteration, t.steps()[s].iteration);
    }
    EXPECT_EQ(t.step_at_time(1e9), t.step_count());
}

TEST_F(TraceLookup, ObjectStatesFollowThePrimitives) {
    Loop loop;
    Recorded r = record_run(loop, mixed_main(loop));
    const Trace& t = *r.trace;
    const ObjectId lock = object_named(t, "lock");
    const ObjectId cond = object_named(t, "cond");
    const ObjectId event = object_named(t, "event");
    const ObjectId sem = object_named(t, "sem");
    const ObjectId barrier = object_named(t, "barrier");

    // The condition's own lock is its part; labels fall back to kind#id.
    const ObjectRecord* c = t.object(cond);
    ASSERT_NE(c, nullptr);
    ASSERT_NE(c->part, kNoObject);
    EXPECT_EQ(t.object(c->part)->owner, cond);
    EXPECT_EQ(t.object_name(c->part), "cond's lock");
    EXPECT_EQ(t.object_name(object_named(t, "event")), "event");

    // Whenever a task is BlockedOnLock(lock) it is in the lock's waiter list, and the
    // lock is held whenever someone waits (between steps).
    std::size_t lock_waits = 0, cond_waits = 0, sem_waits = 0;
    for (StepId s = 0; s < t.step_count(); ++s) {
        const ObjectState ls = t.object_state_at(lock, s);
        const ObjectState cs = t.object_state_at(cond, s);
        const ObjectState ss = t.object_state_at(sem, s);
        EXPECT_GE(ss.value, 0);
        EXPECT_LE(ss.value, 2);
        for (const TaskRecord& task : t.tasks()) {
            const SpanView sp = t.span_at(task.id, tick_end(s));
            auto in = [&](const ObjectState& st) {
                return std::find(st.waiters.begin(), st.waiters.end(), task.id) != st.waiters.end();
            };
            if (sp.status == TaskStatus::BlockedOnLock && sp.object == lock) {
                ++lock_waits;
                EXPECT_TRUE(in(ls)) << "step " << s;
            }
            if (sp.status == TaskStatus::WaitingOnCondition && sp.object == cond) {
                ++cond_waits;
                EXPECT_TRUE(in(cs)) << "step " << s;
            }
            if (sp.status == TaskStatus::WaitingOnSemaphore && sp.object == sem) {
                ++sem_waits;
                EXPECT_TRUE(in(ss)) << "step " << s;
            }
            // Holding: the holder is never waiting on that lock.
            if (ls.locked)
                EXPECT_NE(t.span_at(ls.holder, tick_end(s)).status, TaskStatus::BlockedOnLock);
        }
    }
    EXPECT_GT(lock_waits, 0u);
    EXPECT_GT(cond_waits, 0u);
    EXPECT_GT(sem_waits, 0u);

    // The event: unset until the feeder sets it, then set; its waiters are woken.
    const StepId last = static_cast<StepId>(t.step_count() - 1);
    EXPECT_FALSE(t.object_state_at(event, 0).set);
    const ObjectState ev_end = t.object_state_at(event, last);
    EXPECT_TRUE(ev_end.set);
    EXPECT_TRUE(ev_end.waiters.empty());
    std::size_t max_event_waiters = 0;
    for (const ObjectChange& ch : t.changes(event))
        max_event_waiters = std::max<std::size_t>(max_event_waiters, ch.waiter_count);
    EXPECT_EQ(max_event_waiters, 3u);

    // The barrier: up to 2 tasks wait at it; nobody at the end.
    std::size_t max_barrier = 0;
    for (const ObjectChange& ch : t.changes(barrier))
        max_barrier = std::max<std::size_t>(max_barrier, ch.waiter_count);
    EXPECT_GE(max_barrier, 2u);
    EXPECT_TRUE(t.object_state_at(barrier, last).waiters.empty());

    // Cancellation: the victim's sleep ended with a Cancel link.
    const TaskId victim = task_named(t, "victim");
    const std::vector<Link> in = t.links_to(victim);
    ASSERT_EQ(in.size(), 1u);
    EXPECT_EQ(in[0].kind, LinkKind::Cancel);
    EXPECT_EQ(t.events()[in[0].from_event].kind, EventKind::CancelRequested);
    EXPECT_EQ(span_list(t, victim).back(),
              "cancelled@" + std::to_string(t.steps()[in[0].to_step].iteration));

    // No diagnostics but the sleeps under the lock (3 workers, one location).
    const std::vector<Diagnostic> ds = analyze_diagnostics(t);
    for (const Diagnostic& d : ds)
        EXPECT_TRUE(d.kind == DiagnosticKind::LockHeldAcrossSleep ||
                    d.kind == DiagnosticKind::LostNotify)
            << d.message;
    EXPECT_EQ(count_kind(ds, DiagnosticKind::LockHeldAcrossSleep), 3u);
}

} // namespace
