// Parameter values against a lesson's declarations (param_check.h): --set overrides before a
// run, and the metadata `condlab check` rejects.
#include "lesson/param_check.h"

#include "lesson/discovery.h"
#include "lesson_test_support.h"

#include <gtest/gtest.h>

namespace condlab::lesson {
namespace {

const char* kSource = "DELAY = 1.0  # param: 0..3 step 0.5 | delay\n"
                      "N = 2  # param: 1..4\n"
                      "FLAG = True  # param: bool\n"
                      "MODE = \"a\"  # param: choice \"a\", \"b\"\n"
                      "PLAIN = 5\n"
                      "NAME = 'x'\n";

TEST(ParamCheck, OverridesOfTheWrongKindAreErrors) {
    const Lesson l = parse_lesson_source(kSource, "p.py");
    EXPECT_TRUE(check_overrides(l, {{"DELAY", "2.5"}, {"FLAG", "False"}, {"MODE", "'b'"}}).empty());
    auto message = [&](const Overrides& o) {
        try {
            (void)check_overrides(l, o);
        } catch (const ParameterError& e) {
            return std::string(e.what());
        }
        return std::string("(no error)");
    };
    EXPECT_EQ(message({{"DELAY", "'slow'"}}), "expects a number (0..3), got the string 'slow'");
    EXPECT_EQ(message({{"PLAIN", "None"}}), "expects a number, got None");
    EXPECT_EQ(message({{"FLAG", "1.5"}}), "expects True or False, got 1.5");
    EXPECT_EQ(message({{"MODE", "b"}}),
              "not a Python literal: 'b'; a string needs Python quotes: MODE=\"b\" (in a shell: "
              "'MODE=\"b\"')");
    EXPECT_EQ(message({{"NOPE", "1"}}), "unknown parameter 'NOPE' (known: DELAY, N, FLAG, MODE)");
    EXPECT_EQ(message({{"NAME", "3"}}), "(no error)"); // a number for a string: Python's call
}

TEST(ParamCheck, ValuesOutsideTheDeclarationAreWarnings) {
    const Lesson l = parse_lesson_source(kSource, "p.py");
    EXPECT_EQ(check_overrides(l, {{"DELAY", "9"}, {"N", "2.5"}, {"MODE", "'c'"}}),
              (std::vector<std::string>{"DELAY=9 is outside its declared range 0..3",
                                        "N=2.5 is not an int (declared range 1..4)",
                                        "MODE='c' is not one of its choices 'a', 'b'"}));
}

TEST(ParamCheck, EveryLessonHasSoundMetadata) {
    auto dir = find_lessons_dir();
    ASSERT_TRUE(dir.has_value());
    for (const auto& f : lesson_files(*dir)) {
        const Lesson l = load_lesson(f);
        EXPECT_EQ(l.errors, std::vector<std::string>{}) << f;
        EXPECT_EQ(metadata_problems(l), std::vector<std::string>{}) << f;
    }
}

TEST(ParamCheck, MetadataProblems) {
    const Lesson l = parse_lesson_source("A = 0  # param: 3..1\n"
                                         "B = 0  # param: 1..1\n"
                                         "C = 2  # param: 0..4 step -1\n"
                                         "D = 7  # param: 0..4\n"
                                         "# compare: p: A=1 D='x'\n",
                                         "m.py");
    EXPECT_EQ(metadata_problems(l),
              (std::vector<std::string>{
                  "m.py:1: A: the range 3..1 is reversed (LO..HI with LO < HI)",
                  "m.py:1: the default A=0 is outside its declared range 3..1",
                  "m.py:2: B: the range 1..1 is empty (LO..HI with LO < HI)",
                  "m.py:2: the default B=0 is outside its declared range 1..1",
                  "m.py:3: C: step -1 must be > 0",
                  "m.py:4: the default D=7 is outside its declared range 0..4",
                  "m.py:5: preset 'p': A=1 is outside its declared range 3..1",
                  "m.py:5: preset 'p': D: expects a number (0..4), got the string 'x'"}));
}

} // namespace
} // namespace condlab::lesson
