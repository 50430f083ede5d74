// The findings' definitions (docs/findings.md), each with a program that has the finding
// and a close variant that does not. Every program runs with and without the line trace:
// the counts must not depend on it.
#include "lesson/lesson.h"
#include "lesson/predicate_loops.h"
#include "lesson/runner.h"
#include "lesson_test_support.h"

#include <gtest/gtest.h>

#include <string>

namespace condlab::lesson {
namespace {

class Findings : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { start_interpreter(); }
};

/// `text` with every `from` replaced by `to` (<regex> trips g++ 12's -Wmaybe-uninitialized
/// under the asan preset).
std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (std::size_t at = text.find(from); at != std::string::npos;
         at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

struct Counts {
    double wakeups = 0, wasted = 0, rewaits = 0, lost = 0, late = 0, unheard = 0;
    std::size_t lost_findings = 0, late_findings = 0, wasted_findings = 0;
    std::string stdout_text;
    std::string late_message;
};

double metric(const RunResult& r, const std::string& name) {
    for (const RunMetric& m : r.metrics)
        if (m.name == name)
            return m.value;
    ADD_FAILURE() << "no metric " << name;
    return -1;
}

Counts counts_of(const RunResult& r) {
    Counts c;
    c.wakeups = metric(r, "wakeups");
    c.wasted = metric(r, "wasted_wakeups");
    c.rewaits = metric(r, "rewaits");
    c.lost = metric(r, "lost_notifies");
    c.late = metric(r, "late_wakeups");
    c.unheard = metric(r, "unheard_notifies");
    for (const RunDiagnostic& d : r.diagnostics) {
        c.lost_findings += d.kind == "lost_notify";
        c.wasted_findings += d.kind == "wasted_wakeup";
        if (d.kind == "late_wakeup") {
            ++c.late_findings;
            c.late_message = d.message;
        }
    }
    c.stdout_text = r.stdout_text;
    return c;
}

/// Runs `source` with and without the line trace; both must count the same.
Counts run_both(const std::string& source, const Overrides& overrides = {}) {
    const Lesson lesson = parse_lesson_source(source, "findings.py");
    RunOptions traced;
    RunOptions untraced;
    untraced.line_trace = false;
    const Counts a = counts_of(run(lesson, overrides, traced));
    const Counts b = counts_of(run(lesson, overrides, untraced));
    EXPECT_EQ(a.wakeups, b.wakeups);
    EXPECT_EQ(a.wasted, b.wasted);
    EXPECT_EQ(a.rewaits, b.rewaits);
    EXPECT_EQ(a.lost, b.lost);
    EXPECT_EQ(a.late, b.late);
    EXPECT_EQ(a.unheard, b.unheard);
    EXPECT_EQ(a.stdout_text, b.stdout_text);
    return a;
}

// -- predicate loops (the static half) ------------------------------------------------------

TEST(PredicateLoops, TellsPredicateLoopsFromCountingAndConstantLoops) {
    const std::string src = "async def f():\n"                             // 1
                            "    while not items:\n"                       // 2
                            "        await cond.wait()\n"                  // 3
                            "    while True:\n"                            // 4
                            "        await cond.wait()\n"                  // 5
                            "    while seen < 3:\n"                        // 6
                            "        await cond.wait()\n"                  // 7
                            "        seen = state\n"                       // 8
                            "    while len(q.items) < n: await c.wait()\n" // 9
                            "    while x.ready is False:\n"                // 10
                            "        # a comment\n"                        // 11
                            "\n"                                           // 12
                            "        x.count += 1\n"                       // 13
                            "    else:\n"                                  // 14
                            "        pass\n";                              // 15
    const auto loops = while_loops(tokenize(src));
    ASSERT_EQ(loops.size(), 5u);
    EXPECT_EQ(loops[0].first_line, 2u);
    EXPECT_EQ(loops[0].last_line, 3u);
    EXPECT_TRUE(loops[0].predicate);
    EXPECT_FALSE(loops[1].predicate); // constant test
    EXPECT_EQ(loops[2].last_line, 8u);
    EXPECT_FALSE(loops[2].predicate); // reads `seen`, which the body assigns
    EXPECT_EQ(loops[3].first_line, 9u);
    EXPECT_EQ(loops[3].last_line, 9u);
    EXPECT_TRUE(loops[3].predicate);
    EXPECT_EQ(loops[4].last_line, 13u); // the else clause is outside
    EXPECT_TRUE(loops[4].predicate);    // an attribute assignment binds no name
}

// -- wasted wake-ups ---------------------------------------------------------------------------

TEST_F(Findings, WaitForWhosePredicateHoldsAtEveryWakeupWastesNothing) {
    const Counts c = run_both(R"PY(
import asyncio
gen = 0
async def watcher(cond, mine):
    async with cond:
        while mine < 3:
            await cond.wait_for(lambda: gen > mine)
            mine = gen
async def main():
    global gen
    cond = asyncio.Condition()
    ws = [asyncio.create_task(watcher(cond, 0)) for _ in range(4)]
    for _ in range(3):
        await asyncio.sleep(1)
        async with cond:
            gen += 1
            cond.notify_all()
    await asyncio.gather(*ws)
asyncio.run(main())
)PY");
    EXPECT_EQ(c.wakeups, 12);
    EXPECT_EQ(c.wasted, 0);
    EXPECT_EQ(c.wasted_findings, 0u);
    EXPECT_EQ(c.lost, 0);
}

TEST_F(Findings, WaitForWhosePredicateIsStillFalseWastesTheWakeup) {
    const Counts c = run_both(R"PY(
import asyncio
gen = 0
async def watcher(cond):
    async with cond:
        await cond.wait_for(lambda: gen >= 2)
async def main():
    global gen
    cond = asyncio.Condition()
    ws = [asyncio.create_task(watcher(cond)) for _ in range(3)]
    for _ in range(2):
        await asyncio.sleep(1)
        async with cond:
            gen += 1
            cond.notify_all()
    await asyncio.gather(*ws)
asyncio.run(main())
)PY");
    EXPECT_EQ(c.wakeups, 6);
    EXPECT_EQ(c.wasted, 3); // the first notify_all: gen == 1 < 2 for all three
}

TEST_F(Findings, WatchersCountingStateChangesWasteNothing) {
    const Counts c = run_both(R"PY(
import asyncio
state = 0
async def watcher(cond, name):
    seen = 0
    async with cond:
        while seen < 3:
            await cond.wait()
            seen = state
            print(name, "saw", seen)
async def main():
    global state
    cond = asyncio.Condition()
    ws = [asyncio.create_task(watcher(cond, n)) for n in ("a", "b")]
    for _ in range(3):
        await asyncio.sleep(1)
        async with cond:
            state += 1
            cond.notify_all()
    await asyncio.gather(*ws)
asyncio.run(main())
)PY");
    EXPECT_EQ(c.wakeups, 6);
    EXPECT_EQ(c.wasted, 0);
    EXPECT_EQ(c.rewaits, 4); // a bare wait outside any predicate loop: neutral
    EXPECT_EQ(c.lost, 0);
}

TEST_F(Findings, AHelperThatWaitsForTheCallersPredicateLoopCounts) {
    const std::string program = R"PY(
import asyncio
items = []
async def wait_once(cond):
    await cond.wait()
async def consumer(cond, name):
    async with cond:
        while not items:
            print(name, "checks")
            await wait_once(cond)
        items.pop()
async def main():
    cond = asyncio.Condition()
    cs = [asyncio.create_task(consumer(cond, f"c{i}")) for i in range(3)]
    for _ in range(3):
        await asyncio.sleep(1)
        async with cond:
            items.append(1)
            cond.WAKE()
    await asyncio.gather(*cs)
asyncio.run(main())
)PY";
    const Counts all = run_both(replace_all(program, "WAKE", "notify_all"));
    EXPECT_EQ(all.wakeups, 6);
    EXPECT_EQ(all.wasted, 3); // 2 after the first notify_all, 1 after the second
    const Counts one = run_both(replace_all(program, "WAKE", "notify"));
    EXPECT_EQ(one.wakeups, 3);
    EXPECT_EQ(one.wasted, 0);
}

TEST_F(Findings, PassingTheItemOnAndWaitingAgainIsStillWasted) {
    const Counts c = run_both(R"PY(
import asyncio
items = []
async def consumer(cond, name):
    async with cond:
        while not items or items[0] != name:
            await cond.wait()
            if items and items[0] != name:
                cond.notify()
        items.pop(0)
async def main():
    cond = asyncio.Condition()
    cs = [asyncio.create_task(consumer(cond, n)) for n in ("a", "b")]
    await asyncio.sleep(1)
    async with cond:
        items.append("b")
        cond.notify()
    await asyncio.gather(*cs)
asyncio.run(main())
)PY");
    EXPECT_EQ(c.wakeups, 2); // a is woken, passes it on to b
    EXPECT_EQ(c.wasted, 1);
}

// -- lost notifications and late wake-ups -----------------------------------------------------

const char* const kLostWakeup = R"PY(
import asyncio
LATE_NOTIFY = False
async def producer(cond):
    await asyncio.sleep(1)
    async with cond:
        cond.notify()
    if LATE_NOTIFY:
        await asyncio.sleep(4)
        async with cond:
            cond.notify()
async def consumer(cond):
    await asyncio.sleep(2)
    async with cond:
        await cond.wait()  # no check!
    print("consumer woke")
async def main():
    cond = asyncio.Condition()
    await asyncio.gather(producer(cond), consumer(cond))
asyncio.run(main())
)PY";

TEST_F(Findings, AnUnguardedWaitAfterANotifyLosesIt) {
    const Counts c = run_both(kLostWakeup);
    EXPECT_EQ(c.lost, 1);
    EXPECT_EQ(c.lost_findings, 1u);
    EXPECT_EQ(c.late, 0);
}

TEST_F(Findings, ALaterNotifyMakesItALateWakeupWithItsDelay) {
    const Counts c = run_both(kLostWakeup, Overrides{{"LATE_NOTIFY", "True"}});
    EXPECT_EQ(c.lost, 0);
    EXPECT_EQ(c.late, 1);
    EXPECT_NE(c.late_message.find("woken 4 s after the notify it missed"), std::string::npos)
        << c.late_message;
    EXPECT_EQ(c.stdout_text, "consumer woke\n");
}

TEST_F(Findings, AGuardedWaitAfterANotifyLosesNothing) {
    const Counts c = run_both(R"PY(
import asyncio
ready = False
async def producer(cond):
    global ready
    await asyncio.sleep(1)
    async with cond:
        ready = True
        cond.notify()
async def consumer(cond):
    await asyncio.sleep(2)
    async with cond:
        while not ready:
            await cond.wait()
async def main():
    cond = asyncio.Condition()
    await asyncio.gather(producer(cond), consumer(cond))
asyncio.run(main())
)PY");
    EXPECT_EQ(c.lost, 0);
    EXPECT_EQ(c.unheard, 1); // found no waiter, lost for nobody
}

TEST_F(Findings, AConsumerThatTimesOutByDesignLosesNothing) {
    const Counts c = run_both(R"PY(
import asyncio
items = []
async def consumer(cond):
    async with cond:
        try:
            await asyncio.wait_for(cond.wait_for(lambda: items), 1.0)
        except TimeoutError:
            print("nothing came")
async def main():
    cond = asyncio.Condition()
    async with cond:
        cond.notify()
    await consumer(cond)
asyncio.run(main())
)PY");
    EXPECT_EQ(c.stdout_text, "nothing came\n");
    EXPECT_EQ(c.lost, 0);
    EXPECT_EQ(c.lost_findings, 0u);
}

// -- wait / notify by a task that does not hold the lock ----------------------------------------

std::size_t findings_of(const std::string& source, const std::string& kind) {
    const Lesson lesson = parse_lesson_source(source, "findings.py");
    std::size_t n = 0;
    for (bool traced : {true, false}) {
        RunOptions o;
        o.line_trace = traced;
        std::size_t k = 0;
        for (const RunDiagnostic& d : run(lesson, {}, o).diagnostics)
            k += d.kind == kind;
        if (traced)
            n = k;
        else
            EXPECT_EQ(n, k);
    }
    return n;
}

TEST_F(Findings, NotifyWhileAnotherTaskHoldsTheLockIsReportedOnce) {
    const std::string program = R"PY(
import asyncio
async def holder(cond):
    async with cond:
        await asyncio.sleep(2)
async def notifier(cond):
    await asyncio.sleep(1)
    for _ in range(3):
        NOTIFY
async def main():
    cond = asyncio.Condition()
    await asyncio.gather(holder(cond), notifier(cond))
asyncio.run(main())
)PY";
    EXPECT_EQ(findings_of(replace_all(program, "NOTIFY", "cond.notify()"), "notify_without_lock"),
              1u);
    EXPECT_EQ(findings_of(replace_all(program, "NOTIFY", "await asyncio.sleep(0)"),
                          "notify_without_lock"),
              0u);
}

TEST_F(Findings, TheRecommendedTimedWaitHoldsItsOwnLock) {
    const std::string program = R"PY(
import asyncio
items = []
async def consumer(cond):
    async with cond:
        try:
            await asyncio.wait_for(WAIT, 1.0)
        except TimeoutError:
            pass
async def producer(cond):
    await asyncio.sleep(0.5)
    async with cond:
        items.append(1)
        cond.notify()
async def main():
    cond = asyncio.Condition()
    await asyncio.gather(consumer(cond), producer(cond))
asyncio.run(main())
)PY";
    for (const char* wait : {"cond.wait_for(lambda: items)", "cond.wait()"}) {
        const std::string src = replace_all(program, "WAIT", wait);
        EXPECT_EQ(findings_of(src, "wait_without_lock"), 0u) << wait;
        EXPECT_EQ(findings_of(src, "notify_without_lock"), 0u) << wait;
    }
}

// -- the lessons say what the analysis counts ------------------------------------------------

/// The count a lesson prints on a line "wasted wake-ups: N", -1 if none.
int printed_wasted(const std::string& out) {
    const std::string label = "wasted wake-ups: ";
    const std::size_t at = out.rfind(label);
    return at == std::string::npos ? -1 : std::stoi(out.substr(at + label.size()));
}

/// The findings of `kind` in a run of `source` (with the line trace).
std::vector<RunDiagnostic> findings_named(const std::string& source, const std::string& kind) {
    const RunResult r = run(parse_lesson_source(source, "findings.py"), {}, RunOptions{});
    std::vector<RunDiagnostic> out;
    for (const RunDiagnostic& d : r.diagnostics)
        if (d.kind == kind)
            out.push_back(d);
    return out;
}

// Lesson 13's race: w1 is notified, then cancelled before it resumes. With w2 still
// waiting, 3.11's dropped wake-up is w2's (a problem); alone, nothing is lost (a note).
const char* kNotifiedThenCancelled = R"py(import asyncio
WAITERS = 2
cond = asyncio.Condition()
jobs = []

async def worker(name):
    async with cond:
        try:
            while not jobs:
                await cond.wait()
            print(name, "took", jobs.pop())
        except asyncio.CancelledError:
            print(name, "cancelled")
            raise

async def main():
    ws = [asyncio.create_task(worker(f"w{i}"), name=f"w{i}") for i in range(1, WAITERS + 1)]
    await asyncio.sleep(1)
    async with cond:
        jobs.append("job")
        cond.notify()
    ws[0].cancel()
    await asyncio.wait_for(asyncio.gather(*ws, return_exceptions=True), 5)

try:
    asyncio.run(main())
except TimeoutError:
    print("timed out")
)py";

TEST_F(Findings, NotifiedThenCancelledWithAnotherWaiterIsAProblem) {
    const auto found = findings_named(kNotifiedThenCancelled, "notified_then_cancelled");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_FALSE(found[0].note);
    EXPECT_EQ(found[0].task, "w1");
    EXPECT_NE(found[0].message.find("1 other waiter on cond was still waiting"), std::string::npos)
        << found[0].message;
    // the run itself shows it: w2 never takes the job, wait_for gives up
    const RunResult r =
        run(parse_lesson_source(kNotifiedThenCancelled, "findings.py"), {}, RunOptions{});
    EXPECT_NE(r.stdout_text.find("timed out"), std::string::npos) << r.stdout_text;
    EXPECT_EQ(r.stdout_text.find("w2 took"), std::string::npos) << r.stdout_text;
    EXPECT_EQ(metric(r, "wakeups"), 0); // the dropped wake-up is not one
}

TEST_F(Findings, NotifiedThenCancelledAloneIsANote) {
    const std::string alone = replace_all(kNotifiedThenCancelled, "WAITERS = 2", "WAITERS = 1");
    const auto found = findings_named(alone, "notified_then_cancelled");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_TRUE(found[0].note);
    EXPECT_NE(found[0].message.find("no other task was waiting"), std::string::npos)
        << found[0].message;
}

// A task sleeps while it holds the lock: a problem only if another task needed the lock
// during the sleep.
const char* kSleepUnderLock = R"py(import asyncio
OTHER_AT = 0.5
lock = asyncio.Lock()

async def holder():
    async with lock:
        await asyncio.sleep(1)

async def other():
    await asyncio.sleep(OTHER_AT)
    async with lock:
        print("other got the lock at", asyncio.get_running_loop().time())

async def main():
    await asyncio.gather(holder(), other())

asyncio.run(main())
)py";

TEST_F(Findings, ASleepUnderALockAnotherTaskWaitsForIsAProblem) {
    const auto found = findings_named(kSleepUnderLock, "lock_held_across_sleep");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_FALSE(found[0].note);
    EXPECT_NE(found[0].message.find("waited 0.5 s for lock meanwhile (from t=0.5)"),
              std::string::npos)
        << found[0].message;
}

TEST_F(Findings, ASleepUnderALockNobodyNeedsIsANote) {
    const std::string later = replace_all(kSleepUnderLock, "OTHER_AT = 0.5", "OTHER_AT = 2");
    const auto found = findings_named(later, "lock_held_across_sleep");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_TRUE(found[0].note);
    EXPECT_NE(found[0].message.find("no other task needed lock meanwhile"), std::string::npos)
        << found[0].message;
}

// "Whose wait": in 3.11 wait_for(cond.wait(), T) runs the wait in an inner task; the
// predicate loop around it is in the awaiting task's frames, so the wait is guarded and
// its wake-ups are the awaiter's.
const char* kTimedBareWaitInALoop = R"py(import asyncio

cond = asyncio.Condition()
items = []


async def producer():
    async with cond:
        items.append(1)
        cond.notify()


async def consumer():
    await asyncio.sleep(1)
    for _ in range(2):
        async with cond:
            while not items:
                try:
                    await asyncio.wait_for(cond.wait(), 1)
                except TimeoutError:
                    print("consumer: nothing came, giving up")
                    return
            print("consumer took", items.pop())


async def main():
    await asyncio.gather(producer(), consumer())


asyncio.run(main())
)py";

TEST_F(Findings, ATimedBareWaitInAPredicateLoopIsGuarded) {
    const Counts c = run_both(kTimedBareWaitInALoop);
    EXPECT_EQ(c.stdout_text, "consumer took 1\nconsumer: nothing came, giving up\n");
    EXPECT_EQ(c.lost, 0);
    EXPECT_EQ(c.lost_findings, 0u);
    EXPECT_EQ(c.unheard, 1); // the producer's notify found nobody, and nobody missed it
}

const char* kTimedHerd = R"py(import asyncio

cond = asyncio.Condition()
items = []
wasted = 0


async def consumer(name):
    global wasted
    async with cond:
        woken = False
        while not items:
            if woken:
                wasted += 1
            try:
                await asyncio.wait_for(cond.wait(), 5)
            except TimeoutError:
                print(name, "gave up")
                return
            woken = True
        print(name, "took", items.pop())


async def producer():
    await asyncio.sleep(1)
    async with cond:
        items.append("x")
        cond.notify_all()


async def main():
    await asyncio.gather(consumer("a"), consumer("b"), producer())
    print("wasted wake-ups:", wasted)


asyncio.run(main())
)py";

TEST_F(Findings, TimedBareWaitsWokenForNothingAreWastedAndNamedAfterTheirAwaiter) {
    const Counts c = run_both(kTimedHerd);
    EXPECT_EQ(printed_wasted(c.stdout_text), 1) << c.stdout_text;
    EXPECT_EQ(c.wakeups, 2);
    EXPECT_EQ(c.wasted, 1);
    EXPECT_EQ(c.wasted_findings, 1u);
    const auto wasted = findings_named(kTimedHerd, "wasted_wakeup");
    ASSERT_EQ(wasted.size(), 1u);
    EXPECT_EQ(wasted[0].task.rfind("consumer#2's Condition.wait", 0), 0u) << wasted[0].task;
    // its own lock, re-acquired by the previous inner task, is not another task's
    EXPECT_TRUE(findings_named(kTimedHerd, "wait_without_lock").empty());
}

TEST_F(Findings, Lessons07And18PrintTheWastedWakeupsCondlabCounts) {
    int checked = 0;
    for (const char* name : {"11_notify_versus_notify_all.py", "12_thundering_herd.py"}) {
        const Lesson lesson = load_lesson(testing::source_dir() / "lessons" / name);
        std::vector<Overrides> settings{Overrides{}};
        for (const Preset& p : lesson.presets)
            settings.push_back(p.overrides);
        for (const Overrides& o : settings) {
            for (bool traced : {true, false}) {
                RunOptions opts;
                opts.line_trace = traced;
                const RunResult r = run(lesson, o, opts);
                const int printed = printed_wasted(r.stdout_text);
                if (printed < 0) { // a run that deadlocks prints no total
                    EXPECT_EQ(r.outcome, Outcome::Deadlock) << name << r.stdout_text;
                    continue;
                }
                ++checked;
                EXPECT_EQ(metric(r, "wasted_wakeups"), printed) << name << " traced=" << traced;
            }
        }
    }
    EXPECT_GE(checked, 12); // most settings complete and print their count
}

} // namespace
} // namespace condlab::lesson
