// apply_overrides (lesson.h): the literal's text span is replaced, line numbers are kept,
// errors name the parameter; byte-identical to tools/lesson_params.py `apply`.
#include "lesson/lesson.h"
#include "lesson_test_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace condlab::lesson {
namespace {

std::size_t count_lines(const std::string& s) { return std::count(s.begin(), s.end(), '\n'); }

TEST(Overrides, ReplacesOnlyTheLiteral) {
    std::string src = "X = 1  # param: 0..5 | x\nY: float = 2.5\nZ = (\n  1,\n  2)\nprint(X)\n";
    EXPECT_EQ(apply_overrides(src, {{"X", " 4 "}}),
              "X = 4  # param: 0..5 | x\nY: float = 2.5\nZ = (\n  1,\n  2)\nprint(X)\n");
    EXPECT_EQ(apply_overrides(src, {{"Y", "0.5"}, {"X", "'a'"}}),
              "X = 'a'  # param: 0..5 | x\nY: float = 0.5\nZ = (\n  1,\n  2)\nprint(X)\n");
    std::string multi = apply_overrides(src, {{"Z", "[3]"}});
    EXPECT_EQ(multi, "X = 1  # param: 0..5 | x\nY: float = 2.5\nZ = ([3]\n\n)\nprint(X)\n");
    EXPECT_EQ(count_lines(multi), count_lines(src));
    EXPECT_EQ(apply_overrides(src, {}), src);
}

TEST(Overrides, Errors) {
    std::string src = "X = 1\n";
    try {
        (void)apply_overrides(src, {{"NOPE", "1"}});
        FAIL();
    } catch (const ParameterError& e) {
        EXPECT_EQ(e.kind(), ParameterError::Kind::UnknownName);
        EXPECT_EQ(e.name(), "NOPE");
        EXPECT_STREQ(e.what(), "unknown parameter 'NOPE'");
    }
    try {
        (void)apply_overrides(src, {{"X", "abc"}});
        FAIL();
    } catch (const ParameterError& e) {
        EXPECT_EQ(e.kind(), ParameterError::Kind::BadValue);
        EXPECT_STREQ(e.what(), "not a Python literal: 'abc'");
    }
    EXPECT_THROW((void)apply_overrides(src, {{"X", "1\n2"}}), ParameterError);
    EXPECT_THROW((void)apply_overrides(src, {{"X", "__import__('os')"}}), ParameterError);
}

TEST(Overrides, SetOverrideKeepsFirstPosition) {
    Overrides o;
    set_override(o, "A", "1");
    set_override(o, "B", "2");
    set_override(o, "A", "3");
    EXPECT_EQ(o, (Overrides{{"A", "3"}, {"B", "2"}}));
    ASSERT_NE(find_override(o, "B"), nullptr);
    EXPECT_EQ(*find_override(o, "B"), "2");
    EXPECT_EQ(find_override(o, "C"), nullptr);
}

// tools/lesson_params.py apply_overrides() on each override set, in one python3 process.
std::vector<std::string> reference_apply(const std::filesystem::path& file,
                                         const std::vector<Overrides>& sets) {
    nlohmann::json j = nlohmann::json::array();
    for (const Overrides& o : sets) {
        nlohmann::json pairs = nlohmann::json::array();
        for (const auto& [n, v] : o)
            pairs.push_back({n, v});
        j.push_back(pairs);
    }
    std::string script =
        "import sys, json; sys.path.insert(0, sys.argv[1]); import lesson_params as lp; "
        "src = open(sys.argv[2], encoding='utf-8').read(); "
        "print(json.dumps([lp.apply_overrides(src, dict(s)) for s in json.loads(sys.argv[3])]))";
    int status = 0;
    std::string out = testing::capture(
        testing::python3() + " -c " + testing::shell_quote(script) + " " +
            testing::shell_quote((testing::source_dir() / "tools").string()) + " " +
            testing::shell_quote(file.string()) + " " + testing::shell_quote(j.dump()),
        status);
    if (status != 0)
        return {};
    return nlohmann::json::parse(out).get<std::vector<std::string>>();
}

// Every preset and expectation of every shipped lesson, plus a value per parameter.
TEST(Overrides, ShippedLessonsMatchLessonParamsPy) {
    for (const auto& f : testing::shipped_lessons()) {
        SCOPED_TRACE(f.filename().string());
        Lesson l = load_lesson(f);
        std::vector<Overrides> sets;
        for (const Preset& p : l.presets)
            sets.push_back(p.overrides);
        for (const Expectation& e : l.expectations)
            sets.push_back(e.overrides);
        Overrides all;
        for (const Param& p : l.params) {
            std::string v =
                p.spec && p.spec->kind == ParamSpec::Kind::Choice && !p.spec->choices.empty()
                    ? p.spec->choices.back().repr()
                : p.spec && p.spec->kind == ParamSpec::Kind::Bool
                    ? (p.value.boolean ? "False" : "True")
                    : python_float_repr(p.spec ? p.spec->hi : 1.0);
            all.emplace_back(p.name, v);
        }
        sets.push_back(all);
        std::vector<std::string> want = reference_apply(f, sets);
        ASSERT_EQ(want.size(), sets.size());
        for (std::size_t i = 0; i < sets.size(); ++i)
            EXPECT_EQ(apply_overrides(l.source, sets[i]), want[i]);
    }
}

} // namespace
} // namespace condlab::lesson
