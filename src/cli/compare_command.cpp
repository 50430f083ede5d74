// `condlab compare FILE --a "..." --b "..."` (see compare_command.h).
#include "cli/compare_command.h"

#include "cli/cli.h"
#include "lesson/compare.h"
#include "lesson/discovery.h"
#include "lesson/lesson.h"

#include <ostream>
#include <stdexcept>

namespace condlab::cli {

std::string compare_help_text() {
    return R"(Comparing runs and sweeping parameters:
  condlab compare FILE (--a "NAME=VALUE ..." | --preset-a NAME)
                       (--b "NAME=VALUE ..." | --preset-b NAME)
        run A and B and print their metrics side by side ('*' marks rows that
        differ) and the first step where the two runs diverge
  condlab sweep FILE --x NAME=lo:hi:n [--y NAME=lo:hi:n] [--set NAME=VALUE]...
                     [--metric M] [--csv OUT]
        run the grid (line tracing off) and print a map: one glyph per outcome
        (. complete, D deadlock, E exception, B budget), or with --metric the
        metric's value in buckets 0-9; --csv writes every cell to OUT ('-' for
        stdout). Metrics: finish_time iterations wakeups wasted_wakeups
        lost_notifies lock_wait_time max_waiters (and the other run metrics)
)";
}

int cmd_compare(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    std::string file, a_text, b_text, preset_a, preset_b;
    bool have_a = false, have_b = false;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& s = args[i];
        auto value = [&](std::string& dst, bool& flag) -> bool {
            if (i + 1 >= args.size())
                return false;
            if (flag)
                return false;
            dst = args[++i];
            flag = true;
            return true;
        };
        if (s == "--a") {
            if (!value(a_text, have_a))
                return usage_error(err, "--a needs one \"NAME=VALUE ...\" (or use --preset-a)");
        } else if (s == "--b") {
            if (!value(b_text, have_b))
                return usage_error(err, "--b needs one \"NAME=VALUE ...\" (or use --preset-b)");
        } else if (s == "--preset-a") {
            if (!value(preset_a, have_a))
                return usage_error(err, "--preset-a needs one NAME (or use --a)");
        } else if (s == "--preset-b") {
            if (!value(preset_b, have_b))
                return usage_error(err, "--preset-b needs one NAME (or use --b)");
        } else if (s.size() > 1 && s[0] == '-') {
            return usage_error(err, "unknown option " + s + " for compare");
        } else if (file.empty()) {
            file = s;
        } else {
            return usage_error(err, "compare takes one FILE (got " + file + " and " + s + ")");
        }
    }
    if (file.empty())
        return usage_error(err, "compare needs a FILE");
    if (!have_a || !have_b)
        return usage_error(err, "compare needs A (--a or --preset-a) and B (--b or --preset-b)");
    auto path = lesson::resolve_lesson(file);
    if (!path) {
        err << file << ": No such file or directory\n";
        return 2;
    }
    try {
        lesson::Lesson l = lesson::load_lesson(*path);
        lesson::Overrides oa = preset_a.empty() ? lesson::parse_assignments(a_text)
                                                : lesson::preset_overrides(l, preset_a);
        lesson::Overrides ob = preset_b.empty() ? lesson::parse_assignments(b_text)
                                                : lesson::preset_overrides(l, preset_b);
        lesson::CompareResult c = lesson::compare_runs(l, oa, ob);
        c.a_name = preset_a.empty() ? "A" : "A (" + preset_a + ")";
        c.b_name = preset_b.empty() ? "B" : "B (" + preset_b + ")";
        for (const lesson::RunResult* r : {&c.a, &c.b}) {
            if (r->outcome == lesson::Outcome::UsageError)
                return usage_error(err, (r == &c.a ? "A: " : "B: ") +
                                            r->stderr_text.substr(0, r->stderr_text.find('\n')));
        }
        out << "A: " << (oa.empty() ? "(defaults)" : "");
        for (const auto& [n, v] : oa)
            out << n << "=" << v << " ";
        out << "\nB: " << (ob.empty() ? "(defaults)" : "");
        for (const auto& [n, v] : ob)
            out << n << "=" << v << " ";
        out << "\n\n" << lesson::format_compare_table(c);
        return 0;
    } catch (const std::exception& e) {
        return usage_error(err, e.what());
    }
}

} // namespace condlab::cli
