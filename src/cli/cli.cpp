// The condlab command line (see cli.h): the CLI11 top level, the window's options and the
// helpers the commands share.
//
// Index:
// [SECTION] Help and version
// [SECTION] Shared by the commands
// [SECTION] Window mode (GUI or text fallback)
// [SECTION] Dispatch
#include "cli/cli.h"

#include "app/gui_args.h"
#include "cli/commands.h"
#include "lesson/discovery.h"
#include "lesson/param_check.h"

#include <CLI/CLI.hpp>

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <iostream>
#include <sstream>

#ifndef CONDLAB_VERSION
#define CONDLAB_VERSION "0.0.0"
#endif

namespace condlab::cli {

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------
// [SECTION] Help and version
// ---------------------------------------------------------------------------

std::string version_text() { return std::string("condlab ") + CONDLAB_VERSION; }

namespace {

constexpr const char* kDescription =
    "condlab - Condition Lab: a visual tutorial on asyncio synchronization\n\n"
    "Without a command, condlab opens FILE (or the first lesson) in the window; without a\n"
    "display it prints the lesson as text.\n";

constexpr const char* kFooter = R"(
FILE is a path, or a lesson's number ("3"), name ("wait_and_notify") or stem
("03_wait_and_notify"). `condlab COMMAND --help` lists the options of a command.

Exit status (run; the same as tools/reference_harness.py):
  0  the program completed
  1  uncaught exception (traceback on stderr)
  2  syntax error in the program, or a usage error (bad option, FILE or --set)
  3  deadlock: nothing ready and no timer pending
  4  a budget was exceeded
  n  as CPython: sys.exit(n), SystemExit(n) or os._exit(n) (also in a task);
     130 for an uncaught KeyboardInterrupt
check exits 0 when every expectation holds, 1 otherwise.

Lessons are looked up in $CONDLAB_LESSONS, <prefix>/share/condlab/lessons
next to the executable, the source tree, then the installed data directory.)";

/// The top level: the window's options, every command, --help and --version.
struct TopLevel {
    CLI::App app{kDescription, "condlab"};
    app::GuiOptions window;
    std::vector<Command> commands;

    explicit TopLevel(const Io& io) {
        app.get_formatter()->column_width(24);
        app.require_subcommand(0, 1);
        app.set_help_flag();
        app::add_window_options(app, window);
        for (CLI::Option* o : app.get_options())
            o->group("Window options");
        app.set_help_flag("-h,--help",
                          "this help; `condlab COMMAND --help` lists a command's options");
        app.set_version_flag("-V,--version", version_text(), "print the version");
        add_commands(io);
        app.footer(kFooter); // after the commands: a subcommand inherits its parent's footer
    }

    void add_commands(const Io& io) {
        commands.push_back(add_run_command(app, io));
        commands.push_back(add_list_command(app, io));
        commands.push_back(add_check_command(app, io));
        commands.push_back(add_compare_command(app, io));
        commands.push_back(add_sweep_command(app, io));
        commands.push_back(add_explore_command(app, io));
        for (Command& c : commands)
            c.app->set_help_flag("-h,--help", "print this help");
    }

    /// The window options given on the command line (for "... do not go with COMMAND").
    [[nodiscard]] std::string given_window_options() const {
        std::string given;
        for (const CLI::Option* o : app.get_options())
            if (o->count() > 0 && o->get_group() == "Window options")
                given += (given.empty() ? "" : ", ") + o->get_name();
        return given;
    }
};

} // namespace

std::string help_text() {
    std::ostringstream unused;
    TopLevel top(Io{unused, unused});
    return top.app.help();
}

int usage_error(std::ostream& err, const std::string& message, const std::string& command) {
    err << "condlab: " << message << "\n";
    err << "Try 'condlab " << (command.empty() ? "" : command + " ") << "--help' for more "
        << "information.\n";
    return kExitUsage;
}

// ---------------------------------------------------------------------------
// [SECTION] Shared by the commands
// ---------------------------------------------------------------------------

std::string no_such_program(const std::string& name) {
    const bool number = !name.empty() && std::all_of(name.begin(), name.end(),
                                                     [](char c) { return c >= '0' && c <= '9'; });
    const bool path = name.find('/') != std::string::npos || name.ends_with(".py");
    if (number)
        return "there is no lesson " + name + "; `condlab list` shows them";
    if (path || !lesson::find_lessons_dir())
        return name + ": No such file or directory";
    return "there is no file or lesson '" + name + "'; `condlab list` shows the lessons";
}

std::optional<fs::path> find_program(const std::string& name, std::ostream& err) {
    if (auto path = lesson::resolve_lesson(name))
        return path;
    err << "condlab: " << no_such_program(name) << "\n";
    return std::nullopt;
}

CLI::Option* add_file_option(CLI::App& command, std::string& file) {
    return command.add_option("FILE", file, "a program, or a lesson's number, name or stem")
        ->required()
        ->type_name("");
}

CLI::Option* add_set_option(CLI::App& command, std::vector<std::string>& sets, const char* help) {
    return command.add_option("--set", sets, help)
        ->type_name("NAME=VALUE")
        ->allow_extra_args(false);
}

std::string add_overrides(const std::vector<std::string>& sets, lesson::Overrides& overrides) {
    for (const std::string& item : sets) {
        const std::size_t eq = item.find('=');
        const std::string name =
            eq == std::string::npos ? "" : std::string(lesson::strip(item.substr(0, eq)));
        if (name.empty())
            return "--set expects NAME=VALUE, got " + lesson::py_repr(item);
        lesson::set_override(overrides, name, item.substr(eq + 1));
    }
    return "";
}

bool check_values(const lesson::Lesson& lesson, const lesson::Overrides& overrides,
                  const std::string& option, const std::string& command, std::ostream& err) {
    try {
        for (const std::string& w : lesson::check_overrides(lesson, overrides))
            err << "condlab: warning: " << w << "\n";
    } catch (const lesson::ParameterError& e) {
        std::string message = lesson.path + ": " + option + " " + e.name() + ": " + e.what();
        // `--set "A=1 B=2"` (one NAME=VALUE per --set)
        const std::string* value = lesson::find_override(overrides, e.name());
        if (option == "--set" && value != nullptr && value->find('=') != std::string::npos &&
            value->find(' ') != std::string::npos)
            message += "; one NAME=VALUE per --set: --set A=1 --set B=2";
        usage_error(err, message, command);
        return false;
    }
    return true;
}

int no_lessons(std::ostream& err) {
    err << "condlab: no lessons directory found; looked in:\n";
    for (const fs::path& d : lesson::lesson_search_path())
        err << "  " << d.string() << "\n";
    err << "set CONDLAB_LESSONS to the directory with the NN_name.py lessons\n";
    return kExitUsage;
}

// ---------------------------------------------------------------------------
// [SECTION] Window mode (GUI or text fallback)
// ---------------------------------------------------------------------------

namespace {

int open_window(const TopLevel& top, const GuiFunction& gui, const Io& io) {
    const app::GuiOptions& w = top.window;
    const std::string file = w.file ? w.file->string() : std::string();
    const std::string lesson_id = w.lesson.value_or("");
    // A FILE or lesson that names nothing is a usage error here, not a window that says so
    // (with --lessons DIR the window looks in DIR itself).
    const std::string& named = file.empty() ? lesson_id : file;
    if (!named.empty() && top.app.get_option("--lessons")->count() == 0 &&
        !lesson::resolve_lesson(named)) {
        const bool word = top.app.get_option("FILE")->count() > 0 && w.lesson.has_value() &&
                          !std::isdigit(static_cast<unsigned char>(named[0]));
        if (word)
            return usage_error(io.err, "'" + named +
                                           "' is no command, file or lesson; `condlab --help` "
                                           "lists the commands, `condlab list` the lessons");
        return usage_error(io.err, no_such_program(named));
    }
    if (gui) {
        if (auto status = gui(w, io.out, io.err))
            return *status;
        return print_text_fallback(file, lesson_id, false, io.out, io.err);
    }
    if (app::has_window_only_options(top.app))
        return usage_error(io.err, "this condlab has no window; options such as --screenshot "
                                   "need it");
    return print_text_fallback(file, lesson_id, true, io.out, io.err);
}

// CLI11's error, named after the command it came from: "condlab run: --set: 1 required ...".
int parse_error(const CLI::App& top, const CLI::ParseError& e, std::ostream& err) {
    std::string where = "condlab";
    std::string help = "condlab --help";
    for (const CLI::App* sub : top.get_subcommands()) {
        where += " " + sub->get_name();
        help = "condlab " + sub->get_name() + " --help";
    }
    err << where << ": " << e.what() << "\n";
    err << "Try '" << help << "' for more information.\n";
    return kExitUsage;
}

} // namespace

// ---------------------------------------------------------------------------
// [SECTION] Dispatch
// ---------------------------------------------------------------------------

int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
            const GuiFunction& gui, bool process_ends_after) {
    const Io io{out, err, &err == &std::cerr && ::isatty(STDERR_FILENO) == 1, process_ends_after};
    TopLevel top(io);
    std::vector<std::string> reversed(args.rbegin(), args.rend()); // CLI11 parses from the back
    if (args.size() == 1 && (args[0] == "help" || args[0] == "version"))
        reversed = {args[0] == "help" ? "--help" : "--version"};
    try {
        top.app.parse(reversed);
    } catch (const CLI::CallForHelp&) {
        out << top.app.help();
        return kExitComplete;
    } catch (const CLI::CallForVersion& e) {
        out << e.what() << "\n";
        return kExitComplete;
    } catch (const CLI::ParseError& e) {
        return parse_error(top.app, e, err);
    }
    for (const Command& c : top.commands) {
        if (!c.app->parsed())
            continue;
        if (std::string given = top.given_window_options(); !given.empty())
            return usage_error(err, "window options (" + given + ") do not go with " +
                                        c.app->get_name());
        return c.run();
    }
    return open_window(top, gui, io);
}

} // namespace condlab::cli
