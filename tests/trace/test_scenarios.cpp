// Native scenarios recorded end to end: golden span lists, outcomes and diagnostics.
//
// [SECTION] Lost wake-up
// [SECTION] notify_all herd (wasted wake-ups)
// [SECTION] Wrong waiter (one condition, producers and consumers, notify())
// [SECTION] Waiting / notifying without the lock
// [SECTION] Lock held across a sleep
// [SECTION] Budget exceeded
// [SECTION] Lock-order deadlock, leftover tasks cancelled by asyncio.run
// [SECTION] A long trace's analysis (two threads)
#include "trace_test_support.h"

#include "runtime/condition.h"
#include "runtime/lock.h"
#include "runtime/sleep.h"

#include <deque>

using namespace condlab;
using namespace condlab::testing;

namespace {

class TraceScenario : public ::testing::Test {
  protected:
    void SetUp() override { m_frames = live_coroutine_frames(); }
    void TearDown() override { EXPECT_EQ(live_coroutine_frames(), m_frames) << "leaked frames"; }

  private:
    long m_frames = 0;
};

// ---------------------------------------------------------------------------
// [SECTION] Lost wake-up
// ---------------------------------------------------------------------------
// The producer notifies at t=0.5; the consumer only starts waiting at t=1.5, with no
// predicate: the notification is lost and the consumer waits forever.

std::uint32_t g_lost_wait_line = 0;

Coro<void> lost_producer(Loop& loop, Ref<Condition> cond) {
    std::any slept = co_await sleep(loop, 0.5);
    bool locked = co_await cond->acquire();
    (void)locked;
    cond->notify();
    cond->release();
}

Coro<void> lost_consumer(Loop& loop, Ref<Condition> cond) {
    std::any slept = co_await sleep(loop, 1.5);
    bool locked = co_await cond->acquire();
    (void)locked;
    SourceLoc w = here();
    g_lost_wait_line = w.line;
    bool woke = co_await cond->wait(w);
    (void)woke;
    cond->release();
}

Coro<void> lost_main(Loop& loop) {
    Ref<Condition> cond = make_ref<Condition>(loop);
    loop.set_label(cond->id(), "cond");
    loop.set_label(cond->lock()->id(), "lock");
    Task producer = create_task(loop, lost_producer(loop, cond), "producer");
    Task consumer = create_task(loop, lost_consumer(loop, cond), "consumer");
    std::any a = co_await producer;
    std::any b = co_await consumer;
}

TEST_F(TraceScenario, LostWakeup) {
    Loop loop;
    Recorded r = record_run(loop, lost_main(loop));
    ASSERT_EQ(r.outcome.kind, OutcomeKind::Deadlock);
    const Trace& t = *r.trace;
    check_invariants(t);

    const TaskId producer = task_named(t, "producer");
    const TaskId consumer = task_named(t, "consumer");
    EXPECT_EQ(span_list(t, producer),
              (std::vector<std::string>{"not_started@0", "ready@1", "running@2", "sleeping@2",
                                        "ready@3", "running@4", "done@4"}));
    EXPECT_EQ(span_list(t, consumer),
              (std::vector<std::string>{"not_started@0", "ready@1", "running@2", "sleeping@2",
                                        "ready@6", "running@7", "waiting_on_condition(cond)@7"}));

    const OutcomeReport o = analyze_outcome(t);
    EXPECT_EQ(o.kind, OutcomeReport::Kind::Deadlock);
    ASSERT_FALSE(o.blocked.empty());
    const std::string expected = "consumer waits on cond since t=1.5 (line " +
                                 std::to_string(g_lost_wait_line) +
                                 "); nothing can wake it: the only notify happened at t=0.5, "
                                 "before it began waiting.";
    bool found = false;
    for (const OutcomeReport::Blocked& b : o.blocked)
        if (b.task == consumer) {
            EXPECT_EQ(b.explanation, expected);
            EXPECT_EQ(b.status, TaskStatus::WaitingOnCondition);
            found = true;
        }
    EXPECT_TRUE(found);
    EXPECT_NE(o.summary.find(expected), std::string::npos) << o.summary;

    const std::vector<Diagnostic> ds = analyze_diagnostics(t);
    ASSERT_EQ(count_kind(ds, DiagnosticKind::LostNotify), 1u);
    const Diagnostic& lost = ds.front();
    EXPECT_EQ(lost.kind, DiagnosticKind::LostNotify);
    EXPECT_EQ(lost.task, producer);
    EXPECT_EQ(t.steps()[lost.step].time, 0.5);
    EXPECT_NE(lost.related_step, kNoStep);
    EXPECT_EQ(t.steps()[lost.related_step].time, 1.5);
    EXPECT_EQ(lost.message,
              "producer called notify() on cond at t=0.5 but no task was waiting; consumer "
              "began waiting later, at t=1.5 (line " +
                  std::to_string(g_lost_wait_line) +
                  "), without checking the state first, and no notify woke it: the "
                  "notification is lost (a condition does not remember notifications).");
    // Both the consumer and main never finished.
    EXPECT_EQ(count_kind(ds, DiagnosticKind::NeverFinished), 2u);
}

// ---------------------------------------------------------------------------
// [SECTION] notify_all herd (wasted wake-ups)
// ---------------------------------------------------------------------------
// N consumers wait in `while not items: await cond.wait()`. One item + notify_all():
// all N wake, one takes the item, N-1 wait again (wasted). Then N-1 items + notify_all().

using Items = std::shared_ptr<std::deque<int>>;
std::uint32_t g_herd_wait_line = 0;

Coro<void> herd_consumer(Ref<Condition> cond, Items items) {
    bool locked = co_await cond->acquire();
    (void)locked;
    { // while (items->empty()) wait(): a predicate loop, as wait_for
        SourceLoc w = here();
        g_herd_wait_line = w.line;
        auto ready = [&] { return !(items->empty()); };
        bool woke = co_await cond->wait_for(ready, w);
        (void)woke;
    }
    items->pop_front();
    cond->release();
}

Coro<void> herd_producer(Loop& loop, Ref<Condition> cond, Items items, int n) {
    std::any slept = co_await sleep(loop, 1.0);
    bool locked = co_await cond->acquire();
    items->push_back(0);
    cond->notify_all();
    cond->release();
    slept = co_await sleep(loop, 1.0);
    locked = co_await cond->acquire();
    (void)locked;
    for (int i = 1; i < n; ++i)
        items->push_back(i);
    cond->notify_all();
    cond->release();
}

Coro<void> herd_main(Loop& loop, int n) {
    Ref<Condition> cond = make_ref<Condition>(loop);
    loop.set_label(cond->id(), "cond");
    loop.set_label(cond->lock()->id(), "lock");
    Items items = std::make_shared<std::deque<int>>();
    std::vector<Task> tasks;
    for (int i = 1; i <= n; ++i)
        tasks.push_back(
            create_task(loop, herd_consumer(cond, items), "consumer" + std::to_string(i)));
    tasks.push_back(create_task(loop, herd_producer(loop, cond, items, n), "producer"));
    for (Task& t : tasks) {
        std::any r = co_await t;
        (void)r;
    }
}

TEST_F(TraceScenario, NotifyAllHerdWastesWakeups) {
    constexpr int kN = 4;
    Loop loop;
    Recorded r = record_run(loop, herd_main(loop, kN));
    ASSERT_EQ(r.outcome.kind, OutcomeKind::Complete);
    const Trace& t = *r.trace;
    check_invariants(t);

    EXPECT_EQ(span_list(t, task_named(t, "consumer1")),
              (std::vector<std::string>{"not_started@0", "ready@1", "running@2",
                                        "waiting_on_condition(cond)@2", "ready@4", "running@5",
                                        "done@5"}));
    // consumer2: woken by the first notify_all, queues for the lock, gets it, waits again.
    EXPECT_EQ(span_list(t, task_named(t, "consumer2")),
              (std::vector<std::string>{"not_started@0", "ready@1", "running@2",
                                        "waiting_on_condition(cond)@2", "ready@4", "running@5",
                                        "waiting_on_condition(cond)@5", "ready@8", "running@9",
                                        "done@9"}));

    const std::vector<Diagnostic> ds = analyze_diagnostics(t);
    EXPECT_EQ(count_kind(ds, DiagnosticKind::WastedWakeup), static_cast<std::size_t>(kN - 1));
    EXPECT_EQ(count_kind(ds, DiagnosticKind::LostNotify), 0u);
    EXPECT_EQ(count_kind(ds, DiagnosticKind::NeverFinished), 0u);
    for (const Diagnostic& d : ds) {
        if (d.kind != DiagnosticKind::WastedWakeup)
            continue;
        EXPECT_EQ(t.steps()[d.related_step].time, 1.0); // the first notify_all
        EXPECT_EQ(t.steps()[d.step].time, 1.0);
        EXPECT_EQ(d.object, object_named(t, "cond"));
    }
    const Diagnostic* first = nullptr;
    for (const Diagnostic& d : ds)
        if (d.kind == DiagnosticKind::WastedWakeup) {
            first = &d;
            break;
        }
    ASSERT_NE(first, nullptr);
    EXPECT_EQ(first->message, "consumer2 was woken by notify_all() on cond at t=1 (from producer), "
                              "found its wait_for() predicate still false and waited again at t=1 "
                              "(line " +
                                  std::to_string(g_herd_wait_line) + "): a wasted wake-up.");

    const Metrics m = analyze_metrics(t);
    EXPECT_EQ(m.wasted_wakeups, static_cast<std::uint64_t>(kN - 1));
    EXPECT_EQ(m.wakeups, static_cast<std::uint64_t>(kN + kN - 1));
    EXPECT_EQ(m.lost_notifies, 0u);
    EXPECT_EQ(m.max_condition_waiters, static_cast<std::uint64_t>(kN));
    EXPECT_EQ(m.finish_time, 2.0);
    EXPECT_EQ(metric_value(m, "wasted_wakeups"), kN - 1.0);
    EXPECT_EQ(metric_value(m, "object_max_waiters:cond"), kN);
    EXPECT_EQ(m.lock_acquisitions, m.lock_acquisitions_contended + m.lock_acquisitions_uncontended);
    // The woken consumers run one after another after the producer released: no contention.
    EXPECT_EQ(m.lock_acquisitions_contended, 0u);
    // Each consumer: first acquire + one re-acquire per wake-up; the producer twice.
    EXPECT_EQ(m.lock_acquisitions, static_cast<std::uint64_t>(kN + kN + (kN - 1) + 2));
    EXPECT_EQ(metric_value(m, "task_blocked_time:consumer1"), 1.0);
    EXPECT_EQ(metric_value(m, "task_blocked_time:consumer4"), 2.0);
    // named_metrics(): the names of metric_names() with the values metric_value() gives.
    const std::vector<std::string> names = metric_names(m);
    const std::vector<NamedMetric> named = named_metrics(m);
    ASSERT_EQ(named.size(), names.size());
    EXPECT_GT(names.size(), metric_names().size() + 2 * kN); // per-task and per-object ones too
    for (std::size_t i = 0; i < names.size(); ++i) {
        EXPECT_EQ(named[i].name, names[i]);
        EXPECT_EQ(named[i].value, metric_value(m, names[i])) << names[i];
    }
}

// ---------------------------------------------------------------------------
// [SECTION] Wrong waiter (one condition, producers and consumers, notify())
// ---------------------------------------------------------------------------
// A one-slot buffer shared by 2 producers and 2 consumers through ONE condition. notify()
// wakes the longest waiter, which may be of the wrong kind: everyone ends up waiting.

struct Buffer {
    std::deque<int> items;
    std::size_t capacity = 1;
};
using BufferRef = std::shared_ptr<Buffer>;

Coro<void> ww_producer(Ref<Condition> cond, BufferRef buf, int count) {
    for (int i = 0; i < count; ++i) {
        bool locked = co_await cond->acquire();
        (void)locked;
        { // while (buf->items.size() >= buf->capacity) wait(): a predicate loop, as wait_for
            SourceLoc w = here();
            auto ready = [&] { return !(buf->items.size() >= buf->capacity); };
            bool woke = co_await cond->wait_for(ready, w);
            (void)woke;
        }
        buf->items.push_back(i);
        cond->notify();
        cond->release();
    }
}

Coro<void> ww_consumer(Ref<Condition> cond, BufferRef buf, int count) {
    for (int i = 0; i < count; ++i) {
        bool locked = co_await cond->acquire();
        (void)locked;
        { // while (buf->items.empty()) wait(): a predicate loop, as wait_for
            SourceLoc w = here();
            auto ready = [&] { return !(buf->items.empty()); };
            bool woke = co_await cond->wait_for(ready, w);
            (void)woke;
        }
        buf->items.pop_front();
        cond->notify();
        cond->release();
    }
}

Coro<void> ww_main(Loop& loop, int count) {
    Ref<Condition> cond = make_ref<Condition>(loop);
    loop.set_label(cond->id(), "cond");
    loop.set_label(cond->lock()->id(), "lock");
    BufferRef buf = std::make_shared<Buffer>();
    std::vector<Task> tasks;
    tasks.push_back(create_task(loop, ww_consumer(cond, buf, count), "consumer1"));
    tasks.push_back(create_task(loop, ww_consumer(cond, buf, count), "consumer2"));
    tasks.push_back(create_task(loop, ww_producer(cond, buf, count), "producer1"));
    tasks.push_back(create_task(loop, ww_producer(cond, buf, count), "producer2"));
    for (Task& t : tasks) {
        std::any r = co_await t;
        (void)r;
    }
}

TEST_F(TraceScenario, WrongWaiterDeadlocks) {
    Loop loop;
    Recorded r = record_run(loop, ww_main(loop, 4));
    const Trace& t = *r.trace;
    check_invariants(t);
    ASSERT_EQ(r.outcome.kind, OutcomeKind::Deadlock);
    const TaskId consumer2 = task_named(t, "consumer2");
    // consumer1 takes the item and notify() wakes consumer2 (the longest waiter) instead of
    // a producer; consumer2 finds the buffer empty and waits again: everyone waits.
    EXPECT_EQ(span_list(t, consumer2),
              (std::vector<std::string>{"not_started@0", "ready@1", "running@2",
                                        "waiting_on_condition(cond)@2", "ready@3", "running@4",
                                        "waiting_on_condition(cond)@4"}));
    EXPECT_EQ(span_list(t, task_named(t, "producer1")),
              (std::vector<std::string>{"not_started@0", "ready@1", "running@2",
                                        "waiting_on_condition(cond)@2"}));

    const OutcomeReport o = analyze_outcome(t);
    ASSERT_EQ(o.kind, OutcomeReport::Kind::Deadlock);
    ASSERT_EQ(o.blocked.size(), 5u); // 4 workers + main
    EXPECT_EQ(o.blocked.back().status, TaskStatus::WaitingOnTask);
    const OutcomeReport::Blocked* p1 = nullptr;
    for (const OutcomeReport::Blocked& b : o.blocked)
        if (b.task == task_named(t, "producer1"))
            p1 = &b;
    ASSERT_NE(p1, nullptr);
    EXPECT_NE(p1->explanation.find("producer1 waits on cond since t=0 (line "), std::string::npos);
    EXPECT_NE(p1->explanation.find("nothing can wake it: the last notify at t=0 woke consumer2 "
                                   "(called by consumer1), which went back to waiting, and "
                                   "nothing notifies cond after that."),
              std::string::npos)
        << p1->explanation;
    EXPECT_NE(p1->related_step, kNoStep);

    const std::vector<Diagnostic> ds = analyze_diagnostics(t);
    EXPECT_EQ(
        diagnostic_kinds(ds),
        (std::vector<DiagnosticKind>{DiagnosticKind::NeverFinished, DiagnosticKind::NeverFinished,
                                     DiagnosticKind::NeverFinished, DiagnosticKind::NeverFinished,
                                     DiagnosticKind::WastedWakeup, DiagnosticKind::NeverFinished}));
    EXPECT_EQ(ds[4].task, consumer2);
    EXPECT_EQ(ds[4].related_step, p1->related_step); // the wrong notify
}

// ---------------------------------------------------------------------------
// [SECTION] Waiting / notifying without the lock
// ---------------------------------------------------------------------------

Coro<void> wait_unlocked(Ref<Condition> cond) {
    bool woke = co_await cond->wait(here());
    (void)woke;
}

Coro<void> notify_unlocked(Ref<Condition> cond) {
    cond->notify();
    co_return;
}

Coro<void> without_lock_main(Loop& loop, bool wait) {
    Ref<Condition> cond = make_ref<Condition>(loop);
    loop.set_label(cond->id(), "cond");
    Task worker = wait ? create_task(loop, wait_unlocked(cond), "worker")
                       : create_task(loop, notify_unlocked(cond), "worker");
    std::any r = co_await worker;
    (void)r;
}

TEST_F(TraceScenario, WaitWithoutTheLock) {
    Loop loop;
    Recorded r = record_run(loop, without_lock_main(loop, true));
    ASSERT_EQ(r.outcome.kind, OutcomeKind::Exception);
    const Trace& t = *r.trace;
    check_invariants(t);
    const TaskId worker = task_named(t, "worker");
    EXPECT_EQ(span_list(t, worker),
              (std::vector<std::string>{"not_started@0", "ready@1", "running@2", "failed@2"}));

    const OutcomeReport o = analyze_outcome(t);
    EXPECT_EQ(o.kind, OutcomeReport::Kind::Exception);
    EXPECT_EQ(o.task, worker);
    EXPECT_EQ(o.error_type, "RuntimeError");
    EXPECT_EQ(o.error_message, "cannot wait on un-acquired lock");
    EXPECT_EQ(o.summary, "worker raised RuntimeError: cannot wait on un-acquired lock at t=0.");

    const std::vector<Diagnostic> ds = analyze_diagnostics(t);
    ASSERT_EQ(diagnostic_kinds(ds), (std::vector<DiagnosticKind>{DiagnosticKind::WaitWithoutLock}));
    EXPECT_EQ(ds[0].task, worker);
    EXPECT_EQ(t.steps()[ds[0].step].task, worker);
    EXPECT_EQ(ds[0].message, "worker called wait() on a condition without holding its lock: "
                             "RuntimeError('cannot wait on un-acquired lock'). Use `async with "
                             "cond:` around wait() and notify().");
}

TEST_F(TraceScenario, NotifyWithoutTheLock) {
    Loop loop;
    Recorded r = record_run(loop, without_lock_main(loop, false));
    ASSERT_EQ(r.outcome.kind, OutcomeKind::Exception);
    const Trace& t = *r.trace;
    check_invariants(t);
    const std::vector<Diagnostic> ds = analyze_diagnostics(t);
    ASSERT_EQ(diagnostic_kinds(ds),
              (std::vector<DiagnosticKind>{DiagnosticKind::NotifyWithoutLock}));
    EXPECT_EQ(ds[0].task, task_named(t, "worker"));
}

// ---------------------------------------------------------------------------
// [SECTION] Lock held across a sleep
// ---------------------------------------------------------------------------

std::uint32_t g_sleep_line = 0;

Coro<void> sleepy_holder(Loop& loop, Ref<Lock> lock) {
    bool locked = co_await lock->acquire();
    (void)locked;
    SourceLoc w = here();
    g_sleep_line = w.line;
    std::any slept = co_await sleep(loop, 0.5, {}, w);
    lock->release();
}

Coro<void> lock_waiter(Loop& loop, Ref<Lock> lock) {
    std::any slept = co_await sleep(loop, 0.1);
    bool locked = co_await lock->acquire(here());
    (void)locked;
    lock->release();
}

Coro<void> sleepy_main(Loop& loop) {
    Ref<Lock> lock = make_ref<Lock>(loop);
    loop.set_label(lock->id(), "lock");
    Task holder = create_task(loop, sleepy_holder(loop, lock), "holder");
    Task waiter = create_task(loop, lock_waiter(loop, lock), "waiter");
    std::any a = co_await holder;
    std::any b = co_await waiter;
}

TEST_F(TraceScenario, LockHeldAcrossSleep) {
    Loop loop;
    Recorded r = record_run(loop, sleepy_main(loop));
    ASSERT_EQ(r.outcome.kind, OutcomeKind::Complete);
    const Trace& t = *r.trace;
    check_invariants(t);
    const TaskId holder = task_named(t, "holder");
    const TaskId waiter = task_named(t, "waiter");
    const ObjectId lock = object_named(t, "lock");
    EXPECT_EQ(span_list(t, waiter),
              (std::vector<std::string>{"not_started@0", "ready@1", "running@2", "sleeping@2",
                                        "ready@3", "running@4", "blocked_on_lock(lock)@4",
                                        "ready@6", "running@7", "done@7"}));

    const std::vector<Diagnostic> ds = analyze_diagnostics(t);
    ASSERT_EQ(diagnostic_kinds(ds),
              (std::vector<DiagnosticKind>{DiagnosticKind::LockHeldAcrossSleep}));
    EXPECT_EQ(ds[0].task, holder);
    EXPECT_EQ(ds[0].object, lock);
    EXPECT_EQ(ds[0].message, "holder sleeps for 0.5 s (line " + std::to_string(g_sleep_line) +
                                 ") while it holds lock (acquired at t=0); waiter waited 0.4 s "
                                 "for lock meanwhile (from t=0.1).");
    EXPECT_FALSE(ds[0].note); // a problem: another task waited for the lock

    // The lock's state while the waiter queues: held by holder, waiter queued.
    const StepId queued = t.step_at_time(0.1) + 1; // the waiter's step after its sleep
    ASSERT_LT(queued, t.step_count());
    ASSERT_EQ(t.steps()[queued].task, waiter);
    ObjectState st = t.object_state_at(lock, queued);
    EXPECT_TRUE(st.locked);
    EXPECT_EQ(st.holder, holder);
    EXPECT_EQ(std::vector<TaskId>(st.waiters.begin(), st.waiters.end()),
              (std::vector<TaskId>{waiter}));
    st = t.object_state_before(lock, queued);
    EXPECT_TRUE(st.waiters.empty());

    // release -> the waiter's grant: a Lock link whose to_event is the LockGranted event.
    const std::vector<Link> in = t.links_to(waiter);
    ASSERT_EQ(in.size(), 2u);
    EXPECT_EQ(in[0].kind, LinkKind::Timer);
    EXPECT_EQ(t.events()[in[0].from_event].kind, EventKind::TimerFired);
    EXPECT_EQ(in[1].kind, LinkKind::Lock);
    EXPECT_EQ(t.events()[in[1].from_event].op, PrimitiveOp::LockRelease);
    EXPECT_EQ(t.events()[in[1].from_event].task, holder);
    ASSERT_NE(in[1].to_event, kNoEvent);
    EXPECT_EQ(t.events()[in[1].to_event].op, PrimitiveOp::LockGranted);
    ASSERT_NE(t.link_into(in[1].to_step), nullptr);
    EXPECT_EQ(t.link_into(in[1].to_step)->kind, LinkKind::Lock);
    EXPECT_EQ(t.link_into(in[1].to_step)->task, waiter);

    // Task done -> its awaiter's resume (main awaits holder then waiter).
    const std::vector<Link> main_in = t.links_to(t.run().main_task);
    ASSERT_FALSE(main_in.empty());
    EXPECT_EQ(main_in[0].kind, LinkKind::TaskDone);
    EXPECT_EQ(t.events()[main_in[0].from_event].task, holder);

    const Metrics m = analyze_metrics(t);
    EXPECT_EQ(m.lock_acquisitions_contended, 1u);
    EXPECT_EQ(m.lock_acquisitions_uncontended, 1u);
    EXPECT_DOUBLE_EQ(metric_value(m, "task_blocked_time:waiter"), 0.4);
    EXPECT_DOUBLE_EQ(metric_value(m, "object_blocked_time:lock"), 0.4);
}

// ---------------------------------------------------------------------------
// [SECTION] Budget exceeded
// ---------------------------------------------------------------------------

Coro<void> spinner(Loop& loop) {
    while (true) {
        std::any r = co_await sleep(loop, 0.0, {}, here());
        (void)r;
    }
}

Coro<void> spin_main(Loop& loop) {
    Task spin = create_task(loop, spinner(loop), "spinner");
    std::any r = co_await spin;
    (void)r;
}

TEST_F(TraceScenario, BudgetExceededNamesTheTask) {
    Loop loop;
    Budget budget;
    budget.max_iterations = 20;
    Recorded r = record_run(loop, spin_main(loop), budget);
    ASSERT_EQ(r.outcome.kind, OutcomeKind::Budget);
    const Trace& t = *r.trace;
    check_invariants(t);
    const OutcomeReport o = analyze_outcome(t);
    EXPECT_EQ(o.kind, OutcomeReport::Kind::Budget);
    EXPECT_EQ(o.budget, BudgetKind::Iterations);
    EXPECT_EQ(o.task, task_named(t, "spinner"));
    EXPECT_EQ(o.summary, "Stopped: the iterations budget ran out at t=0 after 20 iterations; "
                         "spinner was the last to run.");
    EXPECT_EQ(t.iterations(), 20u);
}

// ---------------------------------------------------------------------------
// [SECTION] Lock-order deadlock, leftover tasks cancelled by asyncio.run
// ---------------------------------------------------------------------------

std::uint32_t g_ab_line = 0;

Coro<void> lock_pair(Loop& loop, Ref<Lock> first, Ref<Lock> second) {
    bool locked = co_await first->acquire();
    std::any slept = co_await sleep(loop, 0.1);
    SourceLoc w = here();
    g_ab_line = w.line;
    locked = co_await second->acquire(w);
    (void)locked;
    second->release();
    first->release();
}

Coro<void> lock_order_main(Loop& loop) {
    Ref<Lock> a = make_ref<Lock>(loop);
    Ref<Lock> b = make_ref<Lock>(loop);
    loop.set_label(a->id(), "a");
    loop.set_label(b->id(), "b");
    Task t1 = create_task(loop, lock_pair(loop, a, b), "t1");
    Task t2 = create_task(loop, lock_pair(loop, b, a), "t2");
    std::any r1 = co_await t1;
    std::any r2 = co_await t2;
}

TEST_F(TraceScenario, LockOrderDeadlockNamesTheHolder) {
    Loop loop;
    Recorded r = record_run(loop, lock_order_main(loop));
    ASSERT_EQ(r.outcome.kind, OutcomeKind::Deadlock);
    const Trace& t = *r.trace;
    check_invariants(t);
    const OutcomeReport o = analyze_outcome(t);
    ASSERT_EQ(o.blocked.size(), 3u);
    const std::string line = std::to_string(g_ab_line);
    EXPECT_EQ(o.blocked[0].explanation,
              cat("t1 waits for b since t=0.1 (line ", line, "); b is held by t2, which is ",
                  "waiting for a since t=0.1 (line ", line, ")."));
    EXPECT_EQ(o.blocked[1].explanation,
              cat("t2 waits for a since t=0.1 (line ", line, "); a is held by t1, which is ",
                  "waiting for b since t=0.1 (line ", line, ")."));
    EXPECT_EQ(o.blocked[2].explanation,
              "Task-1 waits for another task since t=0, which never finishes.");
    const std::vector<Diagnostic> ds = analyze_diagnostics(t);
    EXPECT_EQ(count_kind(ds, DiagnosticKind::LockHeldAcrossSleep), 2u);
    EXPECT_EQ(count_kind(ds, DiagnosticKind::NeverFinished), 3u);
    const Metrics m = analyze_metrics(t);
    EXPECT_EQ(m.lock_acquisitions_uncontended, 2u);
    EXPECT_EQ(m.lock_acquisitions_contended, 0u);
    EXPECT_DOUBLE_EQ(metric_value(m, "object_blocked_time:a"), 0.0); // ends at the deadlock
}

Coro<void> background(Loop& loop) { std::any slept = co_await sleep(loop, 10.0, {}, here()); }

Coro<void> leaves_work_behind(Loop& loop) {
    Task bg = create_task(loop, background(loop), "background");
    std::any slept = co_await sleep(loop, 1.0);
}

TEST_F(TraceScenario, LeftoverTaskIsCancelledByRun) {
    Loop loop;
    Recorded r = record_run(loop, leaves_work_behind(loop));
    ASSERT_EQ(r.outcome.kind, OutcomeKind::Complete);
    const Trace& t = *r.trace;
    check_invariants(t);
    const TaskId bg = task_named(t, "background");
    EXPECT_EQ(span_list(t, bg),
              (std::vector<std::string>{"not_started@0", "ready@1", "running@2", "sleeping@2",
                                        "ready@5", "running@6", "cancelled@6"}));
    // The cancel request comes from the loop itself (asyncio.run), in a loop step.
    const std::vector<Link> in = t.links_to(bg);
    ASSERT_EQ(in.size(), 1u);
    EXPECT_EQ(in[0].kind, LinkKind::Cancel);
    const TraceEvent& req = t.events()[in[0].from_event];
    EXPECT_EQ(req.kind, EventKind::CancelRequested);
    EXPECT_EQ(req.value, 0);
    EXPECT_EQ(t.steps()[req.step].kind, StepKind::Loop);
    // Iterations include asyncio.run's shutdown (cancelling the leftover task).
    EXPECT_EQ(analyze_outcome(t).summary, "Completed at t=1 after 6 iterations.");
    EXPECT_TRUE(analyze_diagnostics(t).empty());
}

// ---------------------------------------------------------------------------
// [SECTION] A long trace's analysis (two threads)
// ---------------------------------------------------------------------------
// analyze() scans a trace of 100 000 events or more on two threads (the event scan on one,
// the rest on the other). Its diagnostics and metrics must equal the one-thread functions',
// including diagnostics from both halves: wasted wake-ups (events) and a lock held across
// a sleep (spans).

Coro<void> herd_and_sleepy_main(Loop& loop, int consumers) {
    Ref<Lock> lock = make_ref<Lock>(loop);
    loop.set_label(lock->id(), "lock");
    Task holder = create_task(loop, sleepy_holder(loop, lock), "holder");
    Task waiter = create_task(loop, lock_waiter(loop, lock), "waiter");
    co_await herd_main(loop, consumers);
    std::any a = co_await holder;
    std::any b = co_await waiter;
}

TEST_F(TraceScenario, LongTraceAnalysisOnTwoThreadsEqualsOneThread) {
    constexpr int kConsumers = 12'000;
    Loop loop;
    Recorded r = record_run(loop, herd_and_sleepy_main(loop, kConsumers));
    ASSERT_EQ(r.outcome.kind, OutcomeKind::Complete);
    const Trace& t = *r.trace;
    ASSERT_GE(t.events().size(), 100'000u); // long enough for the two-thread path

    const Analysis a = analyze(t);
    const std::vector<Diagnostic> one = analyze_diagnostics(t);
    EXPECT_EQ(count_kind(one, DiagnosticKind::WastedWakeup),
              static_cast<std::size_t>(kConsumers - 1));
    EXPECT_EQ(count_kind(one, DiagnosticKind::LockHeldAcrossSleep), 1u);
    ASSERT_EQ(a.diagnostics.size(), one.size());
    for (std::size_t i = 0; i < one.size(); ++i) {
        EXPECT_EQ(a.diagnostics[i].kind, one[i].kind) << i;
        EXPECT_EQ(a.diagnostics[i].step, one[i].step) << i;
        EXPECT_EQ(a.diagnostics[i].task, one[i].task) << i;
        EXPECT_EQ(a.diagnostics[i].message, one[i].message) << i;
    }
    const std::vector<NamedMetric> two_threads = named_metrics(a.metrics);
    const std::vector<NamedMetric> one_thread = named_metrics(analyze_metrics(t));
    ASSERT_EQ(two_threads.size(), one_thread.size());
    for (std::size_t i = 0; i < one_thread.size(); ++i) {
        EXPECT_EQ(two_threads[i].name, one_thread[i].name);
        EXPECT_EQ(two_threads[i].value, one_thread[i].value) << one_thread[i].name;
    }
    EXPECT_EQ(a.metrics.wasted_wakeups, static_cast<std::uint64_t>(kConsumers - 1));
}

} // namespace
