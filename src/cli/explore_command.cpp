// `condlab explore FILE ...` and `run --schedule F` (see explore_command.h).
#include "cli/explore_command.h"

#include "cli/cli.h"
#include "cli/commands.h"
#include "lesson/discovery.h"
#include "lesson/lesson.h"

#include <cstdio>
#include <fstream>
#include <memory>
#include <ostream>
#include <stdexcept>

namespace condlab::cli {

namespace {

const char* strategy_name(lesson::ExploreStrategy s) {
    switch (s) {
    case lesson::ExploreStrategy::Dfs:
        return "dfs";
    case lesson::ExploreStrategy::Random:
        return "random";
    case lesson::ExploreStrategy::Pct:
        return "pct";
    }
    return "dfs";
}

std::string plural(std::uint64_t n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

} // namespace

int run_explore(const ExploreArgs& ea, std::ostream& out, std::ostream& err) {
    auto path = find_program(ea.file, err);
    if (!path)
        return kExitUsage;
    lesson::Lesson l;
    try {
        l = lesson::load_lesson(*path);
    } catch (const std::exception& e) {
        return usage_error(err, e.what(), "explore");
    }
    if (!check_values(l, ea.overrides, "--set", "explore", err))
        return kExitUsage;
    const lesson::ExploreResult r = lesson::explore(l, ea.overrides, ea.options);
    if (!r.error.empty()) {
        err << r.error << "\n";
        return kExitUsage;
    }
    const lesson::ExploreOptions& o = ea.options;
    std::string how = std::string(strategy_name(o.strategy)) + ", bound " + std::to_string(o.bound);
    if (o.strategy != lesson::ExploreStrategy::Dfs)
        how += ", seed " + std::to_string(o.seed);
    if (!r.found) {
        out << "nothing found: " << plural(r.explored, "schedule") << " explored (" << how
            << (r.exhaustive ? "; exhaustive for the bound" : "; not exhaustive")
            << "); CPython's own schedule: " << lesson::outcome_name(r.default_outcome) << "\n";
        return kExitComplete;
    }
    out << "found: " << lesson::outcome_name(r.outcome) << " after "
        << plural(r.explored, "schedule") << " (" << how << "; shrunk in "
        << plural(r.shrink_runs, "run") << ")\n";
    out << plural(r.deviations.size(), "deviation") << ": " << r.sentence << "\n";
    out << "outcome: " << r.summary << "\n";
    out << "CPython's own schedule: " << lesson::outcome_name(r.default_outcome) << "\n";
    for (const auto& [number, duration] : r.schedule.durations) {
        char buf[96];
        std::snprintf(buf, sizeof buf, "  timer %llu lasts %.17g s\n",
                      static_cast<unsigned long long>(number), duration);
        out << buf;
    }
    if (!ea.schedule_out.empty()) {
        std::ofstream f(ea.schedule_out, std::ios::binary);
        f << lesson::schedule_to_json(r.schedule, path->filename().string(), r.deviations);
        if (!f) {
            err << "condlab: --schedule-out " << ea.schedule_out << ": cannot write\n";
            return kExitUsage;
        }
        out << "schedule written to " << ea.schedule_out << " (replay: condlab run " << ea.file
            << " --schedule " << ea.schedule_out << ")\n";
    }
    return lesson::exit_status(r.outcome);
}

Command add_explore_command(CLI::App& top, const Io& io) {
    auto ea = std::make_shared<ExploreArgs>();
    auto sets = std::make_shared<std::vector<std::string>>();
    CLI::App* cmd = top.add_subcommand(
        "explore", "search the timings of a program for one that breaks it (docs/timing-model.md)");
    cmd->footer(
        "\nRe-runs FILE once per timing (line tracing off) until one ends as --until asks,\n"
        "shrinks it to the fewest deviations and says what they are. Exit status: 0\n"
        "nothing found, 3 deadlock, 1 exception, 4 budget, 2 usage error. Replay a\n"
        "schedule with: condlab run FILE --schedule F.");
    add_file_option(*cmd, ea->file);
    add_set_option(*cmd, *sets, "override a top-level `NAME = <literal>` (repeatable)");
    cmd->add_option("--bound", ea->options.bound, "at most K deviations (dfs; default 2)")
        ->type_name("K")
        ->check(CLI::Range(0, 16));
    cmd->add_option_function<std::string>(
           "--strategy",
           [ea](const std::string& v) {
               ea->options.strategy = *lesson::parse_explore_strategy(v);
           },
           "dfs (default: exhaustive for the bound), random or pct")
        ->type_name("NAME")
        ->check([](const std::string& v) {
            return lesson::parse_explore_strategy(v)
                       ? std::string()
                       : "expects dfs, random or pct, got '" + v + "'";
        });
    cmd->add_option("--runs", ea->options.runs, "schedules to sample (random / pct), or a cap")
        ->type_name("N")
        ->check(CLI::PositiveNumber);
    cmd->add_option("--seed", ea->options.seed, "the seed of random / pct (default 1)")
        ->type_name("S");
    cmd->add_option_function<std::string>(
           "--until",
           [ea](const std::string& v) { ea->options.until = *lesson::parse_explore_until(v); },
           "stop at: deadlock, exception, budget or any (default: any but complete)")
        ->type_name("WHAT")
        ->check([](const std::string& v) {
            return lesson::parse_explore_until(v)
                       ? std::string()
                       : "expects deadlock, exception, budget or any, got '" + v + "'";
        });
    cmd->add_option("--schedule-out", ea->schedule_out, "write the schedule found to F")
        ->type_name("F");
    return Command{cmd, [ea, sets, io] {
                       if (std::string e = add_overrides(*sets, ea->overrides); !e.empty())
                           return usage_error(io.err, e, "explore");
                       return run_explore(*ea, io.out, io.err);
                   }};
}

bool run_with_schedule(const std::string& path, const std::string& schedule_file,
                       const lesson::Overrides& overrides, const lesson::RunOptions& options,
                       lesson::RunResult& result, std::ostream& err) {
    lesson::Schedule s;
    lesson::Lesson l;
    try {
        s = lesson::load_schedule(schedule_file);
        l = lesson::load_lesson(path);
    } catch (const std::exception& e) {
        err << "condlab: --schedule: " << e.what() << "\n";
        return false;
    }
    for (const auto& [name, value] : overrides)
        lesson::set_override(s.overrides, name, value);
    result = lesson::run_schedule(l, s, options);
    return true;
}

} // namespace condlab::cli
