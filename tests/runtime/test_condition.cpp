// asyncio.Condition (3.11): ports of test_locks.ConditionTests with their asserted orders,
// plus the lost notify, a golden notify(2) order, gh-112202, two conditions on one lock
// and the observer reports.
//
// [SECTION] test_wait
// [SECTION] test_wait_cancel / wait_cancel_contested / wait_cancel_after_notify
// [SECTION] test_wait_unacquired / notify_unacquired
// [SECTION] test_wait_for / wait_for_unacquired
// [SECTION] test_notify / test_notify_all
// [SECTION] test_context_manager / test_explicit_lock / shared lock
// [SECTION] test_timeout_in_block
// [SECTION] Lost notify, notify(2) golden order, gh-112202
// [SECTION] Observer reports
#include "lock_test_support.h"

#include "runtime/condition.h"
#include "runtime/wait_for.h"

#include <string>
#include <vector>

using namespace condlab;
using namespace condlab::testing;

namespace {

class ConditionTest : public FrameLeakCheck {};

bool is_cancelled(const std::exception_ptr& e) { return e && is_cancelled_error(e); }

using Snapshot = std::pair<std::vector<int>, bool>; // (result, cond.locked())

// [SECTION] test_wait

Coro<bool> acquire_wait_record(Ref<Condition> cond, int n, std::vector<int>& result) {
    bool acquired = co_await cond->acquire();
    EXPECT_TRUE(acquired);
    bool woke = co_await cond->wait();
    if (woke)
        result.push_back(n);
    co_return true;
}

Coro<void> wait_main(Loop& loop, std::vector<Snapshot>& seen) {
    Ref<Condition> cond = make_ref<Condition>(loop);
    std::vector<int> result;
    Task t1 = create_task(loop, acquire_wait_record(cond, 1, result));
    Task t2 = create_task(loop, acquire_wait_record(cond, 2, result));
    Task t3 = create_task(loop, acquire_wait_record(cond, 3, result));

    co_await tick();
    seen.emplace_back(result, cond->locked()); // [] False

    bool acquired = co_await cond->acquire();
    EXPECT_TRUE(acquired);
    cond->notify();
    co_await tick();
    seen.emplace_back(result, cond->locked()); // [] True

    cond->release();
    co_await tick();
    seen.emplace_back(result, cond->locked()); // [1] True

    cond->notify(2);
    co_await tick();
    seen.emplace_back(result, cond->locked()); // [1] True

    cond->release();
    co_await tick();
    seen.emplace_back(result, cond->locked()); // [1, 2] True

    cond->release();
    co_await tick();
    seen.emplace_back(result, cond->locked()); // [1, 2, 3] True

    for (const Task& t : {t1, t2, t3}) {
        EXPECT_TRUE(t->done());
        EXPECT_TRUE(t->result_as<bool>());
    }
}

} // namespace

TEST_F(ConditionTest, Wait) {
    Loop loop;
    std::vector<Snapshot> seen;
    EXPECT_EQ(run_main(loop, wait_main(loop, seen)).kind, OutcomeKind::Complete);
    EXPECT_EQ(
        seen,
        (std::vector<Snapshot>{
            {{}, false}, {{}, true}, {{1}, true}, {{1}, true}, {{1, 2}, true}, {{1, 2, 3}, true}}));
}

// [SECTION] test_wait_cancel / wait_cancel_contested / wait_cancel_after_notify

namespace {
Coro<void> wait_cancel(Loop& loop, bool& checked) {
    Ref<Condition> cond = make_ref<Condition>(loop);
    bool acquired = co_await cond->acquire();
    EXPECT_TRUE(acquired);

    Task wait = create_task(loop, cond->wait());
    loop.call_soon([wait] { wait->cancel(); });
    std::exception_ptr error;
    try {
        std::any r = co_await wait;
    } catch (...) {
        error = std::current_exception();
    }
    EXPECT_TRUE(is_cancelled(error));
    EXPECT_EQ(describe_error(error).message, ""); // conformance 14: str(e) == ''
    EXPECT_TRUE(cond->waiters().empty());
    EXPECT_TRUE(cond->locked());

    cond->release();
    bool again = co_await cond->acquire(); // async with cond: notify() with nobody waiting
    EXPECT_TRUE(again);
    cond->notify();
    cond->release();
    EXPECT_FALSE(cond->locked());
    checked = true;
}

Coro<void> wait_cancel_contested(Loop& loop, bool& cancelled) {
    Ref<Condition> cond = make_ref<Condition>(loop);
    bool acquired = co_await cond->acquire();
    EXPECT_TRUE(acquired);
    EXPECT_TRUE(cond->locked());

    Task wait_task = create_task(loop, cond->wait());
    co_await tick();
    EXPECT_FALSE(cond->locked());

    // Notify, but contest the lock before cancelling.
    bool again = co_await cond->acquire();
    EXPECT_TRUE(again);
    EXPECT_TRUE(cond->locked());
    cond->notify();
    loop.call_soon([wait_task] { wait_task->cancel(); });
    loop.call_soon([cond] { cond->release(); });

    std::exception_ptr error;
    try {
        std::any r = co_await wait_task;
    } catch (...) {
        error = std::current_exception();
    }
    cancelled = is_cancelled(error); // 3.11: the cancel lands while re-acquiring
    EXPECT_TRUE(cond->locked());
}

Coro<void> wait_on_cond(Ref<Condition> cond, bool& waited, std::vector<std::string>& log) {
    bool acquired = co_await cond->acquire(); // async with cond:
    EXPECT_TRUE(acquired);
    waited = true; // make sure this area was reached
    std::exception_ptr error;
    try {
        bool woke = co_await cond->wait();
        (void)woke;
    } catch (...) {
        error = std::current_exception();
    }
    log.push_back(std::string("waiter leaving, locked ") + (cond->locked() ? "1" : "0"));
    cond->release(); // __aexit__
    if (error)
        std::rethrow_exception(error);
}

Coro<void> wait_cancel_after_notify(Loop& loop, std::vector<std::string>& log) {
    // See bpo-32841.
    bool waited = false;
    Ref<Condition> cond = make_ref<Condition>(loop);
    Task waiter = create_task(loop, wait_on_cond(cond, waited, log));
    co_await tick(); // start waiting

    bool acquired = co_await cond->acquire();
    EXPECT_TRUE(acquired);
    cond->notify();
    co_await tick(); // get to acquire()
    waiter->cancel();
    co_await tick(); // activate cancellation
    cond->release();
    co_await tick(); // cancellation should occur

    EXPECT_TRUE(waiter->cancelled());
    EXPECT_TRUE(waited);
    log.push_back(std::string("end, locked ") + (cond->locked() ? "1" : "0"));
}
} // namespace

TEST_F(ConditionTest, WaitCancelReacquiresBeforeRaising) {
    Loop loop;
    bool checked = false;
    EXPECT_EQ(run_main(loop, wait_cancel(loop, checked)).kind, OutcomeKind::Complete);
    EXPECT_TRUE(checked);
}

TEST_F(ConditionTest, WaitCancelContested) {
    Loop loop;
    bool cancelled = false;
    EXPECT_EQ(run_main(loop, wait_cancel_contested(loop, cancelled)).kind, OutcomeKind::Complete);
    EXPECT_TRUE(cancelled); // conformance 15: "wait cancelled"
}

TEST_F(ConditionTest, WaitCancelAfterNotify) {
    Loop loop;
    std::vector<std::string> log;
    EXPECT_EQ(run_main(loop, wait_cancel_after_notify(loop, log)).kind, OutcomeKind::Complete);
    EXPECT_EQ(log, (std::vector<std::string>{"waiter leaving, locked 1", "end, locked 0"}));
}

// [SECTION] test_wait_unacquired / notify_unacquired

namespace {
Coro<void> wait_unacquired(Loop& loop, std::vector<std::string>& messages) {
    Ref<Condition> cond = make_ref<Condition>(loop);
    std::exception_ptr error;
    try {
        bool woke = co_await cond->wait();
        (void)woke;
    } catch (...) {
        error = std::current_exception();
    }
    ErrorDescription d = describe_error(error);
    messages.push_back(d.type + ": " + d.message);
    EXPECT_TRUE(cond->waiters().empty());
}
} // namespace

TEST_F(ConditionTest, WaitUnacquired) {
    Loop loop;
    std::vector<std::string> messages;
    EXPECT_EQ(run_main(loop, wait_unacquired(loop, messages)).kind, OutcomeKind::Complete);
    EXPECT_EQ(messages,
              (std::vector<std::string>{"RuntimeError: cannot wait on un-acquired lock"}));
}

TEST_F(ConditionTest, NotifyUnacquired) {
    Loop loop;
    Ref<Condition> cond = make_ref<Condition>(loop);
    for (int all = 0; all < 2; ++all) {
        try {
            if (all)
                cond->notify_all();
            else
                cond->notify();
            ADD_FAILURE() << "notify without the lock must raise";
        } catch (const PyError& e) {
            EXPECT_EQ(e.type(), "RuntimeError");
            EXPECT_EQ(e.message(), "cannot notify on un-acquired lock");
        }
    }
}

// [SECTION] test_wait_for / wait_for_unacquired

namespace {
Coro<bool> wait_for_record(Ref<Condition> cond, UniqueFunction<bool()> predicate,
                           std::vector<int>& result) {
    bool acquired = co_await cond->acquire();
    EXPECT_TRUE(acquired);
    bool ok = co_await cond->wait_for(std::move(predicate));
    if (ok) {
        result.push_back(1);
        cond->release();
    }
    co_return true;
}

struct WaitForSeen {
    std::vector<int> result;
    std::vector<bool> calls;
};

Coro<void> wait_for_main(Loop& loop, std::vector<WaitForSeen>& seen) {
    Ref<Condition> cond = make_ref<Condition>(loop);
    bool presult = false;
    std::vector<bool> calls;
    std::vector<int> result;
    UniqueFunction<bool()> predicate = [&presult, &calls] {
        calls.push_back(presult);
        return presult;
    };
    Task t = create_task(loop, wait_for_record(cond, std::move(predicate), result));

    co_await tick();
    seen.push_back({result, calls}); // [] [False]

    bool a1 = co_await cond->acquire();
    EXPECT_TRUE(a1);
    cond->notify();
    cond->release();
    co_await tick();
    seen.push_back({result, calls}); // [] [False, False]

    presult = true;
    bool a2 = co_await cond->acquire();
    EXPECT_TRUE(a2);
    cond->notify();
    cond->release();
    co_await tick();
    seen.push_back({result, calls}); // [1] [False, False, True]

    EXPECT_TRUE(t->done());
    EXPECT_TRUE(t->result_as<bool>());
}

Coro<void> wait_for_unacquired(Loop& loop, std::vector<std::string>& log) {
    Ref<Condition> cond = make_ref<Condition>(loop);
    // The predicate can return true immediately (a non-empty list is truthy).
    auto list = [] { return std::vector<int>{1, 2, 3}; };
    std::vector<int> res = co_await cond->wait_for(list);
    EXPECT_EQ(res, (std::vector{1, 2, 3}));

    auto never = [] { return false; };
    std::exception_ptr error;
    try {
        bool r = co_await cond->wait_for(never);
        (void)r;
    } catch (...) {
        error = std::current_exception();
    }
    ErrorDescription d = describe_error(error);
    log.push_back(d.type + ": " + d.message);
}

// A predicate that throws: the error propagates out of wait_for with the lock re-acquired.
Coro<void> wait_for_throwing(Ref<Condition> cond, int& calls, std::vector<std::string>& log) {
    bool acquired = co_await cond->acquire();
    EXPECT_TRUE(acquired);
    auto predicate = [&calls]() -> bool {
        if (++calls == 2)
            throw value_error("predicate failed");
        return false;
    };
    std::exception_ptr error;
    try {
        bool r = co_await cond->wait_for(predicate);
        (void)r;
    } catch (...) {
        error = std::current_exception();
    }
    log.push_back(error_type(error) + std::string(" locked ") + (cond->locked() ? "1" : "0"));
    cond->release();
}

Coro<void> wait_for_throwing_main(Loop& loop, std::vector<std::string>& log) {
    Ref<Condition> cond = make_ref<Condition>(loop);
    int calls = 0;
    Task t = create_task(loop, wait_for_throwing(cond, calls, log));
    co_await tick();
    bool acquired = co_await cond->acquire();
    EXPECT_TRUE(acquired);
    cond->notify();
    cond->release();
    std::any r = co_await t;
    EXPECT_EQ(calls, 2);
    EXPECT_TRUE(cond->waiters().empty());
}
} // namespace

TEST_F(ConditionTest, WaitForRechecksThePredicateAfterEachNotify) {
    Loop loop;
    std::vector<WaitForSeen> seen;
    EXPECT_EQ(run_main(loop, wait_for_main(loop, seen)).kind, OutcomeKind::Complete);
    ASSERT_EQ(seen.size(), 3u);
    EXPECT_EQ(seen[0].result, (std::vector<int>{}));
    EXPECT_EQ(seen[0].calls, (std::vector<bool>{false}));
    EXPECT_EQ(seen[1].result, (std::vector<int>{}));
    EXPECT_EQ(seen[1].calls, (std::vector<bool>{false, false}));
    EXPECT_EQ(seen[2].result, (std::vector<int>{1}));
    EXPECT_EQ(seen[2].calls, (std::vector<bool>{false, false, true}));
}

TEST_F(ConditionTest, WaitForUnacquired) {
    Loop loop;
    std::vector<std::string> log;
    EXPECT_EQ(run_main(loop, wait_for_unacquired(loop, log)).kind, OutcomeKind::Complete);
    EXPECT_EQ(log, (std::vector<std::string>{"RuntimeError: cannot wait on un-acquired lock"}));
}

TEST_F(ConditionTest, WaitForPredicateErrorPropagatesWithTheLockHeld) {
    Loop loop;
    std::vector<std::string> log;
    EXPECT_EQ(run_main(loop, wait_for_throwing_main(loop, log)).kind, OutcomeKind::Complete);
    EXPECT_EQ(log, (std::vector<std::string>{"ValueError locked 1"}));
}

// [SECTION] test_notify / test_notify_all

namespace {
Coro<bool> wait_record_release(Ref<Condition> cond, int n, std::vector<int>& result) {
    bool acquired = co_await cond->acquire();
    EXPECT_TRUE(acquired);
    bool woke = co_await cond->wait();
    if (woke) {
        result.push_back(n);
        cond->release();
    }
    co_return true;
}

Coro<void> notify_main(Loop& loop, std::vector<std::vector<int>>& seen) {
    Ref<Condition> cond = make_ref<Condition>(loop);
    std::vector<int> result;
    std::vector<Task> tasks;
    for (int n = 1; n <= 3; ++n)
        tasks.push_back(create_task(loop, wait_record_release(cond, n, result)));

    co_await tick();
    seen.push_back(result); // []

    bool a1 = co_await cond->acquire();
    EXPECT_TRUE(a1);
    cond->notify(1);
    cond->release();
    co_await tick();
    seen.push_back(result); // [1]

    bool a2 = co_await cond->acquire();
    EXPECT_TRUE(a2);
    cond->notify(1);
    cond->notify(2048);
    cond->release();
    co_await tick();
    seen.push_back(result); // [1, 2, 3]

    for (const Task& t : tasks) {
        EXPECT_TRUE(t->done());
        EXPECT_TRUE(t->result_as<bool>());
    }
}

Coro<void> notify_all_main(Loop& loop, std::vector<std::vector<int>>& seen) {
    Ref<Condition> cond = make_ref<Condition>(loop);
    std::vector<int> result;
    Task t1 = create_task(loop, wait_record_release(cond, 1, result));
    Task t2 = create_task(loop, wait_record_release(cond, 2, result));

    co_await tick();
    seen.push_back(result); // []

    bool acquired = co_await cond->acquire();
    EXPECT_TRUE(acquired);
    cond->notify_all();
    cond->release();
    co_await tick();
    seen.push_back(result); // [1, 2]

    EXPECT_TRUE(t1->done() && t1->result_as<bool>());
    EXPECT_TRUE(t2->done() && t2->result_as<bool>());
}

// Conformance 20: woken waiters hold the lock across a yield, so they take it one by one.
Coro<void> hold_across_yield(Ref<Condition> cond, int n, std::vector<int>& result) {
    bool acquired = co_await cond->acquire(); // async with cond:
    EXPECT_TRUE(acquired);
    bool woke = co_await cond->wait();
    if (woke) {
        result.push_back(n);
        co_await tick();
        result.push_back(-n);
    }
    cond->release();
}

Coro<void> notify_all_one_by_one(Loop& loop, std::vector<std::vector<int>>& seen) {
    Ref<Condition> cond = make_ref<Condition>(loop);
    std::vector<int> result;
    std::vector<Task> tasks;
    for (int n = 1; n <= 3; ++n)
        tasks.push_back(create_task(loop, hold_across_yield(cond, n, result)));
    co_await tick();
    seen.push_back(result);
    bool acquired = co_await cond->acquire();
    EXPECT_TRUE(acquired);
    cond->notify_all();
    seen.push_back(result); // notified, still holding
    cond->release();
    for (int i = 0; i < 5; ++i) {
        co_await tick();
        seen.push_back(result);
    }
    for (Task& t : tasks)
        std::any r = co_await t;
    seen.push_back(result);
    EXPECT_FALSE(cond->locked());
}
} // namespace

TEST_F(ConditionTest, Notify) {
    Loop loop;
    std::vector<std::vector<int>> seen;
    EXPECT_EQ(run_main(loop, notify_main(loop, seen)).kind, OutcomeKind::Complete);
    EXPECT_EQ(seen, (std::vector<std::vector<int>>{{}, {1}, {1, 2, 3}}));
}

TEST_F(ConditionTest, NotifyAll) {
    Loop loop;
    std::vector<std::vector<int>> seen;
    EXPECT_EQ(run_main(loop, notify_all_main(loop, seen)).kind, OutcomeKind::Complete);
    EXPECT_EQ(seen, (std::vector<std::vector<int>>{{}, {1, 2}}));
}

TEST_F(ConditionTest, NotifyAllWakesInFifoOrderAndTheyTakeTheLockOneByOne) {
    Loop loop;
    std::vector<std::vector<int>> seen;
    EXPECT_EQ(run_main(loop, notify_all_one_by_one(loop, seen)).kind, OutcomeKind::Complete);
    EXPECT_EQ(seen, (std::vector<std::vector<int>>{{},
                                                   {},
                                                   {1},
                                                   {1, -1},
                                                   {1, -1, 2},
                                                   {1, -1, 2, -2},
                                                   {1, -1, 2, -2, 3},
                                                   {1, -1, 2, -2, 3, -3}}));
}

// [SECTION] test_context_manager / test_explicit_lock / shared lock

namespace {
Coro<void> explicit_lock_case(Loop& loop, Ref<Lock> lock, Ref<Condition> cond, int& checks) {
    if (!lock)
        lock = make_ref<Lock>(loop);
    if (!cond)
        cond = make_ref<Condition>(loop, lock);
    EXPECT_EQ(cond->lock().get(), lock.get());
    EXPECT_FALSE(lock->locked());
    EXPECT_FALSE(cond->locked());
    bool a1 = co_await cond->acquire(); // async with cond:
    EXPECT_TRUE(a1);
    EXPECT_TRUE(lock->locked());
    EXPECT_TRUE(cond->locked());
    cond->release();
    EXPECT_FALSE(lock->locked());
    EXPECT_FALSE(cond->locked());
    bool a2 = co_await lock->acquire(); // async with lock:
    EXPECT_TRUE(a2);
    EXPECT_TRUE(lock->locked());
    EXPECT_TRUE(cond->locked());
    lock->release();
    EXPECT_FALSE(lock->locked());
    EXPECT_FALSE(cond->locked());
    ++checks;
}

Coro<void> explicit_lock_main(Loop& loop, int& checks) {
    // All should work in the same way.
    co_await explicit_lock_case(loop, nullptr, nullptr, checks);
    Ref<Lock> fresh = make_ref<Lock>(loop);
    co_await explicit_lock_case(loop, fresh, nullptr, checks);
    Ref<Lock> lock = make_ref<Lock>(loop);
    Ref<Condition> cond = make_ref<Condition>(loop, lock);
    co_await explicit_lock_case(loop, lock, cond, checks);

    // test_context_manager on a condition with its own lock.
    Ref<Condition> own = make_ref<Condition>(loop);
    EXPECT_FALSE(own->locked());
    bool a = co_await own->acquire();
    EXPECT_TRUE(a);
    EXPECT_TRUE(own->locked());
    EXPECT_TRUE(own->lock()->locked());
    own->release();
    EXPECT_FALSE(own->locked());
}

// Conformance 21: two conditions on one lock; each notify only reaches its own waiters.
Coro<void> waiter_on(Ref<Condition> cond, std::string name, std::vector<std::string>& order) {
    bool acquired = co_await cond->acquire();
    EXPECT_TRUE(acquired);
    bool woke = co_await cond->wait();
    EXPECT_TRUE(woke);
    order.push_back(name);
    cond->release();
}

Coro<void> shared_lock_main(Loop& loop, std::vector<std::string>& log) {
    Ref<Lock> lock = make_ref<Lock>(loop);
    Ref<Condition> cond = make_ref<Condition>(loop, lock);
    Ref<Condition> cond2 = make_ref<Condition>(loop, lock);
    auto states = [&] {
        return std::string(cond->locked() ? "T" : "F") + (cond2->locked() ? "T" : "F") +
               (lock->locked() ? "T" : "F");
    };
    log.push_back(states());
    bool acquired = co_await lock->acquire();
    EXPECT_TRUE(acquired);
    log.push_back(states());
    cond->release();
    log.push_back(states());

    std::vector<std::string> order;
    Task t1 = create_task(loop, waiter_on(cond, "on cond", order));
    Task t2 = create_task(loop, waiter_on(cond2, "on cond2", order));
    co_await tick();
    EXPECT_EQ(cond->waiter_owners(), (std::vector<TaskId>{t1->id()}));
    EXPECT_EQ(cond2->waiter_owners(), (std::vector<TaskId>{t2->id()}));
    bool a2 = co_await lock->acquire();
    EXPECT_TRUE(a2);
    cond2->notify();
    lock->release();
    co_await tick();
    log.insert(log.end(), order.begin(), order.end());
    log.push_back("--");
    bool a3 = co_await cond2->acquire();
    EXPECT_TRUE(a3);
    cond->notify_all();
    cond2->release();
    std::any r1 = co_await t1;
    std::any r2 = co_await t2;
    log.insert(log.end(), order.begin(), order.end());
    log.push_back(states());
}
} // namespace

TEST_F(ConditionTest, ExplicitLockAndContextManager) {
    Loop loop;
    int checks = 0;
    EXPECT_EQ(run_main(loop, explicit_lock_main(loop, checks)).kind, OutcomeKind::Complete);
    EXPECT_EQ(checks, 3);
}

TEST_F(ConditionTest, TwoConditionsShareOneLock) {
    Loop loop;
    std::vector<std::string> log;
    EXPECT_EQ(run_main(loop, shared_lock_main(loop, log)).kind, OutcomeKind::Complete);
    EXPECT_EQ(log, (std::vector<std::string>{"FFF", "TTT", "FFF", "on cond2", "--", "on cond2",
                                             "on cond", "FFF"}));
}

// [SECTION] test_timeout_in_block

namespace {
Coro<void> timeout_in_block(Loop& loop, std::vector<std::string>& log) {
    Ref<Condition> condition = make_ref<Condition>(loop);
    bool acquired = co_await condition->acquire(); // async with condition:
    EXPECT_TRUE(acquired);
    std::exception_ptr error;
    try {
        Awaitable aw = make_backend(condition->wait());
        std::any r = co_await wait_for(loop, std::move(aw), 0.5);
    } catch (...) {
        error = std::current_exception();
    }
    ErrorDescription d = describe_error(error);
    log.push_back(d.type + " '" + d.message + "' at " + std::to_string(loop.time()));
    try {
        if (error)
            std::rethrow_exception(error);
    } catch (const PyError& e) {
        log.push_back("cause " + error_type(e.cause()));
    } catch (...) {
    }
    log.push_back(std::string("locked ") + (condition->locked() ? "1" : "0"));
    condition->release();
    log.push_back(std::string("locked after block ") + (condition->locked() ? "1" : "0"));
}
} // namespace

TEST_F(ConditionTest, TimeoutInBlock) {
    Loop loop;
    std::vector<std::string> log;
    EXPECT_EQ(run_main(loop, timeout_in_block(loop, log)).kind, OutcomeKind::Complete);
    EXPECT_EQ(log, (std::vector<std::string>{"TimeoutError '' at 0.500000", "cause CancelledError",
                                             "locked 1", "locked after block 0"}));
}

// [SECTION] Lost notify, notify(2) golden order, gh-112202

namespace {
Coro<void> wait_then_log(Ref<Condition> cond, std::string name, std::vector<std::string>& log) {
    bool acquired = co_await cond->acquire();
    EXPECT_TRUE(acquired);
    bool woke = co_await cond->wait();
    EXPECT_TRUE(woke);
    log.push_back(name + " woke");
    cond->release();
}

Coro<void> lost_notify(Loop& loop, std::vector<std::string>& log) {
    Ref<Condition> cond = make_ref<Condition>(loop);
    bool acquired = co_await cond->acquire();
    EXPECT_TRUE(acquired);
    cond->notify(); // nobody waits: not remembered
    cond->notify_all();
    cond->release();
    Task t = create_task(loop, wait_then_log(cond, "w", log));
    co_await tick(3);
    log.push_back("still waiting " + std::to_string(!t->done()) + " " +
                  std::to_string(cond->waiters().size()));
    bool again = co_await cond->acquire();
    EXPECT_TRUE(again);
    cond->notify();
    cond->release();
    std::any r = co_await t;
}

Coro<void> notify_two_of_four(Loop& loop, std::vector<std::vector<int>>& seen,
                              std::size_t& waiters_left) {
    Ref<Condition> cond = make_ref<Condition>(loop);
    std::vector<int> result;
    std::vector<Task> tasks;
    for (int n = 1; n <= 4; ++n)
        tasks.push_back(create_task(loop, hold_across_yield(cond, n, result)));
    co_await tick();
    bool a1 = co_await cond->acquire();
    EXPECT_TRUE(a1);
    cond->notify(2);
    cond->release();
    for (int i = 0; i < 5; ++i) {
        co_await tick();
        seen.push_back(result);
    }
    waiters_left = cond->waiters().size();
    bool a2 = co_await cond->acquire();
    EXPECT_TRUE(a2);
    cond->notify_all();
    cond->release();
    for (int i = 0; i < 5; ++i) {
        co_await tick();
        seen.push_back(result);
    }
    for (Task& t : tasks)
        std::any r = co_await t;
}

Coro<void> log_cancel(Ref<Condition> cond, std::string name, std::vector<std::string>& log) {
    bool acquired = co_await cond->acquire(); // async with cond:
    EXPECT_TRUE(acquired);
    std::exception_ptr error;
    try {
        bool woke = co_await cond->wait();
        (void)woke;
        log.push_back(name + " woke");
    } catch (...) {
        error = std::current_exception();
        if (is_cancelled_error(error))
            log.push_back(name + " cancelled locked=" + (cond->locked() ? "1" : "0"));
    }
    cond->release();
    if (error)
        std::rethrow_exception(error);
}

Coro<void> notified_then_cancelled(Loop& loop, std::vector<std::string>& log) {
    Ref<Condition> cond = make_ref<Condition>(loop);
    Task t1 = create_task(loop, log_cancel(cond, "w1", log));
    Task t2 = create_task(loop, log_cancel(cond, "w2", log));
    co_await tick();
    bool acquired = co_await cond->acquire();
    EXPECT_TRUE(acquired);
    cond->notify(1); // reaches w1 ...
    t1->cancel();    // ... which is cancelled before it runs: the notification is lost
    cond->release();
    co_await tick(3);
    log.push_back("t1 cancelled=" + std::to_string(t1->cancelled()) +
                  " t2 done=" + std::to_string(t2->done()) +
                  " waiters=" + std::to_string(cond->waiters().size()));
    bool again = co_await cond->acquire();
    EXPECT_TRUE(again);
    cond->notify(1);
    cond->release();
    std::any r = co_await t2;
    log.push_back("end");
}
} // namespace

TEST_F(ConditionTest, NotifyWithNoWaiterIsNotRemembered) {
    Loop loop;
    std::vector<std::string> log;
    EXPECT_EQ(run_main(loop, lost_notify(loop, log)).kind, OutcomeKind::Complete);
    EXPECT_EQ(log, (std::vector<std::string>{"still waiting 1 1", "w woke"}));
}

TEST_F(ConditionTest, NotifyTwoOfFourGoldenOrder) {
    // Checked against CPython 3.11.7 (the same program under asyncio).
    Loop loop;
    std::vector<std::vector<int>> seen;
    std::size_t waiters_left = 0;
    EXPECT_EQ(run_main(loop, notify_two_of_four(loop, seen, waiters_left)).kind,
              OutcomeKind::Complete);
    EXPECT_EQ(waiters_left, 2u);
    EXPECT_EQ(seen, (std::vector<std::vector<int>>{{1},
                                                   {1, -1},
                                                   {1, -1, 2},
                                                   {1, -1, 2, -2},
                                                   {1, -1, 2, -2},
                                                   {1, -1, 2, -2, 3},
                                                   {1, -1, 2, -2, 3, -3},
                                                   {1, -1, 2, -2, 3, -3, 4},
                                                   {1, -1, 2, -2, 3, -3, 4, -4},
                                                   {1, -1, 2, -2, 3, -3, 4, -4}}));
}

TEST_F(ConditionTest, NotifiedThenCancelledWaiterConsumesTheNotification) {
    // gh-112202, 3.11 behaviour: w2 is not woken by the first notify(1).
    Loop loop;
    std::vector<std::string> log;
    EXPECT_EQ(run_main(loop, notified_then_cancelled(loop, log)).kind, OutcomeKind::Complete);
    EXPECT_EQ(log,
              (std::vector<std::string>{"w1 cancelled locked=1",
                                        "t1 cancelled=1 t2 done=0 waiters=1", "w2 woke", "end"}));
}

// [SECTION] Observer reports

namespace {
Coro<void> wait_tick_release(Ref<Condition> cond) {
    bool acquired = co_await cond->acquire();
    EXPECT_TRUE(acquired);
    bool woke = co_await cond->wait();
    EXPECT_TRUE(woke);
    co_await tick();
    cond->release();
}

struct ObservedIds {
    ObjectId cond = kNoObject, lock = kNoObject;
    TaskId main = kNoTask, w1 = kNoTask, w2 = kNoTask;
    std::vector<TaskId> waiters_after_notify;
};

Coro<void> observed_condition(Loop& loop, ObservedIds& ids) {
    Ref<Condition> cond = make_ref<Condition>(loop);
    ids.cond = cond->id();
    ids.lock = cond->lock()->id();
    Task w1 = create_task(loop, wait_tick_release(cond));
    Task w2 = create_task(loop, wait_tick_release(cond));
    ids.main = current_id(loop);
    ids.w1 = w1->id();
    ids.w2 = w2->id();
    co_await tick();
    bool acquired = co_await cond->acquire();
    EXPECT_TRUE(acquired);
    cond->notify(1);
    cond->notify_all(); // w1 is still in waiters (notified): value 2, woken [w2]
    ids.waiters_after_notify = cond->waiter_owners();
    cond->release();
    std::any r1 = co_await w1;
    std::any r2 = co_await w2;
}
} // namespace

TEST_F(ConditionTest, ReportsWaitNotifyReacquireAndTheOwnedLock) {
    Loop loop;
    PrimitiveRecorder rec;
    loop.set_observer(&rec);
    ObservedIds ids;
    EXPECT_EQ(run_main(loop, observed_condition(loop, ids)).kind, OutcomeKind::Complete);
    const ObjectId c = ids.cond, l = ids.lock;
    const TaskId m = ids.main, w1 = ids.w1, w2 = ids.w2;
    EXPECT_EQ(rec.owned, (std::vector<std::pair<ObjectId, ObjectId>>{{l, c}}));
    EXPECT_EQ(ids.waiters_after_notify, (std::vector{w1, w2}));

    using Op = PrimitiveOp;
    EXPECT_EQ(rec.reports, (std::vector<PrimitiveReport>{
                               {Op::LockAcquireFast, l, w1, {}, 0},
                               {Op::LockRelease, l, w1, {}, 0},
                               {Op::ConditionWait, c, w1, {}, 0},
                               {Op::LockAcquireFast, l, w2, {}, 0},
                               {Op::LockRelease, l, w2, {}, 0},
                               {Op::ConditionWait, c, w2, {}, 0},
                               {Op::LockAcquireFast, l, m, {}, 0},
                               {Op::ConditionNotify, c, m, {w1}, 1},
                               {Op::ConditionNotifyAll, c, m, {w2}, 2},
                               {Op::LockRelease, l, m, {}, 0},
                               {Op::ConditionReacquire, c, w1, {}, 0},
                               {Op::LockAcquireFast, l, w1, {}, 0},
                               {Op::ConditionReacquire, c, w2, {}, 0},
                               {Op::LockAcquireQueued, l, w2, {}, 0},
                               {Op::LockRelease, l, w1, {w2}, 0},
                               {Op::LockGranted, l, w2, {}, 0},
                               {Op::LockRelease, l, w2, {}, 0},
                           }));

    // Waiting on the condition, then (w2) on the lock while re-acquiring.
    std::vector<std::pair<TaskId, WaitKind>> waits;
    for (const auto& s : rec.suspensions)
        if (s.wait.object == c || s.wait.object == l)
            waits.emplace_back(s.task, s.wait.kind);
    EXPECT_EQ(waits,
              (std::vector<std::pair<TaskId, WaitKind>>{
                  {w1, WaitKind::Condition}, {w2, WaitKind::Condition}, {w2, WaitKind::Lock}}));
}

// [SECTION] The wait coroutine keeps its condition alive (Python's bound method does too)

namespace {
Coro<void> temporary_condition(Loop& loop, std::string& error) {
    Task t = create_task(loop, make_ref<Condition>(loop)->wait());
    try {
        std::any r = co_await t;
    } catch (const PyError& e) {
        error = e.type() + ": " + e.message();
    }
}
} // namespace

TEST_F(ConditionTest, WaitKeepsAnOtherwiseUnreferencedConditionAlive) {
    Loop loop;
    std::string error;
    EXPECT_EQ(run_main(loop, temporary_condition(loop, error)).kind, OutcomeKind::Complete);
    EXPECT_EQ(error, "RuntimeError: cannot wait on un-acquired lock");
}
