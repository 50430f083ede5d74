// `# predict:` questions (questions.h): the blocks a lesson declares, and every malformed
// line reported as "PATH:LINE: message".
#include "lesson/lesson.h"
#include "lesson/questions.h"

#include <gtest/gtest.h>

#include <string>

namespace condlab::lesson {
namespace {

const char* kProgram = R"PY(import asyncio

N = 3  # param: 1..5 | Waiters
# compare: two: N=2

cond = asyncio.Condition()


async def waiter(name):
    async with cond:
        await cond.wait()
        print(name)
)PY";

Lesson parse(const std::string& metadata) {
    return parse_lesson_source(std::string(kProgram) + metadata, "q.py");
}

TEST(Questions, ParsesBlocks) {
    Lesson l = parse("# predict: at start ask outcome | How does it end?\n"            // 13
                     "# predict: choices complete | *deadlock\n"                       // 14
                     "# predict: reveal Nobody notifies:\n"                            // 15
                     "# predict: reveal the waiters wait for ever.\n"                  // 16
                     "# predict: in two at first notify on cond by p ask woken | W?\n" // 17
                     "# predict: choices w0 | *w0, w1 | nobody\n"
                     "# predict: reveal x\n"
                     "# predict: in N=4 at line \"await cond.wait()\" by w1 ask next task | T?\n"
                     "# predict: choices *w2 | w3\n"
                     "# predict: reveal y\n"
                     "# predict: at end ask woken includes w2 | Does w2 wake?\n"
                     "# predict: choices yes | *no\n"
                     "# predict: reveal z\n"
                     "# predict: at line 11 ask time first print by w0 is 2.5 | At 2.5?\n"
                     "# predict: choices *yes | no\n"
                     "# predict: reveal t\n"
                     "# predict: at first stuck ask blame stuck w0 | Where?\n"
                     "# predict: choices *\"await cond.wait()\" | line 10\n"
                     "# predict: reveal b\n");
    ASSERT_TRUE(l.errors.empty()) << l.errors.front();
    ASSERT_EQ(l.questions.size(), 6u);

    const Question& q0 = l.questions[0];
    EXPECT_EQ(q0.line, 13u);
    EXPECT_EQ(q0.selector, "default");
    EXPECT_TRUE(q0.overrides.empty());
    EXPECT_EQ(q0.anchor.kind, QuestionAnchor::Kind::Start);
    EXPECT_EQ(q0.answer.kind, AnswerSpec::Kind::Outcome);
    EXPECT_EQ(q0.text, "How does it end?");
    EXPECT_EQ(q0.choices, (std::vector<std::string>{"complete", "deadlock"}));
    EXPECT_EQ(q0.expected, 1);
    EXPECT_EQ(q0.explanation, "Nobody notifies: the waiters wait for ever.");

    const Question& q1 = l.questions[1];
    EXPECT_EQ(q1.selector, "two");
    EXPECT_EQ(q1.overrides, (Overrides{{"N", "2"}}));
    EXPECT_EQ(q1.anchor.kind, QuestionAnchor::Kind::Event);
    EXPECT_EQ(q1.anchor.event, "notify");
    EXPECT_EQ(q1.anchor.object, "cond");
    EXPECT_EQ(q1.anchor.task, "p");
    EXPECT_EQ(q1.anchor.describe(), "first notify on cond by p");
    EXPECT_EQ(q1.answer.kind, AnswerSpec::Kind::Woken);
    EXPECT_EQ(q1.choices[1], "w0, w1");

    const Question& q2 = l.questions[2];
    EXPECT_EQ(q2.overrides, (Overrides{{"N", "4"}}));
    EXPECT_EQ(q2.anchor.kind, QuestionAnchor::Kind::Line);
    EXPECT_EQ(q2.anchor.line, 11u); // the code line, not the docstring-free comment
    EXPECT_EQ(q2.anchor.line_text, "await cond.wait()");
    EXPECT_EQ(q2.anchor.task, "w1");
    EXPECT_EQ(q2.answer.kind, AnswerSpec::Kind::NextTask);

    const Question& q3 = l.questions[3];
    EXPECT_EQ(q3.anchor.kind, QuestionAnchor::Kind::End);
    EXPECT_TRUE(q3.answer.yes_no());
    EXPECT_EQ(q3.answer.test, AnswerSpec::Test::Includes);
    EXPECT_EQ(q3.answer.test_value, "w2");
    EXPECT_EQ(q3.answer.describe(), "woken includes w2");

    const Question& q4 = l.questions[4];
    EXPECT_EQ(q4.anchor.line, 11u);
    EXPECT_EQ(q4.answer.kind, AnswerSpec::Kind::Time);
    EXPECT_EQ(q4.answer.event.event, "print");
    EXPECT_EQ(q4.answer.event.task, "w0");
    EXPECT_EQ(q4.answer.test, AnswerSpec::Test::Is);
    EXPECT_EQ(q4.answer.describe(), "time first print by w0 is 2.5");

    const Question& q5 = l.questions[5];
    EXPECT_EQ(q5.anchor.event, "stuck");
    EXPECT_EQ(q5.answer.kind, AnswerSpec::Kind::Blame);
    EXPECT_EQ(q5.answer.blame, "stuck");
    EXPECT_EQ(q5.answer.blame_target, "w0");
    EXPECT_EQ(q5.choices[0], "\"await cond.wait()\"");
}

TEST(Questions, WordsKeepQuotedText) {
    EXPECT_EQ(question_words(R"(line "a b" by  c1)"),
              (std::vector<std::string>{"line", "\"a b\"", "by", "c1"}));
    EXPECT_EQ(question_words(R"(x="a \" b" y)"), (std::vector<std::string>{"x=\"a \\\" b\"", "y"}));
    EXPECT_EQ(unquote(R"("a \"b\" \\ c")"), "a \"b\" \\ c");
    EXPECT_EQ(quote("a \"b\" \\ c"), R"("a \"b\" \\ c")");
    EXPECT_THROW(unquote("abc"), std::invalid_argument);
    EXPECT_THROW(unquote("\"a\" b\""), std::invalid_argument);
}

TEST(Questions, FindsTheOneCodeLine) {
    EXPECT_EQ(find_source_line(kProgram, "cond.wait()"), 11u);
    EXPECT_EQ(find_source_line(kProgram, "print(name)"), 12u);
    EXPECT_THROW(find_source_line(kProgram, "cond"), std::invalid_argument); // 6, 10, 11
    EXPECT_THROW(find_source_line(kProgram, "no such text"), std::invalid_argument);
    // A comment or a docstring line is no line of code.
    EXPECT_THROW(find_source_line("\"\"\"x = 1\"\"\"\n# x = 1\n", "x = 1"), std::invalid_argument);
}

struct BadCase {
    std::string metadata;
    std::string error; // the expected message start, after "q.py:13: "
};

TEST(Questions, MalformedLinesNameFileAndLine) {
    const std::vector<BadCase> cases = {
        {"# predict: at start ask outcome\n", "expected '# predict: [in SELECTOR] at ANCHOR"},
        {"# predict: at start outcome | q\n", "expected '[in SELECTOR] at ANCHOR ask ANSWER"},
        {"# predict: at step 3 ask outcome | q\n", "expected an anchor: start, end, line N"},
        {"# predict: at first bark ask outcome | q\n", "unknown event 'bark' (known: notify,"},
        {"# predict: at first notify on ask outcome | q\n", "expected 'on OBJECT' or 'by TASK'"},
        {"# predict: at line 0 ask outcome | q\n", "expected a line number or a quoted line text"},
        {"# predict: at line \"cond\" ask outcome | q\n", "the line text 'cond' is on more than"},
        {"# predict: at line \"nope\" ask outcome | q\n", "no line of code contains 'nope'"},
        {"# predict: at start ask who | q\n", "expected an answer: outcome, next task"},
        {"# predict: at start ask time stuck | q\n", "'stuck' is no single event"},
        {"# predict: at start ask metric nope | q\n", "unknown metric 'nope'"},
        {"# predict: at start ask blame finding nope | q\n", "unknown finding kind 'nope'"},
        {"# predict: at start ask outcome includes w0 | q\n", "'includes TASK' follows 'woken'"},
        {"# predict: at start ask outcome is maybe | q\n", "bad outcome 'maybe'"},
        {"# predict: at start ask metric wakeups is 1 2 | q\n", "expected one value after 'is'"},
        {"# predict: choices a | *b\n", "'choices' without a question before it"},
        {"# predict: reveal x\n", "'reveal' without a question before it"},
        {"# predict: at start ask outcome | q\n# predict: choices *complete\n",
         "a question needs at least two choices"},
        {"# predict: at start ask outcome | q\n# predict: choices complete | deadlock\n",
         "mark the expected choice with '*'"},
        {"# predict: at start ask outcome | q\n# predict: choices *complete | *deadlock\n",
         "more than one choice is marked with '*'"},
        {"# predict: at start ask outcome | q\n# predict: choices *complete | output \"x\"\n",
         "an outcome choice is complete, deadlock, budget or exception TYPE"},
        {"# predict: at start ask metric wakeups | q\n# predict: choices *1 | two\n",
         "expected a number, got 'two'"},
        {"# predict: at start ask woken | q\n# predict: choices *w0 | w0 w1\n",
         "expected task names joined with ','"},
        {"# predict: at start ask next output | q\n# predict: choices *\"a\" | b\n",
         "expected a quoted text, got 'b'"},
        {"# predict: at start ask woken includes w0 | q\n# predict: choices *y | n\n",
         "a yes/no question's choices are yes and no"},
        {"# predict: at start ask outcome | q\n# predict: choices *complete | complete\n",
         "the choice 'complete' is listed twice"},
        {"# predict: at start ask blame exception | q\n# predict: choices *line 3 | \"nope\"\n",
         "no line of code contains 'nope'"},
        {"# predict: at start ask outcome | q\n# predict: reveal x\n",
         "the question has no '# predict: choices A | *B' line"},
        {"# predict: at start ask outcome | q\n# predict: choices *complete | deadlock\n",
         "the question has no '# predict: reveal ...' line"},
        {"# predict: in nope at start ask outcome | q\n# predict: choices *complete | deadlock\n"
         "# predict: reveal x\n",
         "unknown preset or bad selector 'nope'"},
        {"# predict: in M=1 at start ask outcome | q\n# predict: choices *complete | deadlock\n"
         "# predict: reveal x\n",
         "unknown parameter 'M'"},
    };
    for (const BadCase& c : cases) {
        SCOPED_TRACE(c.metadata);
        const Lesson l = parse(c.metadata);
        ASSERT_EQ(l.errors.size(), 1u) << (l.errors.empty() ? "" : l.errors[0]);
        const std::string& e = l.errors[0];
        EXPECT_TRUE(e.starts_with("q.py:13: ") || e.starts_with("q.py:14: ")) << e;
        EXPECT_NE(e.find(c.error), std::string::npos) << e;
    }
}

TEST(Questions, ABrokenBlockIsReportedOnceAndSkipped) {
    Lesson l = parse("# predict: at first bark ask outcome | q\n"
                     "# predict: choices *complete | deadlock\n"
                     "# predict: reveal x\n"
                     "# predict: at start ask outcome | ok\n"
                     "# predict: choices *complete | deadlock\n"
                     "# predict: reveal y\n");
    ASSERT_EQ(l.errors.size(), 1u);
    EXPECT_TRUE(l.errors[0].starts_with("q.py:13: unknown event 'bark'")) << l.errors[0];
    ASSERT_EQ(l.questions.size(), 1u);
    EXPECT_EQ(l.questions[0].text, "ok");
    EXPECT_EQ(l.questions[0].line, 16u);
}

} // namespace
} // namespace condlab::lesson
