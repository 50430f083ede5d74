// Lesson metadata (lesson.h): docstring/title, params with specs, goals, presets,
// expectations, errors; and the same results as tools/lesson_params.py (and CPython's
// docstring) on what both parse, for every shipped lesson.
#include "lesson/lesson.h"
#include "lesson_test_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

namespace condlab::lesson {
namespace {

const char* kLesson = R"PY("""# Two consumers

Some *Markdown*.
"""
import asyncio

DELAY = 2  # param: 1..5 | Producer delay (s)
WORK = 0.5  # param: 0..3 step 0.5 | Work (s)
MODE = "notify"  # param: choice "notify", "notify_all" | Wake-up
LOCKED = False  # param: bool
HIDDEN = 7

# goal: deadlock | Make it hang.
# goal: output "all done" | Finish.
# goal: exception asyncio.CancelledError | Cancel it.
# compare: a: MODE="notify" DELAY=1
# compare: b: MODE="notify_all" WORK=1.5
# expect: default -> complete
# expect: a -> deadlock
# expect: DELAY=3 MODE='a b' -> output "x y"
# expect: HIDDEN=8 -> budget
)PY";

TEST(LessonFormat, ParsesEveryPart) {
    Lesson l = parse_lesson_source(kLesson, "demo.py");
    EXPECT_TRUE(l.errors.empty()) << l.errors.front();
    EXPECT_EQ(l.title, "Two consumers");
    EXPECT_EQ(l.doc, "# Two consumers\n\nSome *Markdown*.");

    ASSERT_EQ(l.params.size(), 4u);
    EXPECT_EQ(l.params[0].name, "DELAY");
    EXPECT_EQ(l.params[0].spec->kind, ParamSpec::Kind::Int);
    EXPECT_EQ(l.params[0].spec->lo, 1);
    EXPECT_EQ(l.params[0].spec->hi, 5);
    EXPECT_FALSE(l.params[0].spec->step.has_value());
    EXPECT_EQ(l.params[0].label, "Producer delay (s)");
    EXPECT_EQ(l.params[0].line, 7u);
    EXPECT_EQ(l.params[1].spec->kind, ParamSpec::Kind::Float);
    EXPECT_EQ(*l.params[1].spec->step, 0.5);
    EXPECT_EQ(l.params[1].value.real, 0.5);
    EXPECT_EQ(l.params[2].spec->kind, ParamSpec::Kind::Choice);
    ASSERT_EQ(l.params[2].spec->choices.size(), 2u);
    EXPECT_EQ(l.params[2].spec->choices[1].text, "notify_all");
    EXPECT_EQ(l.params[2].text, "\"notify\"");
    EXPECT_EQ(l.params[3].spec->kind, ParamSpec::Kind::Bool);
    EXPECT_EQ(l.params[3].label, "LOCKED"); // no label: the name
    EXPECT_EQ(l.literals.size(), 5u);
    EXPECT_NE(l.find_literal("HIDDEN"), nullptr);
    EXPECT_EQ(l.find_param("HIDDEN"), nullptr);

    ASSERT_EQ(l.goals.size(), 3u);
    EXPECT_EQ(l.goals[0].outcome.kind, ExpectedOutcome::Kind::Deadlock);
    EXPECT_EQ(l.goals[0].description, "Make it hang.");
    EXPECT_EQ(l.goals[1].outcome.line, "all done");
    EXPECT_EQ(l.goals[2].outcome.exception_type, "asyncio.CancelledError");

    ASSERT_EQ(l.presets.size(), 2u);
    EXPECT_EQ(l.presets[1].name, "b");
    EXPECT_EQ(l.presets[1].overrides, (Overrides{{"MODE", "\"notify_all\""}, {"WORK", "1.5"}}));

    ASSERT_EQ(l.expectations.size(), 4u);
    EXPECT_TRUE(l.expectations[0].overrides.empty());
    EXPECT_EQ(l.expectations[1].overrides, l.presets[0].overrides);
    EXPECT_EQ(l.expectations[2].overrides, (Overrides{{"DELAY", "3"}, {"MODE", "'a b'"}}));
    EXPECT_EQ(l.expectations[2].outcome.line, "x y");
    EXPECT_EQ(l.expectations[3].outcome.kind, ExpectedOutcome::Kind::Budget);
    EXPECT_EQ(l.expectations[3].line, 21u);
}

TEST(LessonFormat, MalformedLinesAreErrors) {
    const char* src = "X = 1  # param: wat\n"
                      "y = f()  # param: 0..1\n"
                      "# goal: explode | no\n"
                      "# compare: nocolon\n"
                      "# expect: default => complete\n"
                      "# expect: nosuch -> complete\n"
                      "# expect: Z=1 -> complete\n"
                      "# compare: p: X=[1,\n";
    Lesson l = parse_lesson_source(src, "bad.py");
    ASSERT_EQ(l.errors.size(), 8u);
    EXPECT_EQ(l.errors[0], "bad.py:1: bad param spec 'wat'");
    EXPECT_EQ(l.errors[1], "bad.py:2: '# param:' not on a top-level literal assignment");
    EXPECT_EQ(l.errors[2], "bad.py:3: bad outcome 'explode'");
    EXPECT_EQ(l.errors[3], "bad.py:4: expected '# compare: NAME: A=1 B=2'");
    EXPECT_EQ(l.errors[4], "bad.py:5: expected '# expect: SELECTOR -> OUTCOME'");
    EXPECT_EQ(l.errors[5], "bad.py:8: X: not a Python literal: '[1,'");
    EXPECT_EQ(l.errors[6].rfind("bad.py:6: unknown preset or bad selector 'nosuch'", 0), 0u);
    EXPECT_EQ(l.errors[7], "bad.py: Z=1: unknown parameter 'Z'");
}

TEST(LessonFormat, SpecsAndOutcomes) {
    EXPECT_EQ(parse_spec("0.5..3 step 0.5").kind, ParamSpec::Kind::Float);
    EXPECT_EQ(parse_spec("0.5..3 step 0.5").lo, 0.5);
    EXPECT_EQ(parse_spec("-2..2").lo, -2);
    EXPECT_EQ(parse_spec("1 .. 4").hi, 4);
    EXPECT_EQ(parse_spec("1..4 step 1").kind, ParamSpec::Kind::Int);
    EXPECT_EQ(parse_spec("1..4.0").kind, ParamSpec::Kind::Float);
    EXPECT_EQ(parse_spec("choice 1").choices.size(), 1u);
    EXPECT_THROW(parse_spec("choice"), std::invalid_argument);
    EXPECT_THROW(parse_spec("True..2"), std::invalid_argument);
    EXPECT_THROW(parse_spec("1..x"), std::invalid_argument);
    EXPECT_THROW(parse_spec("1..2 step"), std::invalid_argument);

    EXPECT_EQ(parse_outcome(" complete ").kind, ExpectedOutcome::Kind::Complete);
    EXPECT_EQ(parse_outcome("output \"a \"quoted\" b\"").line, "a \"quoted\" b");
    EXPECT_EQ(parse_outcome("output \"\"").line, "");
    EXPECT_EQ(parse_outcome("exception a.b_c.D1").exception_type, "a.b_c.D1");
    EXPECT_THROW(parse_outcome("exception 1x"), std::invalid_argument);
    EXPECT_THROW(parse_outcome("exceptionX"), std::invalid_argument);
    EXPECT_THROW(parse_outcome("output x"), std::invalid_argument);
    EXPECT_THROW(parse_outcome("output \""), std::invalid_argument);
    EXPECT_THROW(parse_outcome("Complete"), std::invalid_argument);
    EXPECT_EQ(parse_outcome("output \"x\"").describe(), "output \"x\"");
}

TEST(LessonFormat, Assignments) {
    EXPECT_EQ(parse_assignments("A=1 B='x y' C=[1, 2]"),
              (Overrides{{"A", "1"}, {"B", "'x y'"}, {"C", "[1, 2]"}}));
    EXPECT_EQ(parse_assignments("  A = 1  "), (Overrides{{"A", "1"}}));
    EXPECT_EQ(parse_assignments("A=1 A=2"), (Overrides{{"A", "2"}}));
    EXPECT_EQ(parse_assignments(""), Overrides{});
    EXPECT_THROW(parse_assignments("A"), std::invalid_argument);
    EXPECT_THROW(parse_assignments("A=x"), ParameterError);
    try {
        (void)parse_assignments("WAKE=notify_all B=1");
        ADD_FAILURE() << "no error";
    } catch (const ParameterError& e) { // the bare word gets run's hint (validate_value)
        EXPECT_EQ(e.name(), "WAKE");
        EXPECT_STREQ(e.what(), "not a Python literal: 'notify_all'; a string needs Python "
                               "quotes: WAKE=\"notify_all\" (in a shell: 'WAKE=\"notify_all\"')");
    }
    EXPECT_THROW(parse_assignments("1=2"), std::invalid_argument);
}

// ---------------------------------------------------------------------------
// Same answers as tools/lesson_params.py, the reference harness's helper, on what both parse
// (literals, presets, expectations; `show` prints its parse as JSON), and as CPython's
// ast.get_docstring on the docstring.
// ---------------------------------------------------------------------------

nlohmann::ordered_json reference_parse(const std::filesystem::path& file) {
    int status = 0;
    std::string out = testing::capture(
        testing::python3() + " " +
            testing::shell_quote((testing::source_dir() / "tools/lesson_params.py").string()) +
            " show " + testing::shell_quote(file.string()) + " 2>&1",
        status);
    if (status != 0) {
        ADD_FAILURE() << "lesson_params.py show " << file << ": " << out;
        return nullptr;
    }
    return nlohmann::ordered_json::parse(out, nullptr, false);
}

// CPython's docstring of each file, in order (null for none).
nlohmann::json cpython_docstrings(const std::vector<std::filesystem::path>& files) {
    std::string cmd = testing::python3() + " -c " +
                      testing::shell_quote("import ast, json, sys; print(json.dumps("
                                           "[ast.get_docstring(ast.parse(open(f).read())) "
                                           "for f in sys.argv[1:]]))");
    for (const auto& f : files) {
        cmd += ' ';
        cmd += testing::shell_quote(f.string()); // FIXME(gcc12): " " + string trips -Wrestrict
    }
    int status = 0;
    const std::string out = testing::capture(cmd, status);
    EXPECT_EQ(status, 0) << out;
    return nlohmann::json::parse(out, nullptr, false);
}

std::string outcome_kind(const ExpectedOutcome& o) {
    switch (o.kind) {
    case ExpectedOutcome::Kind::Complete:
        return "complete";
    case ExpectedOutcome::Kind::Deadlock:
        return "deadlock";
    case ExpectedOutcome::Kind::Budget:
        return "budget";
    case ExpectedOutcome::Kind::Exception:
        return "exception";
    case ExpectedOutcome::Kind::Output:
        return "output";
    case ExpectedOutcome::Kind::Metric:
        return "metric";
    case ExpectedOutcome::Kind::Finding:
        return "finding";
    case ExpectedOutcome::Kind::NoFinding:
        return "no_finding";
    }
    return "";
}

Overrides overrides_of(const nlohmann::ordered_json& assigns) {
    Overrides out;
    for (auto& [n, v] : assigns.items())
        out.emplace_back(n, v.get<std::string>());
    return out;
}

// Both readers agree on one lesson: its literals, presets and expectations.
void expect_same_parse(const Lesson& l, const nlohmann::ordered_json& ref) {
    ASSERT_EQ(l.literals.size(), ref["literals"].size());
    std::size_t i = 0;
    for (auto& [name, p] : ref["literals"].items()) {
        const Param& mine = l.literals[i++];
        EXPECT_EQ(mine.name, name);
        EXPECT_EQ(mine.text, p["text"].get<std::string>());
        EXPECT_EQ(mine.line, p["lineno"].get<unsigned>());
        EXPECT_EQ(mine.end_line, p["end_lineno"].get<unsigned>());
    }
    ASSERT_EQ(l.presets.size(), ref["compare"].size());
    for (const Preset& p : l.presets) {
        ASSERT_TRUE(ref["compare"].contains(p.name)) << p.name;
        EXPECT_EQ(p.overrides, overrides_of(ref["compare"][p.name])) << p.name;
    }
    ASSERT_EQ(l.expectations.size(), ref["expect"].size());
    for (std::size_t k = 0; k < l.expectations.size(); ++k) {
        const auto& re = ref["expect"][k];
        const Expectation& e = l.expectations[k];
        EXPECT_EQ(e.selector, re["selector"].get<std::string>());
        EXPECT_EQ(e.line, re["line"].get<unsigned>());
        EXPECT_EQ(outcome_kind(e.outcome), re["outcome"]["kind"].get<std::string>());
        if (re["outcome"].contains("line"))
            EXPECT_EQ(e.outcome.line, re["outcome"]["line"].get<std::string>());
        if (re["outcome"].contains("type"))
            EXPECT_EQ(e.outcome.exception_type, re["outcome"]["type"].get<std::string>());
        EXPECT_EQ(e.overrides, overrides_of(re["overrides"]));
    }
}

TEST(LessonFormat, ShippedLessonsMatchLessonParamsPyAndCPython) {
    auto files = testing::shipped_lessons();
    ASSERT_FALSE(files.empty());
    const nlohmann::json docs = cpython_docstrings(files);
    ASSERT_TRUE(docs.is_array() && docs.size() == files.size());
    for (std::size_t f = 0; f < files.size(); ++f) {
        SCOPED_TRACE(files[f].filename().string());
        nlohmann::ordered_json ref = reference_parse(files[f]);
        ASSERT_TRUE(ref.is_object()) << "lesson_params.py show failed";
        Lesson l = load_lesson(files[f]);
        EXPECT_TRUE(l.errors.empty()) << (l.errors.empty() ? "" : l.errors.front());
        EXPECT_EQ(l.doc, docs[f].is_null() ? "" : docs[f].get<std::string>());
        expect_same_parse(l, ref);
    }
}

// The harness's helper reads only what running under CPython needs: condlab's other
// metadata lines (question, goals, specs; present and future) never stop a lesson there.
TEST(LessonFormat, LessonParamsPySkipsCondlabOnlyMetadata) {
    const auto file = std::filesystem::temp_directory_path() / "condlab_skip_metadata.py";
    std::ofstream(file) << "\"\"\"# Skip\"\"\"\n"
                           "DELAY = 1  # param: a spec only condlab reads\n"
                           "# goal: fix the lost wake-up | a goal in a future form\n"
                           "# predict: Which task finishes first? | choice alice, bob\n"
                           "# hint: not metadata of today\n"
                           "# compare: slow: DELAY=3\n"
                           "# expect: slow -> metric wasted_wakeups 2\n"
                           "# expect: default -> complete\n"
                           "print(DELAY)\n";
    nlohmann::ordered_json ref = reference_parse(file);
    ASSERT_TRUE(ref.is_object());
    Lesson l = load_lesson(file);
    expect_same_parse(l, ref);
    EXPECT_EQ(ref["expect"][0]["overrides"]["DELAY"], "3");
    std::filesystem::remove(file);
}

} // namespace
} // namespace condlab::lesson
