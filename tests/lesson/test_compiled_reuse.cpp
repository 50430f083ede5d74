// Parameter variants reuse the lesson's compiled code (python/code_cache.h). A run must be the
// same whichever way its code object was made: same outcome, output and trace, for every
// shipped lesson with each parameter at both ends of its range and with each compare preset.
#include "lesson/lesson.h"
#include "lesson/runner.h"
#include "lesson_test_support.h"
#include "python/source_variant.h"
#include "trace/trace_json.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace condlab::lesson {
namespace {

std::vector<Overrides> variants_of(const Lesson& l) {
    std::vector<Overrides> out{{}};
    for (const Param& p : l.params) {
        if (!p.spec)
            continue;
        const ParamSpec& s = *p.spec;
        switch (s.kind) {
        case ParamSpec::Kind::Bool:
            out.push_back({{p.name, "True"}});
            out.push_back({{p.name, "False"}});
            break;
        case ParamSpec::Kind::Choice:
            for (const LiteralValue& c : s.choices)
                out.push_back({{p.name, c.repr()}});
            break;
        case ParamSpec::Kind::Int:
            out.push_back({{p.name, std::to_string(static_cast<long long>(s.lo))}});
            out.push_back({{p.name, std::to_string(static_cast<long long>(s.hi))}});
            break;
        case ParamSpec::Kind::Float:
            out.push_back({{p.name, python_float_repr(s.lo)}});
            out.push_back({{p.name, python_float_repr(s.hi)}});
            break;
        }
    }
    for (const Preset& preset : l.presets)
        out.push_back(preset.overrides);
    return out;
}

TEST(CompiledReuse, RunsEqualCompilingTheVariantText) {
    const python::CompileCounts before = python::compile_counts();
    int compared = 0;
    for (const auto& path : testing::shipped_lessons()) {
        const Lesson l = load_lesson(path);
        for (const Overrides& o : variants_of(l)) {
            SCOPED_TRACE(path.filename().string() + " with " + std::to_string(o.size()) +
                         " override(s)" + (o.empty() ? "" : ": " + o[0].first + "=" + o[0].second));
            RunOptions fresh;
            fresh.reuse_compiled = false;
            const RunResult a = run(l, o, fresh);
            const RunResult b = run(l, o, RunOptions{});
            EXPECT_EQ(a.outcome, b.outcome);
            EXPECT_EQ(a.stdout_text, b.stdout_text);
            EXPECT_EQ(a.stderr_text, b.stderr_text);
            ASSERT_TRUE(a.trace && b.trace);
            EXPECT_EQ(write_trace_json(*a.trace), write_trace_json(*b.trace));
            ++compared;
        }
    }
    const python::CompileCounts after = python::compile_counts();
    EXPECT_GT(compared, 50);
    // the cache really served most variants (not a fallback to compiling every text)
    EXPECT_GT(after.patched - before.patched, static_cast<std::uint64_t>(compared) / 2);
}

TEST(CompiledReuse, FallsBackWhenTheLiteralIsNotAConstant) {
    const Lesson l = parse_lesson_source("X = 1  # param: 0..5 | x\nprint(X, type(X))\n",
                                         "/tmp/condlab_reuse_fallback.py");
    const python::CompileCounts before = python::compile_counts();
    const RunResult list = run(l, {{"X", "[1, 2]"}}, RunOptions{});
    EXPECT_EQ(list.stdout_text, "[1, 2] <class 'list'>\n");
    const RunResult num = run(l, {{"X", "2.5"}}, RunOptions{});
    EXPECT_EQ(num.stdout_text, "2.5 <class 'float'>\n");
    const python::CompileCounts after = python::compile_counts();
    EXPECT_EQ(after.patched - before.patched, 1u); // 2.5; the list was compiled from its text
}

} // namespace
} // namespace condlab::lesson
