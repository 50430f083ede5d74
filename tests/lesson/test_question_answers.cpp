// Answers computed from real runs (question_answers.h), each kind against what the program
// prints (checked under python3 on tools/reference_harness.py) or a hand count, and
// check_lesson() failing a question whose marked choice is not the computed answer.
#include "lesson/check.h"
#include "lesson/question_answers.h"

#include <gtest/gtest.h>

#include <string>

namespace condlab::lesson {
namespace {

// python3 tools/reference_harness.py prints (N=2):
//   1.0 notify(2) / 1.0 w0 woken / 1.0 w1 woken / 2.5 notify_all / 2.5 w2 woken / done
// and with N=0: 1.0 notify(0) / 2.5 notify_all / 2.5 w0 woken / w1 / w2 / done.
const char* kWaiters = R"PY(import asyncio

N = 2  # param: 0..3 | n in notify(n)

cond = asyncio.Condition()


def now():
    return asyncio.get_running_loop().time()


async def waiter(name):
    async with cond:
        await cond.wait()
        print(f"{now():.1f} {name} woken")


async def notifier():
    await asyncio.sleep(1)
    async with cond:
        print(f"{now():.1f} notify({N})")
        cond.notify(N)
    await asyncio.sleep(1.5)
    async with cond:
        print(f"{now():.1f} notify_all")
        cond.notify_all()


async def main():
    tasks = [asyncio.create_task(waiter(f"w{i}"), name=f"w{i}") for i in range(3)]
    tasks.append(asyncio.create_task(notifier(), name="notifier"))
    await asyncio.gather(*tasks)
    print("done")


asyncio.run(main())
)PY";

// python3: exits 1 with "IndexError: pop from empty list" raised at line 6.
const char* kRaises = R"PY(import asyncio


async def main():
    items = []
    items.pop()


asyncio.run(main())
)PY";

// python3: prints "0.0 notify" and exit status 3 on the harness (deadlock): the notify at
// t=0 finds no waiter (lost), the waiter then waits at line 15 for ever.
const char* kLost = R"PY(import asyncio

cond = asyncio.Condition()


async def notifier():
    async with cond:
        print("0.0 notify")
        cond.notify()


async def waiter():
    await asyncio.sleep(1)
    async with cond:
        await cond.wait()


async def main():
    await asyncio.gather(asyncio.create_task(notifier(), name="notifier"),
                         asyncio.create_task(waiter(), name="w"))


asyncio.run(main())
)PY";

class QuestionAnswers : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { start_interpreter(); }

    // The answer to one question (its `# predict:` first line; the choices are added here).
    static QuestionAnswer answer(const char* program, const std::string& question,
                                 const std::string& choices = "*a | b") {
        Lesson l = parse_lesson_source(std::string(program) + "# predict: " + question +
                                           " | q\n# predict: choices " + choices +
                                           "\n# predict: reveal r\n",
                                       "t.py");
        EXPECT_TRUE(l.errors.empty()) << (l.errors.empty() ? "" : l.errors[0]);
        if (l.questions.empty())
            return {};
        const Question& q = l.questions[0];
        m_last = run(l, q.overrides);
        return compute_answer(q, m_last);
    }
    static std::string text(const char* program, const std::string& question,
                            const std::string& choices = "*a | b") {
        const QuestionAnswer a = answer(program, question, choices);
        return a.ok ? a.answer : "error: " + a.error;
    }
    static inline RunResult m_last;
};

TEST_F(QuestionAnswers, Woken) {
    EXPECT_EQ(text(kWaiters, "at start ask woken", "*w0 | w1"), "w0, w1");
    EXPECT_EQ(text(kWaiters, "at first notify_all ask woken", "*w0 | w1"), "w2");
    EXPECT_EQ(text(kWaiters, "in N=0 at start ask woken", "*w0 | w1"), "nobody");
    EXPECT_EQ(text(kWaiters, "in N=0 at first notify_all ask woken", "*w0 | w1"), "w0, w1, w2");
    // The choice matches in any order.
    const QuestionAnswer a = answer(kWaiters, "at start ask woken", "w0 | *w1, w0 | nobody");
    EXPECT_EQ(a.choice, 1);
}

TEST_F(QuestionAnswers, NextOutputIsWhatTheProgramPrints) {
    const std::string first = text(kWaiters, "at start ask next output", "*\"x\" | nothing");
    ASSERT_FALSE(m_last.stdout_lines().empty());
    EXPECT_EQ(first, quote(m_last.stdout_lines()[0]));
    EXPECT_EQ(text(kWaiters, "at first notify ask next output", "*\"x\" | nothing"),
              "\"1.0 w0 woken\"");
    EXPECT_EQ(text(kWaiters, "at first print by w1 ask next output", "*\"x\" | nothing"),
              "\"2.5 notify_all\"");
    EXPECT_EQ(text(kWaiters, "at end ask next output", "*\"x\" | nothing"), "nothing");
}

TEST_F(QuestionAnswers, NextTaskAndNextHolder) {
    // Tasks run in creation order at t=0: after w2's first wait comes the notifier.
    EXPECT_EQ(text(kWaiters, "at line \"await cond.wait()\" by w2 ask next task", "*a | b"),
              "notifier");
    EXPECT_EQ(text(kWaiters, "at start ask next task", "*a | b"), "main");
    // notify(2) wakes w0 then w1: w0 re-acquires the condition's lock first.
    EXPECT_EQ(text(kWaiters, "at first notify ask next holder cond", "*a | b"), "w0");
    EXPECT_EQ(text(kWaiters, "at first print by w0 ask next holder cond", "*a | b"), "w1");
    EXPECT_EQ(text(kWaiters, "at first notify_all ask next holder cond", "*a | b"), "w2");
    EXPECT_EQ(text(kWaiters, "at end ask next holder cond", "*a | b"), "nobody");
}

TEST_F(QuestionAnswers, MetricsOutcomeAndTimes) {
    // Hand count: three waiters, each woken once.
    EXPECT_EQ(text(kWaiters, "at start ask metric wakeups", "*3 | 4"), "3");
    EXPECT_EQ(text(kWaiters, "at start ask metric finish_time", "*3 | 4"), "2.5");
    EXPECT_EQ(text(kWaiters, "at start ask outcome", "*complete | deadlock"), "complete");
    EXPECT_EQ(text(kWaiters, "at start ask time first notify_all", "*2.5 | 1"), "2.5");
    EXPECT_EQ(text(kWaiters, "at start ask time print by w2", "*2.5 | 1"), "2.5");
    EXPECT_EQ(text(kWaiters, "at first notify ask time notify", "*2.5 | 1"),
              "error: no notify event after the anchor");
    EXPECT_EQ(text(kRaises, "at start ask outcome", "*complete | deadlock"),
              "exception IndexError");
    EXPECT_EQ(text(kLost, "at start ask outcome", "*complete | deadlock"), "deadlock");
    EXPECT_EQ(text(kLost, "at start ask metric lost_notifies", "*1 | 0"), "1");
}

TEST_F(QuestionAnswers, YesNo) {
    EXPECT_EQ(text(kWaiters, "at start ask woken includes w1", "*yes | no"), "yes");
    EXPECT_EQ(text(kWaiters, "at start ask woken includes w2", "*yes | no"), "no");
    EXPECT_EQ(text(kWaiters, "at start ask outcome is complete", "*yes | no"), "yes");
    EXPECT_EQ(text(kWaiters, "at start ask metric wakeups is 2", "*yes | no"), "no");
    EXPECT_EQ(text(kWaiters, "at start ask next output is \"1.0 notify(2)\"", "*yes | no"), "yes");
}

TEST_F(QuestionAnswers, Blame) {
    EXPECT_EQ(text(kRaises, "at start ask blame exception", "*line 6 | line 5"), "line 6");
    EXPECT_EQ(m_last.error_line, 6u);
    const QuestionAnswer a =
        answer(kRaises, "at start ask blame exception", "\"items = []\" | *\"items.pop()\"");
    EXPECT_EQ(a.choice, 1);
    EXPECT_EQ(text(kLost, "at start ask blame stuck w", "*line 15 | line 14"), "line 15");
    const std::string finding =
        text(kLost, "at start ask blame finding lost_notify", "*line 1 | line 2");
    ASSERT_FALSE(m_last.diagnostics.empty());
    for (const RunDiagnostic& d : m_last.diagnostics)
        if (d.kind == "lost_notify") {
            EXPECT_EQ(finding, "line " + std::to_string(d.line));
            break;
        }
    EXPECT_EQ(text(kWaiters, "at start ask blame stuck w0", "*line 1 | line 2"),
              "error: w0 is not stuck at the end of this run");
}

TEST_F(QuestionAnswers, AnchorsGiveTheirStep) {
    QuestionAnswer start = answer(kWaiters, "at start ask outcome", "*complete | deadlock");
    EXPECT_EQ(start.anchor_step, 0u);
    EXPECT_EQ(start.anchor_event, kNoEvent);
    QuestionAnswer notify = answer(kWaiters, "at first notify ask outcome", "*complete | deadlock");
    ASSERT_TRUE(notify.ok);
    const TraceEvent& e = m_last.trace->events()[notify.anchor_event];
    EXPECT_EQ(e.op, PrimitiveOp::ConditionNotify);
    EXPECT_EQ(e.step, notify.anchor_step);
    EXPECT_EQ(m_last.trace->steps()[notify.anchor_step].time, 1.0);
    QuestionAnswer end = answer(kWaiters, "at end ask outcome", "*complete | deadlock");
    EXPECT_EQ(end.anchor_step + 1, m_last.trace->step_count());
    QuestionAnswer stuck = answer(kLost, "at first stuck ask outcome", "*complete | deadlock");
    ASSERT_TRUE(stuck.ok) << stuck.error;
    EXPECT_EQ(m_last.trace->steps()[stuck.anchor_step].time, 1.0); // w waits from t=1 on
    QuestionAnswer never = answer(kWaiters, "at line \"print(\\\"done\\\")\" by w0 ask outcome",
                                  "*complete | deadlock");
    EXPECT_FALSE(never.ok);
    EXPECT_EQ(never.error, "w0 never executes line 33 in this run");
}

TEST_F(QuestionAnswers, CheckFailsAWrongMark) {
    Lesson l = parse_lesson_source(
        std::string(kWaiters) + "# predict: at start ask woken | Who does notify(2) wake?\n"
                                "# predict: choices *w0 | w0, w1 | nobody\n"
                                "# predict: reveal The two waiting longest.\n"
                                "# predict: at start ask metric wakeups | How many wake-ups?\n"
                                "# predict: choices 2 | *3\n"
                                "# predict: reveal One each.\n"
                                "# predict: at start ask metric wasted_wakeups | How many wasted?\n"
                                "# predict: choices 1 | *2\n"
                                "# predict: reveal None: nobody is in a loop.\n",
        "t.py");
    ASSERT_TRUE(l.errors.empty()) << l.errors.front();
    const LessonCheck c = check_lesson(l, true);
    EXPECT_EQ(c.passed, 1);
    EXPECT_EQ(c.failed, 2);
    EXPECT_EQ(c.messages,
              (std::vector<std::string>{
                  "FAIL t.py:37: predict: the marked choice is w0 but the run answers w0, w1",
                  "ok   t.py:40: predict: metric wakeups = 3",
                  "FAIL t.py:43: predict: the run answers 0, which is none of the choices"}));
}

} // namespace
} // namespace condlab::lesson
