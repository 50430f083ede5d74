// asyncio.timeout (3.11.7): expiry → TimeoutError (cause: the CancelledError), no expiry,
// reschedule (later, None, past), timeout(0), state errors, nested cancel requests.
// Golden output of the main scenario: the CPython run of tests/conformance/50_timeout_cm.py.
#include "runtime_test_support.h"

#include <cstdio>
#include <string>
#include <vector>

using namespace condlab;
using namespace condlab::testing;

namespace {

class TimeoutTest : public FrameLeakCheck {};

std::string num(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", x);
    return buf;
}

std::string py_bool(bool b) { return b ? "True" : "False"; }

// [SECTION] 50_timeout_cm

Coro<void> timeout_cm(Loop& loop, std::vector<std::string>& log) {
    Ref<Timeout> cm = timeout(loop, 2);
    try {
        cm->enter();
        try {
            log.push_back("when " + num(*cm->when()));
            co_await sleep(loop, 5);
        } catch (...) {
            cm->exit(std::current_exception());
            throw;
        }
        cm->exit(nullptr);
    } catch (const PyError& e) {
        log.push_back(e.type() + " '" + e.message() + "' expired " + py_bool(cm->expired()) + " " +
                      num(loop.time()) + " cause " + describe_error(e.cause()).type);
    }

    cm = timeout(loop, 3);
    co_await within(cm, sleep(loop, 1));
    log.push_back("no expiry " + py_bool(cm->expired()) + " " + num(loop.time()));

    cm = timeout(loop, 1);
    try {
        cm->enter();
        try {
            cm->reschedule(loop.time() + 4);
            co_await sleep(loop, 2);
            log.push_back("survived reschedule " + num(loop.time()));
            cm->reschedule(std::nullopt);
            co_await sleep(loop, 10);
            log.push_back(std::string("no deadline ") + (cm->when() ? "?" : "None") + " " +
                          num(loop.time()));
            cm->reschedule(loop.time() - 1);
            co_await sleep(loop, 1);
        } catch (...) {
            cm->exit(std::current_exception());
            throw;
        }
        cm->exit(nullptr);
    } catch (const PyError& e) {
        EXPECT_EQ(e.type(), "TimeoutError");
        log.push_back("past deadline fires next iteration " + num(loop.time()));
    }

    cm = timeout(loop, 0);
    try {
        cm->enter();
        try {
            log.push_back("body runs");
            co_await sleep(loop, 0);
            log.push_back("not reached");
        } catch (...) {
            cm->exit(std::current_exception());
            throw;
        }
        cm->exit(nullptr);
    } catch (const PyError& e) {
        EXPECT_EQ(e.type(), "TimeoutError");
        log.push_back("timeout(0) " + num(loop.time()) + " " +
                      std::to_string(loop.current_task()->cancelling()));
    }
}

TEST_F(TimeoutTest, ExpiryNoExpiryRescheduleAndZero) {
    Loop loop;
    std::vector<std::string> log;
    RunOutcome out = run_main(loop, timeout_cm(loop, log));
    EXPECT_EQ(out.kind, OutcomeKind::Complete);
    EXPECT_EQ(log,
              (std::vector<std::string>{
                  "when 2.0", "TimeoutError '' expired True 2.0 cause CancelledError",
                  "no expiry False 3.0", "survived reschedule 5.0", "no deadline None 15.0",
                  "past deadline fires next iteration 15.0", "body runs", "timeout(0) 15.0 0"}));
}

// [SECTION] State errors and repr

Coro<void> state_errors(Loop& loop, std::vector<std::string>& log) {
    Ref<Timeout> cm = timeout(loop, 1);
    log.push_back(cm->repr());
    try {
        cm->reschedule(5);
    } catch (const PyError& e) {
        log.push_back(e.type() + ": " + e.message());
    }
    cm->enter();
    log.push_back(cm->repr());
    try {
        cm->enter();
    } catch (const PyError& e) {
        log.push_back(e.type() + ": " + e.message());
    }
    cm->exit(nullptr);
    log.push_back(cm->repr());
    try {
        cm->reschedule(5);
    } catch (const PyError& e) {
        log.push_back(e.type() + ": " + e.message());
    }
    Ref<Timeout> expired = timeout(loop, 0.5);
    try {
        co_await within(expired, sleep(loop, 1));
    } catch (const PyError& e) {
        log.push_back(e.type() + " " + expired->repr());
    }
    try {
        expired->reschedule(5);
    } catch (const PyError& e) {
        log.push_back(e.type() + ": " + e.message());
    }
    Ref<Timeout> never = timeout(loop, std::nullopt);
    never->enter();
    log.push_back(never->repr());
    never->exit(nullptr);
    Ref<Timeout> at = timeout_at(loop, 7.25);
    at->enter();
    log.push_back(at->repr());
    at->exit(nullptr);
}

TEST_F(TimeoutTest, StateErrorsAndRepr) {
    Loop loop;
    std::vector<std::string> log;
    RunOutcome out = run_main(loop, state_errors(loop, log));
    EXPECT_EQ(out.kind, OutcomeKind::Complete);
    EXPECT_EQ(log, (std::vector<std::string>{
                       "<Timeout [created]>",
                       "RuntimeError: Timeout has not been entered",
                       "<Timeout [active] when=1.0>",
                       "RuntimeError: Timeout has already been entered",
                       "<Timeout [finished]>",
                       "RuntimeError: Cannot change state of finished Timeout",
                       "TimeoutError <Timeout [expired]>",
                       "RuntimeError: Cannot change state of expired Timeout",
                       "<Timeout [active] when=None>",
                       "<Timeout [active] when=7.25>",
                   }));
}

TEST_F(TimeoutTest, EnterOutsideATaskIsARuntimeError) {
    Loop loop;
    Ref<Timeout> cm = timeout(loop, 1);
    try {
        cm->enter();
        ADD_FAILURE() << "no error";
    } catch (const PyError& e) {
        EXPECT_EQ(e.type(), "RuntimeError");
        EXPECT_EQ(e.message(), "Timeout should be used inside a task");
    }
}

// [SECTION] Which error leaves the block

Coro<int> raise_value_error(Loop& loop) {
    co_await sleep(loop, 5);
    throw value_error("inner");
}

Coro<int> swallow_then_fail(Loop& loop) {
    try {
        co_await sleep(loop, 5);
    } catch (const CancelledError&) {
    }
    throw value_error("after cancel");
}

Coro<void> other_errors(Loop& loop, std::vector<std::string>& log) {
    // An error other than CancelledError leaves the block unchanged, expired or not.
    try {
        int r = co_await within(timeout(loop, 10), raise_value_error(loop));
        log.push_back(std::to_string(r));
    } catch (const PyError& e) {
        log.push_back(e.type() + " " + e.message());
    }
    Ref<Timeout> cm = timeout(loop, 1);
    try {
        int r = co_await within(cm, swallow_then_fail(loop));
        log.push_back(std::to_string(r));
    } catch (const PyError& e) {
        log.push_back(e.type() + " " + e.message() + " expired " + py_bool(cm->expired()));
    }
}

TEST_F(TimeoutTest, OtherErrorsPassThrough) {
    Loop loop;
    std::vector<std::string> log;
    RunOutcome out = run_main(loop, other_errors(loop, log));
    EXPECT_EQ(out.kind, OutcomeKind::Complete);
    EXPECT_EQ(log, (std::vector<std::string>{"ValueError inner",
                                             "ValueError after cancel expired True"}));
}

// [SECTION] An outer cancel that arrives with the expiry stays a CancelledError

Coro<void> victim(Loop& loop, Ref<Timeout> cm, std::vector<std::string>& log) {
    try {
        co_await within(cm, sleep(loop, 10));
    } catch (const PyError& e) {
        log.push_back("victim " + e.type() + " cancelling " +
                      std::to_string(loop.current_task()->cancelling()));
        throw;
    }
}

Coro<void> outer_cancel(Loop& loop, std::vector<std::string>& log) {
    Ref<Timeout> cm = timeout(loop, 1);
    Task t = create_task(loop, victim(loop, cm, log));
    co_await sleep(loop, 1); // our timer was pushed first: we run right after the expiry
    t->cancel();             // a second request in the same iteration
    try {
        std::any r = co_await t;
    } catch (const PyError& e) {
        log.push_back("main " + e.type() + " cancelled " + py_bool(t->cancelled()));
    }
}

TEST_F(TimeoutTest, ASecondCancelRequestIsNotConvertedToTimeoutError) {
    Loop loop;
    std::vector<std::string> log;
    RunOutcome out = run_main(loop, outer_cancel(loop, log));
    EXPECT_EQ(out.kind, OutcomeKind::Complete);
    EXPECT_EQ(log, (std::vector<std::string>{"victim CancelledError cancelling 1",
                                             "main CancelledError cancelled True"}));
}

Coro<void> pending_request(Loop& loop, std::vector<std::string>& log) {
    // 3.11.7 (gh-102780): the count is recorded at enter, so a cancel request that was
    // caught earlier and never uncancelled does not stop the conversion.
    TaskState* me = loop.current_task();
    me->cancel();
    try {
        co_await sleep(loop, 0);
    } catch (const CancelledError&) {
        log.push_back("caught, cancelling " + std::to_string(me->cancelling()));
    }
    try {
        co_await within(timeout(loop, 1), sleep(loop, 5));
    } catch (const PyError& e) {
        log.push_back(e.type() + " cancelling " + std::to_string(me->cancelling()));
    }
}

TEST_F(TimeoutTest, ACaughtEarlierCancelDoesNotStopTheConversion) {
    Loop loop;
    std::vector<std::string> log;
    RunOutcome out = run_main(loop, pending_request(loop, log));
    EXPECT_EQ(out.kind, OutcomeKind::Complete);
    EXPECT_EQ(log, (std::vector<std::string>{"caught, cancelling 1", "TimeoutError cancelling 1"}));
}

} // namespace
