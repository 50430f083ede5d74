// The condlab command line (see cli.h).
//
// Index:
// [SECTION] Help and version
// [SECTION] Output helpers (stderr reports, trace exports)
// [SECTION] condlab run
// [SECTION] condlab list / check
// [SECTION] Window mode (GUI or text fallback)
// [SECTION] Dispatch
#include "cli/cli.h"

#include "cli/compare_command.h"
#include "cli/explore_command.h"
#include "cli/exports.h"
#include "lesson/check.h"
#include "lesson/diagnostic_groups.h"
#include "lesson/discovery.h"
#include "lesson/lesson.h"
#include "lesson/runner.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <limits>
#include <sstream>

#ifndef CONDLAB_VERSION
#define CONDLAB_VERSION "0.0.0"
#endif

namespace condlab::cli {

namespace fs = std::filesystem;
using lesson::Outcome;

// ---------------------------------------------------------------------------
// [SECTION] Help and version
// ---------------------------------------------------------------------------

std::string version_text() { return std::string("condlab ") + CONDLAB_VERSION; }

std::string help_text() {
    return R"(condlab - Condition Lab: a visual tutorial on asyncio synchronization

Usage:
  condlab [WINDOW OPTIONS]     open the first lesson in the window
  condlab FILE.py [WINDOW OPTIONS]
                               open FILE in the window
                               (without a display both print the lesson as text)
  condlab run FILE [options]   run a program or lesson headless, like python3 would
  condlab list                 list the lessons with their titles
  condlab check [-v] [FILE]... run every '# expect:' of the lessons (default: all)
  condlab --help | --version

FILE is a path, or a lesson's number ("3"), name ("wait_and_notify") or
stem ("03_wait_and_notify").

Window options: --lesson ID, --lessons DIR, --screenshot OUT.png, --step N (step N
  as the window shows it, from 1), --size WxH, --theme dark|light, --scale S,
  --frames N, --settings PATH.

Options for run:
  --set NAME=VALUE    override a top-level `NAME = <literal>` (repeatable);
                      VALUE is a Python literal: 2.5, "notify_all", True
  --timeline          print the text timeline of the run on stderr
  --trace-json OUT    write the trace as condlab JSON to OUT
  --chrome-trace OUT  write the trace as Chrome Trace Event JSON to OUT
                      (open it in ui.perfetto.dev or chrome://tracing)
  --no-line-trace     do not record executed lines (faster; coarser trace)
  --diagnostics WHICH grouped (default: one line per kind and object, with the
                      count, the tasks and the first example), all, or none
  --max-lines N, --max-iterations N, --max-time SECONDS, --max-wall SECONDS
                      change a budget (0 = no limit)

stdout is exactly what the program prints; tracebacks, deadlock and budget
reports and diagnostics go to stderr.

Budgets (whichever comes first ends the run): 1000000 executed lines
(with line tracing; with --no-line-trace only when --max-lines is given),
100000 loop iterations, 1e6 s of virtual time, 2 s of wall-clock time.

Exit status (run; the same as tools/reference_harness.py):
  0  the program completed
  1  uncaught exception (traceback on stderr)
  2  syntax error in the program, or a usage error (bad option or --set)
  3  deadlock: nothing ready and no timer pending
  4  a budget was exceeded
  n  as CPython: sys.exit(n), SystemExit(n) or os._exit(n) (also in a task);
     130 for an uncaught KeyboardInterrupt
check exits 0 when every expectation holds, 1 otherwise.

Lessons are looked up in $CONDLAB_LESSONS, <prefix>/share/condlab/lessons
next to the executable, the source tree, then the installed data directory.
)";
}

int usage_error(std::ostream& err, const std::string& message) {
    err << "condlab: " << message << "\n";
    err << "Try 'condlab --help' for more information.\n";
    return kExitUsage;
}

namespace {

// ---------------------------------------------------------------------------
// [SECTION] Output helpers (stderr reports, trace exports)
// ---------------------------------------------------------------------------

const char* wait_kind_words(WaitKind kind) {
    switch (kind) {
    case WaitKind::Future:
        return "waiting on a future";
    case WaitKind::Yield:
        return "yielding";
    case WaitKind::Sleep:
        return "sleeping";
    case WaitKind::Lock:
        return "waiting for a lock";
    case WaitKind::Condition:
        return "waiting on a condition";
    case WaitKind::Event:
        return "waiting on an event";
    case WaitKind::Semaphore:
        return "waiting on a semaphore";
    case WaitKind::Queue:
        return "waiting on a queue";
    case WaitKind::Barrier:
        return "waiting at a barrier";
    case WaitKind::Task:
        return "waiting for a task";
    }
    return "waiting";
}

/// `--diagnostics`: which findings `run` prints.
enum class DiagnosticsShown : std::uint8_t { Grouped, All, None };

/// Everything `run` prints on stderr after the program's own stderr: the deadlock / budget
/// report (unless the program layer already printed one) and the diagnostics (grouped, all
/// or none). Written with one write: a flood of findings must not cost a call per line.
void report(const lesson::RunResult& r, DiagnosticsShown which, std::ostream& err) {
    std::ostringstream text;
    if (r.outcome == Outcome::Deadlock || r.outcome == Outcome::Budget) {
        const char* marker = r.outcome == Outcome::Deadlock ? "deadlock" : "budget exceeded";
        if (r.stderr_text.find(marker) == std::string::npos) {
            text << r.summary << "\n";
            if (r.analysis && !r.analysis->outcome.blocked.empty()) {
                // A herd of blocked tasks: the first few say it all.
                constexpr std::size_t kShown = 12;
                const auto& blocked = r.analysis->outcome.blocked;
                for (std::size_t i = 0; i < blocked.size() && i < kShown; ++i)
                    text << "  " << blocked[i].explanation << "\n";
                if (blocked.size() > kShown)
                    text << "  ... and " << blocked.size() - kShown << " more tasks\n";
            } else {
                for (const BlockedTask& b : r.blocked) {
                    text << "  " << b.name << ": "
                         << (b.ready ? "ready to run" : wait_kind_words(b.wait.kind));
                    if (b.wait.where.line)
                        text << " (line " << b.wait.where.line << ")";
                    text << "\n";
                }
            }
        }
    }
    std::vector<lesson::RunDiagnostic> shown;
    for (const lesson::RunDiagnostic& d : r.diagnostics) {
        // unfinished tasks are already in the deadlock / budget report
        if (d.kind == "never_finished" &&
            (r.outcome == Outcome::Deadlock || r.outcome == Outcome::Budget))
            continue;
        shown.push_back(d);
    }
    if (which == DiagnosticsShown::All) {
        for (const lesson::RunDiagnostic& d : shown)
            text << "condlab: " << d.title << ": " << d.message << "\n";
    } else if (which == DiagnosticsShown::Grouped) {
        for (const lesson::DiagnosticGroup& g : lesson::group_diagnostics(shown))
            text << "condlab: " << g.first->title << ": " << lesson::describe_group(g) << "\n";
    }
    err << text.str();
    err.flush();
}

// ---------------------------------------------------------------------------
// [SECTION] condlab run
// ---------------------------------------------------------------------------

struct RunArgs {
    std::string file;
    lesson::Overrides overrides;
    bool timeline = false;
    std::string trace_json, chrome_trace;
    std::string schedule; // --schedule F (explore_command.h)
    lesson::RunOptions options;
    DiagnosticsShown diagnostics = DiagnosticsShown::Grouped;
};

// A budget value: a non-negative number; 0 means no limit.
bool parse_limit(const std::string& text, double& value) {
    char* end = nullptr;
    value = std::strtod(text.c_str(), &end);
    return !text.empty() && end != nullptr && *end == '\0' && value >= 0 && std::isfinite(value);
}

// Parses `run`'s arguments; returns an error message or "".
std::string parse_run_args(const std::vector<std::string>& args, std::size_t i, RunArgs& ra) {
    auto value_of = [&](const std::string& opt, std::string& into) -> std::string {
        const std::string& a = args[i];
        if (a.size() > opt.size() && a[opt.size()] == '=') {
            into = a.substr(opt.size() + 1);
            return "";
        }
        if (i + 1 >= args.size())
            return "option " + opt + " needs a value";
        into = args[++i];
        return "";
    };
    bool only_files = false;
    for (; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto is = [&](const std::string& opt) {
            return a == opt ||
                   (a.starts_with(opt) && a.size() > opt.size() && a[opt.size()] == '=');
        };
        if (!only_files && a == "--") {
            only_files = true;
        } else if (!only_files && is("--set")) {
            std::string item;
            if (auto e = value_of("--set", item); !e.empty())
                return e;
            std::size_t eq = item.find('=');
            std::string name =
                eq == std::string::npos ? "" : std::string(lesson::strip(item.substr(0, eq)));
            if (eq == std::string::npos || name.empty())
                return "--set expects NAME=VALUE, got " + lesson::py_repr(item);
            lesson::set_override(ra.overrides, name, item.substr(eq + 1));
        } else if (!only_files && a == "--timeline") {
            ra.timeline = true;
        } else if (!only_files && is("--trace-json")) {
            if (auto e = value_of("--trace-json", ra.trace_json); !e.empty())
                return e;
        } else if (!only_files && is("--schedule")) {
            if (auto e = value_of("--schedule", ra.schedule); !e.empty())
                return e;
        } else if (!only_files && is("--chrome-trace")) {
            if (auto e = value_of("--chrome-trace", ra.chrome_trace); !e.empty())
                return e;
        } else if (!only_files && is("--diagnostics")) {
            std::string which;
            if (auto e = value_of("--diagnostics", which); !e.empty())
                return e;
            if (which == "grouped")
                ra.diagnostics = DiagnosticsShown::Grouped;
            else if (which == "all")
                ra.diagnostics = DiagnosticsShown::All;
            else if (which == "none")
                ra.diagnostics = DiagnosticsShown::None;
            else
                return "--diagnostics expects grouped, all or none, got " + lesson::py_repr(which);
        } else if (!only_files && a == "--no-line-trace") {
            ra.options.line_trace = false;
        } else if (!only_files && (is("--max-lines") || is("--max-iterations") ||
                                   is("--max-time") || is("--max-wall"))) {
            const std::string opt = a.substr(0, a.find('='));
            std::string text;
            if (auto e = value_of(opt, text); !e.empty())
                return e;
            double v = 0;
            if (!parse_limit(text, v))
                return opt + " expects a number >= 0 (0 = no limit), got " + lesson::py_repr(text);
            constexpr double inf = std::numeric_limits<double>::infinity();
            constexpr auto umax = std::numeric_limits<std::uint64_t>::max();
            if (opt == "--max-lines")
                ra.options.max_lines = v == 0 ? umax : static_cast<std::uint64_t>(v);
            else if (opt == "--max-iterations")
                ra.options.max_iterations = v == 0 ? umax : static_cast<std::uint64_t>(v);
            else if (opt == "--max-time")
                ra.options.max_virtual_time = v == 0 ? inf : v;
            else
                ra.options.max_wall_seconds = v == 0 ? inf : v;
        } else if (!only_files && a.size() > 1 && a[0] == '-') {
            return "unknown option " + a + " for run";
        } else if (ra.file.empty()) {
            ra.file = a;
        } else {
            return "run takes one FILE (got " + ra.file + " and " + a + ")";
        }
    }
    if (ra.file.empty())
        return "run needs a FILE";
    return "";
}

int cmd_run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    RunArgs ra;
    if (std::string e = parse_run_args(args, 1, ra); !e.empty())
        return usage_error(err, e);
    auto path = lesson::resolve_lesson(ra.file);
    if (!path) {
        err << ra.file << ": No such file or directory\n";
        return kExitUsage;
    }
    lesson::RunResult r;
    if (ra.schedule.empty())
        r = lesson::run_file(path->string(), ra.overrides, ra.options);
    else if (!run_with_schedule(path->string(), ra.schedule, ra.overrides, ra.options, r, err))
        return kExitUsage;
    out << r.stdout_text;
    out.flush();
    err << r.stderr_text;
    report(r, ra.diagnostics, err);
    int status = lesson::exit_status(r);
    if (ra.timeline) {
        std::string error;
        if (!write_timeline(r, err, error))
            err << "condlab: --timeline: " << error << "\n";
    }
    if (!ra.trace_json.empty()) {
        std::string error;
        if (!write_trace_json(r, ra.trace_json, error)) {
            err << "condlab: --trace-json " << ra.trace_json << ": " << error << "\n";
            if (status == kExitComplete)
                status = kExitUsage;
        }
    }
    if (!ra.chrome_trace.empty()) {
        std::string error;
        if (!write_chrome_trace(r, ra.chrome_trace, error)) {
            err << "condlab: --chrome-trace " << ra.chrome_trace << ": " << error << "\n";
            if (status == kExitComplete)
                status = kExitUsage;
        }
    }
    return status;
}

// ---------------------------------------------------------------------------
// [SECTION] condlab list / check
// ---------------------------------------------------------------------------

int no_lessons(std::ostream& err) {
    err << "condlab: no lessons directory found; looked in:\n";
    for (const fs::path& d : lesson::lesson_search_path())
        err << "  " << d.string() << "\n";
    err << "set CONDLAB_LESSONS to the directory with the NN_name.py lessons\n";
    return kExitUsage;
}

int cmd_list(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    if (args.size() > 1)
        return usage_error(err, "list takes no arguments");
    auto dir = lesson::find_lessons_dir();
    if (!dir)
        return no_lessons(err);
    for (const fs::path& f : lesson::lesson_files(*dir)) {
        std::string stem = f.stem().string();
        std::string number = stem.substr(0, stem.find('_'));
        std::string title;
        try {
            title = lesson::load_lesson(f).title;
        } catch (const std::exception& e) {
            title = std::string("(unreadable: ") + e.what() + ")";
        }
        if (title.empty())
            title = "(no title)";
        char line[512];
        std::snprintf(line, sizeof line, "%-3s %-48s %s", number.c_str(), title.c_str(),
                      f.filename().string().c_str());
        out << line << "\n";
    }
    return kExitComplete;
}

int cmd_check(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    bool verbose = false;
    std::vector<fs::path> files;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "-v" || a == "--verbose") {
            verbose = true;
        } else if (a.size() > 1 && a[0] == '-') {
            return usage_error(err, "unknown option " + a + " for check");
        } else if (auto p = lesson::resolve_lesson(a)) {
            files.push_back(*p);
        } else {
            err << a << ": No such file or directory\n";
            return kExitUsage;
        }
    }
    if (files.empty()) {
        auto dir = lesson::find_lessons_dir();
        if (!dir)
            return no_lessons(err);
        files = lesson::lesson_files(*dir);
    }
    int passed = 0, failed = 0;
    for (const fs::path& f : files) {
        lesson::LessonCheck c;
        try {
            c = lesson::check_lesson(lesson::load_lesson(f), verbose);
        } catch (const std::exception& e) {
            c.failed = 1;
            c.messages.push_back(std::string("FAIL ") + e.what());
        }
        passed += c.passed;
        failed += c.failed;
        for (const std::string& m : c.messages)
            out << m << "\n";
        out.flush();
    }
    out << passed << " passed, " << failed << " failed\n";
    return failed == 0 ? kExitComplete : kExitException;
}

// ---------------------------------------------------------------------------
// [SECTION] Window mode (GUI or text fallback)
// ---------------------------------------------------------------------------

// Options of the GUI that take a value (app/gui.h parse_gui_args).
bool gui_option_takes_value(const std::string& a) {
    for (const char* o : {"--lesson", "--lessons", "--screenshot", "--step", "--size", "--theme",
                          "--scale", "--frames", "--settings"})
        if (a == o)
            return true;
    return false;
}

bool looks_like_program(const std::string& a) {
    std::error_code ec;
    return a.ends_with(".py") || fs::is_regular_file(a, ec) || lesson::resolve_lesson(a);
}

int open_gui(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
             const GuiFunction& gui) {
    std::string file, lesson_id;
    bool other_options = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--lesson" && i + 1 < args.size()) {
            lesson_id = args[++i];
        } else if (gui_option_takes_value(args[i])) {
            other_options = true;
            ++i;
        } else if (!args[i].empty() && args[i][0] == '-') {
            other_options = true;
        } else if (file.empty()) {
            file = args[i];
        }
    }
    if (gui) {
        if (auto status = gui(args, out, err))
            return *status;
        return print_text_fallback(file, lesson_id, false, out, err);
    }
    if (other_options)
        return usage_error(err, "this condlab was built without the window; options " +
                                    std::string("such as --screenshot need it"));
    return print_text_fallback(file, lesson_id, true, out, err);
}

} // namespace

int print_text_fallback(const std::string& file, const std::string& lesson_id, bool announce,
                        std::ostream& out, std::ostream& err) {
    std::optional<fs::path> path;
    const std::string& want = file.empty() ? lesson_id : file;
    if (want.empty()) {
        auto dir = lesson::find_lessons_dir();
        if (!dir)
            return no_lessons(err);
        auto files = lesson::lesson_files(*dir);
        if (files.empty()) {
            err << "condlab: no lessons in " << dir->string() << "\n";
            return kExitUsage;
        }
        path = files.front();
    } else {
        path = lesson::resolve_lesson(want);
        if (!path) {
            err << want << ": No such file or directory\n";
            return kExitUsage;
        }
    }
    if (announce)
        out << "condlab: no display (this build has no window); showing "
            << path->filename().string() << " as text. condlab --help lists the commands.\n";
    lesson::Lesson l;
    try {
        l = lesson::load_lesson(*path);
    } catch (const std::exception& e) {
        err << e.what() << "\n";
        return kExitUsage;
    }
    out << "\n# " << (l.title.empty() ? path->filename().string() : l.title) << "  ("
        << path->string() << ")\n\n";
    lesson::RunResult r = lesson::run(l);
    std::string error;
    std::ostringstream timeline;
    out << "output:\n";
    for (const std::string& line : r.stdout_lines())
        out << "  " << line << "\n";
    if (!r.stderr_text.empty()) {
        out << "stderr:\n";
        std::istringstream es(r.stderr_text);
        for (std::string line; std::getline(es, line);)
            out << "  " << line << "\n";
    }
    out << "\n";
    if (write_timeline(r, timeline, error)) {
        out << timeline.str();
    } else {
        out << "outcome: " << lesson::outcome_name(r.outcome) << "\n";
        if (r.outcome != Outcome::Complete)
            out << r.summary << "\n";
    }
    for (const lesson::Goal& g : l.goals)
        out << "goal: " << g.description
            << (lesson::goal_reached(g, r) ? "  [reached with the default parameters]" : "")
            << "\n";
    if (!l.params.empty()) {
        out << "parameters (condlab run " << path->filename().string() << " --set NAME=VALUE):";
        for (const lesson::Param& p : l.params)
            out << " " << p.name << "=" << p.text;
        out << "\n";
    }
    return kExitComplete;
}

// ---------------------------------------------------------------------------
// [SECTION] Dispatch
// ---------------------------------------------------------------------------

int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
            const GuiFunction& gui) {
    if (args.empty())
        return open_gui(args, out, err, gui);
    const std::string& cmd = args[0];
    if (cmd == "--help" || cmd == "-h" || cmd == "help") {
        out << help_text() << "\n" << compare_help_text() << "\n" << explore_help_text();
        return kExitComplete;
    }
    if (cmd == "--version" || cmd == "-V" || cmd == "version") {
        out << version_text() << "\n";
        return kExitComplete;
    }
    if (cmd == "run")
        return cmd_run(args, out, err);
    if (cmd == "list")
        return cmd_list(args, out, err);
    if (cmd == "check")
        return cmd_check(args, out, err);
    if (cmd == "compare")
        return cmd_compare(args, out, err);
    if (cmd == "sweep")
        return cmd_sweep(args, out, err);
    if (cmd == "explore")
        return cmd_explore(args, out, err);
    if (cmd.starts_with("--") || looks_like_program(cmd))
        return open_gui(args, out, err, gui);
    if (!cmd.empty() && cmd[0] == '-')
        return usage_error(err, "unknown option " + cmd);
    return usage_error(err, "unknown command " + cmd);
}

} // namespace condlab::cli
