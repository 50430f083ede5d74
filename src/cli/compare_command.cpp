// `condlab compare FILE (--a "..." | --preset-a NAME) (--b "..." | --preset-b NAME)`.
#include "cli/cli.h"
#include "cli/commands.h"
#include "lesson/compare.h"
#include "lesson/discovery.h"
#include "lesson/lesson.h"

#include <memory>
#include <optional>
#include <ostream>
#include <stdexcept>

namespace condlab::cli {

namespace {

struct CompareArgs {
    std::string file;
    std::string a_text, b_text, preset_a, preset_b;
};

// "A: NAME=VALUE NAME=VALUE" (no trailing space), or "A: (defaults)".
std::string describe_side(const std::string& label, const lesson::Overrides& o) {
    std::string line = label + ":";
    for (const auto& [n, v] : o)
        line += " " + n + "=" + v;
    return o.empty() ? line + " (defaults)" : line;
}

// One side's overrides: its --a / --b text or its preset, checked as run checks --set.
std::optional<lesson::Overrides> side_overrides(const lesson::Lesson& l, const std::string& text,
                                                const std::string& preset, const char* side,
                                                const Io& io) {
    const std::string option =
        preset.empty() ? std::string("--") + side : std::string("--preset-") + side + " " + preset;
    lesson::Overrides o; // an unknown preset throws: compare_command's usage error
    try {
        o = preset.empty() ? lesson::parse_assignments(text) : lesson::preset_overrides(l, preset);
    } catch (const lesson::ParameterError& e) {
        if (!preset.empty())
            throw;
        // a value that is not a literal
        usage_error(io.err, l.path + ": " + option + " " + e.name() + ": " + e.what(), "compare");
        return std::nullopt;
    }
    if (!check_values(l, o, option, "compare", io.err))
        return std::nullopt;
    return o;
}

int compare_command(const CompareArgs& a, const Io& io) {
    auto path = find_program(a.file, io.err);
    if (!path)
        return kExitUsage;
    try {
        lesson::Lesson l = lesson::load_lesson(*path);
        const std::optional<lesson::Overrides> oa =
            side_overrides(l, a.a_text, a.preset_a, "a", io);
        if (!oa)
            return kExitUsage;
        const std::optional<lesson::Overrides> ob =
            side_overrides(l, a.b_text, a.preset_b, "b", io);
        if (!ob)
            return kExitUsage;
        lesson::CompareResult c = lesson::compare_runs(l, *oa, *ob);
        c.a_name = a.preset_a.empty() ? "A" : "A (" + a.preset_a + ")";
        c.b_name = a.preset_b.empty() ? "B" : "B (" + a.preset_b + ")";
        for (const lesson::RunResult* r : {&c.a, &c.b})
            if (r->outcome == lesson::Outcome::UsageError)
                return usage_error(io.err,
                                   (r == &c.a ? "A: " : "B: ") +
                                       r->stderr_text.substr(0, r->stderr_text.find('\n')),
                                   "compare");
        io.out << describe_side("A", *oa) << "\n" << describe_side("B", *ob) << "\n\n";
        io.out << lesson::format_compare_table(c);
        return kExitComplete;
    } catch (const std::exception& e) {
        return usage_error(io.err, e.what(), "compare");
    }
}

} // namespace

Command add_compare_command(CLI::App& top, const Io& io) {
    auto a = std::make_shared<CompareArgs>();
    CLI::App* cmd = top.add_subcommand(
        "compare", "run two variants of a program and print their metrics side by side");
    cmd->footer("\nPrints the metrics of A and B ('*' marks rows that differ) and the first step\n"
                "where the two runs diverge. Exit status 0, or 2 for a usage error.");
    add_file_option(*cmd, a->file);
    CLI::Option* av =
        cmd->add_option("--a", a->a_text, "A's overrides, e.g. \"DELAY=1 WAKE='notify'\"")
            ->type_name("\"NAME=VALUE ...\"");
    CLI::Option* ap = cmd->add_option("--preset-a", a->preset_a, "A is this '# compare:' preset")
                          ->type_name("NAME")
                          ->excludes(av);
    CLI::Option* bv =
        cmd->add_option("--b", a->b_text, "B's overrides")->type_name("\"NAME=VALUE ...\"");
    CLI::Option* bp = cmd->add_option("--preset-b", a->preset_b, "B is this '# compare:' preset")
                          ->type_name("NAME")
                          ->excludes(bv);
    av->excludes(ap);
    bv->excludes(bp);
    return Command{cmd, [a, io, av, ap, bv, bp] {
                       if (av->count() + ap->count() == 0 || bv->count() + bp->count() == 0)
                           return usage_error(io.err,
                                              "compare needs A (--a or --preset-a) and "
                                              "B (--b or --preset-b)",
                                              "compare");
                       return compare_command(*a, io);
                   }};
}

} // namespace condlab::cli
