// `condlab run FILE [options]`: a program or lesson headless, like python3 would run it.
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/explore_command.h"
#include "cli/exports.h"
#include "lesson/diagnostic_groups.h"
#include "lesson/discovery.h"
#include "lesson/lesson.h"
#include "lesson/runner.h"

#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <memory>
#include <optional>
#include <sstream>

namespace condlab::cli {

namespace {

namespace fs = std::filesystem;
using lesson::Outcome;

constexpr const char* kFooter = R"(
VALUE of --set is a Python literal: 2.5, "notify_all", True; in a shell quote
strings twice: --set 'WAKE="notify_all"'. Open a --chrome-trace file in
ui.perfetto.dev or chrome://tracing.

stdout is exactly what the program prints; tracebacks, deadlock and budget
reports and diagnostics go to stderr.

Budgets (whichever comes first ends the run): 1000000 executed lines
(with line tracing; with --no-line-trace only when --max-lines is given),
100000 loop iterations, 1e6 s of virtual time, 2 s of wall-clock time,
1 MiB (1048576 bytes) of output on stdout + stderr.

Exit status: 0 complete, 1 exception, 2 syntax or usage error, 3 deadlock,
4 budget exceeded; n for sys.exit(n) as CPython (condlab --help has the table).)";

/// `--diagnostics`: which findings `run` prints.
enum class DiagnosticsShown : std::uint8_t { Grouped, All, None };

/// The deadlock / budget report (unless the program layer already printed one).
void report_unfinished(const lesson::RunResult& r, std::ostream& text) {
    const char* marker = r.outcome == Outcome::Deadlock ? "deadlock" : "budget exceeded";
    if (r.stderr_text.find(marker) != std::string::npos)
        return;
    text << r.summary << "\n";
    if (!r.analysis)
        return; // (the summary says how many tasks; which and why is the analysis's to say)
    // A herd of blocked tasks: the first few say it all.
    constexpr std::size_t kShown = 12;
    const auto& blocked = r.analysis->outcome.blocked;
    for (std::size_t i = 0; i < blocked.size() && i < kShown; ++i)
        text << "  " << blocked[i].explanation << "\n";
    if (blocked.size() > kShown)
        text << "  ... and " << blocked.size() - kShown << " more tasks\n";
}

/// Everything `run` prints on stderr after the program's own stderr: the deadlock / budget
/// report and the diagnostics (grouped, all or none). Written with one write: a flood of
/// findings must not cost a call per line.
void report(const lesson::RunResult& r, DiagnosticsShown which, std::ostream& err) {
    std::ostringstream text;
    const bool unfinished = r.outcome == Outcome::Deadlock || r.outcome == Outcome::Budget;
    if (unfinished)
        report_unfinished(r, text);
    std::vector<lesson::RunDiagnostic> shown;
    for (const lesson::RunDiagnostic& d : r.diagnostics) {
        // unfinished tasks are already in the deadlock / budget report
        if (d.kind == "never_finished" && unfinished)
            continue;
        shown.push_back(d);
    }
    if (which == DiagnosticsShown::All)
        for (const lesson::RunDiagnostic& d : shown)
            text << "condlab: " << (d.note ? "note: " : "") << d.title << ": " << d.message << "\n";
    else if (which == DiagnosticsShown::Grouped)
        for (const lesson::DiagnosticGroup& g : lesson::group_diagnostics(shown))
            text << "condlab: " << (g.note ? "note: " : "") << g.first->title << ": "
                 << lesson::describe_group(g) << "\n";
    err << text.str();
    err.flush();
}

struct RunArgs {
    std::string file;
    std::vector<std::string> sets;
    bool timeline = false;
    std::string trace_json, chrome_trace;
    std::string schedule; // --schedule F (explore_command.h)
    lesson::RunOptions options;
    DiagnosticsShown diagnostics = DiagnosticsShown::Grouped;
};

// A budget value: a non-negative number; 0 means no limit.
std::optional<double> parse_limit(const std::string& text) {
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (text.empty() || end == nullptr || *end != '\0' || value < 0 || !std::isfinite(value))
        return std::nullopt;
    return value;
}

std::string check_limit(const std::string& text) {
    return parse_limit(text) ? std::string()
                             : "expects a number >= 0 (0 = no limit), got '" + text + "'";
}

template <typename T> T limit_or_max(double v) {
    return v == 0 ? std::numeric_limits<T>::max() : static_cast<T>(v);
}

void add_budget_options(CLI::App& run, lesson::RunOptions& o) {
    constexpr double kInfinity = std::numeric_limits<double>::infinity();
    auto budget = [&](const char* name, const char* what, std::function<void(double)> set) {
        run.add_option_function<std::string>(
               name, [set](const std::string& v) { set(*parse_limit(v)); }, what)
            ->type_name("N")
            ->check(check_limit)
            ->group("Budgets (0 = no limit)");
    };
    budget("--max-lines", "executed lines (default 1000000 with line tracing)",
           [&o](double v) { o.max_lines = limit_or_max<std::uint64_t>(v); });
    budget("--max-iterations", "loop iterations (default 100000)",
           [&o](double v) { o.max_iterations = limit_or_max<std::uint64_t>(v); });
    budget("--max-time", "seconds of virtual time (default 1e6)",
           [&o](double v) { o.max_virtual_time = v == 0 ? kInfinity : v; });
    budget("--max-wall", "seconds of wall-clock time (default 2)",
           [&o](double v) { o.max_wall_seconds = v == 0 ? kInfinity : v; });
    budget("--max-output", "bytes printed on stdout + stderr (default 1048576 = 1 MiB)",
           [&o](double v) { o.max_output_bytes = limit_or_max<std::size_t>(v); });
}

// Can `path` be written? Checked before the run, so a typo does not cost the whole run.
std::string unwritable(const std::string& path) {
    std::error_code ec;
    const fs::path p(path);
    const fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
    if (!fs::is_directory(dir, ec))
        return "the directory " + dir.string() + " does not exist";
    if (fs::is_directory(p, ec))
        return "is a directory";
    if (::access(fs::exists(p, ec) ? path.c_str() : dir.c_str(), W_OK) != 0)
        return "cannot write there (permission denied)";
    return "";
}

int write_exports(const RunArgs& ra, const lesson::RunResult& r, int status, std::ostream& err) {
    std::string error;
    if (ra.timeline && !write_timeline(r, err, error))
        err << "condlab: --timeline: " << error << "\n";
    if (!ra.trace_json.empty() && !write_trace_json(r, ra.trace_json, error)) {
        err << "condlab: --trace-json " << ra.trace_json << ": " << error << "\n";
        status = status == kExitComplete ? kExitUsage : status;
    }
    if (!ra.chrome_trace.empty() && !write_chrome_trace(r, ra.chrome_trace, error)) {
        err << "condlab: --chrome-trace " << ra.chrome_trace << ": " << error << "\n";
        status = status == kExitComplete ? kExitUsage : status;
    }
    return status;
}

int run_command(const RunArgs& ra, const Io& io) {
    for (const auto& [option, path] :
         {std::pair{"--trace-json", &ra.trace_json}, std::pair{"--chrome-trace", &ra.chrome_trace}})
        if (!path->empty())
            if (std::string why = unwritable(*path); !why.empty())
                return usage_error(io.err, std::string(option) + " " + *path + ": " + why, "run");
    auto path = find_program(ra.file, io.err);
    if (!path)
        return kExitUsage;
    lesson::Overrides overrides;
    if (std::string e = add_overrides(ra.sets, overrides); !e.empty())
        return usage_error(io.err, e, "run");
    std::optional<lesson::Lesson> lesson;
    try {
        lesson = lesson::load_lesson(*path);
    } catch (const std::exception&) {
        // an unreadable file: run_file reports it
    }
    if (lesson && !check_values(*lesson, overrides, "--set", "run", io.err))
        return kExitUsage;
    lesson::RunOptions options = ra.options;
    options.process_ends_after = io.process_ends_after;
    lesson::RunResult r;
    if (ra.schedule.empty())
        r = lesson::run_file(path->string(), overrides, options);
    else if (!run_with_schedule(path->string(), ra.schedule, overrides, options, r, io.err))
        return kExitUsage;
    io.out << r.stdout_text;
    io.out.flush();
    io.err << r.stderr_text;
    report(r, ra.diagnostics, io.err);
    return write_exports(ra, r, lesson::exit_status(r), io.err);
}

} // namespace

Command add_run_command(CLI::App& top, const Io& io) {
    auto ra = std::make_shared<RunArgs>();
    CLI::App* run = top.add_subcommand("run", "run a program or lesson headless, like python3");
    run->footer(kFooter);
    add_file_option(*run, ra->file);
    add_set_option(*run, ra->sets, "override a top-level `NAME = <literal>` (repeatable)");
    run->add_option("--schedule", ra->schedule,
                    "replay a timing schedule written by `condlab explore --schedule-out`")
        ->type_name("F");
    run->add_flag("--timeline", ra->timeline, "print the text timeline of the run on stderr");
    run->add_option("--trace-json", ra->trace_json, "write the trace as condlab JSON to OUT")
        ->type_name("OUT");
    run->add_option("--chrome-trace", ra->chrome_trace,
                    "write the trace as Chrome Trace Event JSON (Perfetto) to OUT")
        ->type_name("OUT");
    run->add_flag_callback(
        "--no-line-trace", [ra] { ra->options.line_trace = false; },
        "do not record executed lines (faster; coarser trace)");
    run->add_option_function<std::string>(
           "--diagnostics",
           [ra](const std::string& v) {
               ra->diagnostics = v == "all"    ? DiagnosticsShown::All
                                 : v == "none" ? DiagnosticsShown::None
                                               : DiagnosticsShown::Grouped;
           },
           "findings on stderr: grouped (default; per kind and object), all, none")
        ->type_name("WHICH")
        ->check([](const std::string& v) {
            return v == "grouped" || v == "all" || v == "none"
                       ? std::string()
                       : "expects grouped, all or none, got '" + v + "'";
        });
    add_budget_options(*run, ra->options);
    return Command{run, [ra, io] { return run_command(*ra, io); }};
}

} // namespace condlab::cli
