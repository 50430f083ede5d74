// Loop::escape: an exception that leaves the loop at once (Python's SystemExit and
// KeyboardInterrupt raised in a task: Task.__step stores it, then re-raises it out of
// _run_once). What was still queued stays queued; asyncio.run then cancels the remaining
// tasks (one that never started never runs its body) and reports the exception.
#include "runtime_test_support.h"

#include <stdexcept>
#include <string>
#include <vector>

using namespace condlab;
using condlab::testing::FrameLeakCheck;
using condlab::testing::run_main;

namespace {

/// A task body that raises an escaping exception on its first step.
class Escaping final : public CoroutineBackend {
  public:
    explicit Escaping(std::vector<std::string>& log) : m_log(log) {}
    StepResult send() override {
        m_log.push_back("escape");
        StepResult r;
        r.kind = StepResult::Kind::Raised;
        r.escapes = true;
        r.error = std::make_exception_ptr(std::runtime_error("exit"));
        return r;
    }
    StepResult throw_in(std::exception_ptr error) override {
        StepResult r;
        r.kind = StepResult::Kind::Raised;
        r.error = std::move(error);
        return r;
    }

  private:
    std::vector<std::string>& m_log;
};

Coro<void> other(Loop& loop, std::vector<std::string>& log) {
    log.push_back("other started (wrong)");
    co_await sleep(loop, 0);
}

Coro<void> main_task(Loop& loop, std::vector<std::string>& log) {
    Task e = loop.create_task(std::make_unique<Escaping>(log));
    Task o = create_task(loop, other(loop, log));
    try {
        co_await sleep(loop, 1);
        log.push_back("main goes on (wrong)");
    } catch (const CancelledError&) {
        log.push_back("main cancelled");
        throw;
    }
}

Coro<int> escapes_itself(Loop& loop, std::vector<std::string>& log) {
    co_await sleep(loop, 0);
    log.push_back("main returns");
    co_return 1;
}

} // namespace

class LoopEscape : public FrameLeakCheck {};

TEST_F(LoopEscape, LeavesTheIterationAndCancelsTheRest) {
    Loop loop;
    std::vector<std::string> log;
    RunOutcome out = run_main(loop, main_task(loop, log));
    ASSERT_EQ(out.kind, OutcomeKind::Exception);
    try {
        std::rethrow_exception(out.error);
    } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(), "exit");
    }
    // `other` was queued behind the escaping step: cancelled before its first step.
    EXPECT_EQ(log, (std::vector<std::string>{"escape", "main cancelled"}));
    EXPECT_TRUE(loop.all_tasks().empty());
}

TEST_F(LoopEscape, TheNextRunIsNotStoppedByTheEscapedOne) {
    Loop loop;
    std::vector<std::string> log;
    // The main task itself escapes: its done-callback that stops the loop is already queued
    // and must not stop the next run (Python: _run_until_complete_cb ignores SystemExit).
    RunOutcome first = loop.run(std::make_unique<Escaping>(log));
    EXPECT_EQ(first.kind, OutcomeKind::Exception);
    RunOutcome second = run_main(loop, escapes_itself(loop, log));
    ASSERT_EQ(second.kind, OutcomeKind::Complete);
    EXPECT_EQ(std::any_cast<int>(second.result), 1);
    EXPECT_EQ(log, (std::vector<std::string>{"escape", "main returns"}));
}
