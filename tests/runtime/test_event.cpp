// asyncio.Event (3.11): ports of test_locks.EventTests with their asserted orders, plus
// observer reports.
#include "lock_test_support.h"

#include "runtime/event.h"

#include <string>
#include <vector>

using namespace condlab;
using namespace condlab::testing;

namespace {

class EventTest : public FrameLeakCheck {};

// [SECTION] test_wait: a task created before set() but started after it runs first

Coro<void> wait_and_record(Ref<Event> ev, int n, std::vector<int>& result) {
    bool ok = co_await ev->wait();
    if (ok)
        result.push_back(n);
}

Coro<void> wait_main(Loop& loop, std::vector<std::vector<int>>& seen) {
    Ref<Event> ev = make_ref<Event>(loop);
    EXPECT_FALSE(ev->is_set());
    std::vector<int> result;
    Task t1 = create_task(loop, wait_and_record(ev, 1, result));
    Task t2 = create_task(loop, wait_and_record(ev, 2, result));
    co_await tick();
    seen.push_back(result); // []

    Task t3 = create_task(loop, wait_and_record(ev, 3, result));
    ev->set();
    co_await tick();
    seen.push_back(result); // [3, 1, 2]

    for (const Task& t : {t1, t2, t3}) {
        EXPECT_TRUE(t->done());
        EXPECT_FALSE(t->result().has_value()); // None
    }
}

} // namespace

TEST_F(EventTest, Wait) {
    Loop loop;
    std::vector<std::vector<int>> seen;
    EXPECT_EQ(run_main(loop, wait_main(loop, seen)).kind, OutcomeKind::Complete);
    EXPECT_EQ(seen, (std::vector<std::vector<int>>{{}, {3, 1, 2}}));
}

// [SECTION] test_wait_on_set: no suspension when the flag is set

namespace {
Coro<void> other(std::vector<std::string>& order) {
    order.push_back("other");
    co_return;
}

Coro<void> wait_on_set(Loop& loop, std::vector<std::string>& order) {
    Ref<Event> ev = make_ref<Event>(loop);
    ev->set();
    bool res = co_await ev->wait();
    EXPECT_TRUE(res);
    // Conformance 09: the wait does not yield, so a new task has not run yet.
    Task t = create_task(loop, other(order));
    bool again = co_await ev->wait();
    EXPECT_TRUE(again);
    order.push_back("main");
    std::any r = co_await t;
}
} // namespace

TEST_F(EventTest, WaitOnSet) {
    Loop loop;
    std::vector<std::string> order;
    EXPECT_EQ(run_main(loop, wait_on_set(loop, order)).kind, OutcomeKind::Complete);
    EXPECT_EQ(order, (std::vector<std::string>{"main", "other"}));
}

// [SECTION] test_wait_cancel: a cancelled wait() is removed

namespace {
Coro<void> wait_cancel(Loop& loop, bool& checked) {
    Ref<Event> ev = make_ref<Event>(loop);
    Task wait = create_task(loop, ev->wait());
    loop.call_soon([wait] { wait->cancel(); });
    std::exception_ptr error;
    try {
        std::any r = co_await wait;
    } catch (...) {
        error = std::current_exception();
    }
    EXPECT_TRUE(error && is_cancelled_error(error));
    EXPECT_TRUE(wait->cancelled());
    EXPECT_TRUE(ev->waiters().empty());
    // Conformance 10: the event still works afterwards.
    ev->set();
    EXPECT_TRUE(ev->is_set());
    bool again = co_await ev->wait();
    EXPECT_TRUE(again);
    checked = true;
}
} // namespace

TEST_F(EventTest, WaitCancel) {
    Loop loop;
    bool checked = false;
    EXPECT_EQ(run_main(loop, wait_cancel(loop, checked)).kind, OutcomeKind::Complete);
    EXPECT_TRUE(checked);
}

// [SECTION] test_clear / test_clear_with_waiters

TEST_F(EventTest, Clear) {
    Loop loop;
    Ref<Event> ev = make_ref<Event>(loop);
    EXPECT_FALSE(ev->is_set());
    ev->set();
    EXPECT_TRUE(ev->is_set());
    ev->clear();
    EXPECT_FALSE(ev->is_set());
    ev->clear();
    EXPECT_FALSE(ev->is_set());
}

namespace {
Coro<bool> wait_record_true(Ref<Event> ev, std::vector<int>& result) {
    bool ok = co_await ev->wait();
    if (ok)
        result.push_back(1);
    co_return true;
}

Coro<void> clear_with_waiters(Loop& loop, std::vector<std::vector<int>>& seen) {
    Ref<Event> ev = make_ref<Event>(loop);
    std::vector<int> result;
    Task t = create_task(loop, wait_record_true(ev, result));
    co_await tick();
    seen.push_back(result); // []

    ev->set();
    ev->clear();
    EXPECT_FALSE(ev->is_set());

    ev->set();
    ev->set();
    EXPECT_EQ(ev->waiters().size(), 1u);

    co_await tick();
    seen.push_back(result); // [1]
    EXPECT_EQ(ev->waiters().size(), 0u);

    EXPECT_TRUE(t->done());
    EXPECT_TRUE(t->result_as<bool>());
}
} // namespace

TEST_F(EventTest, ClearWithWaiters) {
    Loop loop;
    std::vector<std::vector<int>> seen;
    EXPECT_EQ(run_main(loop, clear_with_waiters(loop, seen)).kind, OutcomeKind::Complete);
    EXPECT_EQ(seen, (std::vector<std::vector<int>>{{}, {1}}));
}

// [SECTION] Observer reports and the inspector accessor

namespace {
struct EventIds {
    ObjectId ev = kNoObject;
    TaskId main = kNoTask, w1 = kNoTask, w2 = kNoTask;
    std::vector<TaskId> waiters;
};

Coro<void> observed_event(Loop& loop, EventIds& ids) {
    Ref<Event> ev = make_ref<Event>(loop);
    ids.ev = ev->id();
    ids.main = current_id(loop);
    Task w1 = create_task(loop, ev->wait());
    Task w2 = create_task(loop, ev->wait());
    ids.w1 = w1->id();
    ids.w2 = w2->id();
    co_await tick();
    ids.waiters = ev->waiter_owners();
    ev->set();
    ev->set(); // already set: nothing woken
    ev->clear();
    std::any r1 = co_await w1;
    std::any r2 = co_await w2;
}
} // namespace

TEST_F(EventTest, ReportsWaitSetClear) {
    Loop loop;
    PrimitiveRecorder rec;
    loop.set_observer(&rec);
    EventIds ids;
    EXPECT_EQ(run_main(loop, observed_event(loop, ids)).kind, OutcomeKind::Complete);
    EXPECT_EQ(ids.waiters, (std::vector{ids.w1, ids.w2}));
    using Op = PrimitiveOp;
    const ObjectId e = ids.ev;
    EXPECT_EQ(rec.reports, (std::vector<PrimitiveReport>{
                               {Op::EventWait, e, ids.w1, {}, 0},
                               {Op::EventWait, e, ids.w2, {}, 0},
                               {Op::EventSet, e, ids.main, {ids.w1, ids.w2}, 1},
                               {Op::EventSet, e, ids.main, {}, 0},
                               {Op::EventClear, e, ids.main, {}, 0},
                           }));
    int on_event = 0;
    for (const auto& s : rec.suspensions)
        if (s.wait.kind == WaitKind::Event && s.wait.object == e)
            ++on_event;
    EXPECT_EQ(on_event, 2);
}

// [SECTION] The wait coroutine keeps its event alive (Python's bound method does too)

namespace {
Coro<void> temporary_event(Loop& loop, bool& cancelled) {
    Task t = create_task(loop, make_ref<Event>(loop)->wait());
    co_await tick();
    t->cancel();
    try {
        std::any r = co_await t;
    } catch (const CancelledError&) {
        cancelled = true;
    }
}
} // namespace

TEST_F(EventTest, WaitKeepsAnOtherwiseUnreferencedEventAlive) {
    Loop loop;
    bool cancelled = false;
    EXPECT_EQ(run_main(loop, temporary_event(loop, cancelled)).kind, OutcomeKind::Complete);
    EXPECT_TRUE(cancelled);
}
