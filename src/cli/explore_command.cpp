// `condlab explore FILE ...` and `run --schedule F` (see explore_command.h).
#include "cli/explore_command.h"

#include "cli/cli.h"
#include "lesson/discovery.h"
#include "lesson/lesson.h"

#include <cstdio>
#include <fstream>
#include <ostream>
#include <stdexcept>

namespace condlab::cli {

std::string explore_help_text() {
    return R"(Exploring timings (docs/timing-model.md):
  condlab explore FILE [--set NAME=VALUE]... [--bound K] [--strategy dfs|random|pct]
                       [--runs N] [--seed S] [--until deadlock|exception|budget|any]
                       [--schedule-out F]
        re-run FILE once per timing (line tracing off) until one ends as --until
        asks (default any: every outcome but complete); shrink it to the fewest
        deviations and say what they are. dfs (default): every schedule with at
        most K deviations (default 2), exhaustive for K (--runs N caps it);
        random / pct: N samples (default 1000) from seed S (default 1). Exit
        status: 0 nothing found, 3 deadlock, 1 exception, 4 budget, 2 usage error
  condlab run FILE --schedule F
        replay a schedule file (written by --schedule-out)
)";
}

namespace {

bool parse_count(const std::string& text, std::uint64_t& value) {
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos ||
        text.size() > 18)
        return false;
    value = std::stoull(text);
    return true;
}

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

std::string parse_explore_args(const std::vector<std::string>& args, ExploreArgs& ea) {
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& s = args[i];
        std::string value;
        auto take = [&](const char* opt) -> bool {
            if (s == opt && i + 1 < args.size()) {
                value = args[++i];
                return true;
            }
            const std::string prefix = std::string(opt) + "=";
            if (s.starts_with(prefix)) {
                value = s.substr(prefix.size());
                return true;
            }
            return false;
        };
        std::uint64_t n = 0;
        if (take("--set")) {
            const std::size_t eq = value.find('=');
            const std::string name =
                eq == std::string::npos ? "" : std::string(lesson::strip(value.substr(0, eq)));
            if (name.empty())
                return "--set expects NAME=VALUE, got " + lesson::py_repr(value);
            lesson::set_override(ea.overrides, name, value.substr(eq + 1));
        } else if (take("--bound")) {
            if (!parse_count(value, n) || n > 16)
                return "--bound expects a number of deviations 0..16, got " +
                       lesson::py_repr(value);
            ea.options.bound = static_cast<int>(n);
        } else if (take("--strategy")) {
            auto st = lesson::parse_explore_strategy(value);
            if (!st)
                return "--strategy expects dfs, random or pct, got " + lesson::py_repr(value);
            ea.options.strategy = *st;
        } else if (take("--runs")) {
            if (!parse_count(value, n) || n == 0)
                return "--runs expects a number >= 1, got " + lesson::py_repr(value);
            ea.options.runs = n;
        } else if (take("--seed")) {
            if (!parse_count(value, n))
                return "--seed expects a number >= 0, got " + lesson::py_repr(value);
            ea.options.seed = n;
        } else if (take("--until")) {
            auto u = lesson::parse_explore_until(value);
            if (!u)
                return "--until expects deadlock, exception, budget or any, got " +
                       lesson::py_repr(value);
            ea.options.until = *u;
        } else if (take("--schedule-out")) {
            ea.schedule_out = value;
        } else if (s.size() > 1 && s[0] == '-') {
            return "unknown option " + s + " for explore (or it needs a value)";
        } else if (ea.file.empty()) {
            ea.file = s;
        } else {
            return "explore takes one FILE (got " + ea.file + " and " + s + ")";
        }
    }
    if (ea.file.empty())
        return "explore needs a FILE";
    return "";
}

int run_explore(const ExploreArgs& ea, std::ostream& out, std::ostream& err) {
    auto path = lesson::resolve_lesson(ea.file);
    if (!path) {
        err << ea.file << ": No such file or directory\n";
        return kExitUsage;
    }
    lesson::Lesson l;
    try {
        l = lesson::load_lesson(*path);
    } catch (const std::exception& e) {
        return usage_error(err, e.what());
    }
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

int cmd_explore(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    ExploreArgs ea;
    if (std::string e = parse_explore_args(args, ea); !e.empty())
        return usage_error(err, e);
    return run_explore(ea, out, err);
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
