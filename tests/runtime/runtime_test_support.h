#pragma once
// Helpers shared by the runtime tests.
#include "runtime/runtime.h"

#include <gtest/gtest.h>

#include <any>
#include <cstdint>
#include <exception>
#include <string>
#include <vector>

namespace condlab::testing {

/// asyncio.run(coro) on a fresh loop; fails the test unless it completes.
template <class T> RunOutcome run_main(Loop& loop, Coro<T> coro, const Budget& budget = {}) {
    return loop.run(make_backend(std::move(coro)), budget);
}

/// Python type name of what an exception_ptr holds.
inline std::string error_type(const std::exception_ptr& e) { return describe_error(e).type; }

/// str() of what an exception_ptr holds.
inline std::string error_message(const std::exception_ptr& e) { return describe_error(e).message; }

/// What f() throws (nullptr when it returns).
template <class F> std::exception_ptr catch_error(F&& f) {
    try {
        f();
    } catch (...) {
        return std::current_exception();
    }
    return nullptr;
}

/// Awaits a task the way `gather(..., return_exceptions=True)` collects it: what it raised,
/// or nullptr.
inline Coro<std::exception_ptr> await_catching(Task t) {
    std::exception_ptr error;
    try {
        std::any r = co_await t;
        (void)r;
    } catch (...) {
        error = std::current_exception();
    }
    co_return error;
}

/// A deadlocked run's report names the task blocked on `object` (a `kind` wait) and the line
/// of its await.
inline void expect_blocked_on(const RunOutcome& out, WaitKind kind, ObjectId object,
                              std::uint32_t line) {
    ASSERT_EQ(out.kind, OutcomeKind::Deadlock);
    bool found = false;
    for (const BlockedTask& b : out.blocked) {
        if (b.wait.kind != kind)
            continue;
        found = true;
        EXPECT_EQ(b.wait.object, object);
        EXPECT_EQ(b.wait.where.line, line);
    }
    EXPECT_TRUE(found) << "no task blocked on a " << static_cast<int>(kind) << " wait";
}

/// Checks no native coroutine frame outlives a test.
class FrameLeakCheck : public ::testing::Test {
  protected:
    void SetUp() override { m_frames = live_coroutine_frames(); }
    void TearDown() override { EXPECT_EQ(live_coroutine_frames(), m_frames) << "leaked frames"; }

  private:
    long m_frames = 0;
};

} // namespace condlab::testing
