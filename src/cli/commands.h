#pragma once
// The subcommands of `condlab`, one CLI11 subcommand each. A command registers its options
// on the top level and returns what runs it once the command line parsed; cli.cpp lists
// them. To add a command: `Command add_NAME_command(CLI::App& top, const Io& io)` in its own
// NAME_command.cpp, declared here, one line in cli.cpp's add_commands().
#include <CLI/CLI.hpp>

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace condlab::lesson {
struct Lesson;
}

namespace condlab::cli {

struct Io {
    std::ostream& out;
    std::ostream& err;
    bool err_is_terminal = false; // progress lines only on a terminal
    /// The process exits after the command (the executable, not in-process tests): see
    /// lesson::RunOptions::process_ends_after.
    bool process_ends_after = false;
};

struct Command {
    CLI::App* app = nullptr;
    std::function<int()> run; // called when `app` was the parsed subcommand
};

Command add_run_command(CLI::App& top, const Io& io);
Command add_list_command(CLI::App& top, const Io& io);
Command add_check_command(CLI::App& top, const Io& io);
Command add_compare_command(CLI::App& top, const Io& io);
Command add_sweep_command(CLI::App& top, const Io& io);
Command add_explore_command(CLI::App& top, const Io& io);

// Shared by the commands (cli.cpp).

/// FILE as a path or a lesson's number / name / stem; nullopt after printing "condlab: there
/// is no lesson 99; `condlab list` shows them" (or "PATH: No such file or directory").
std::optional<std::filesystem::path> find_program(const std::string& name, std::ostream& err);
/// The message find_program prints.
std::string no_such_program(const std::string& name);
/// FILE, as run, compare, sweep and explore take it: a program, or a lesson's number, name or
/// stem (required).
CLI::Option* add_file_option(CLI::App& command, std::string& file);
/// `--set NAME=VALUE` of run, sweep and explore: one NAME=VALUE per --set (repeatable), the
/// VALUE a Python literal. `help` says what it overrides.
CLI::Option* add_set_option(CLI::App& command, std::vector<std::string>& sets, const char* help);
/// Adds each `--set NAME=VALUE` item to `overrides`. Returns "" or the usage message for a
/// malformed item.
std::string add_overrides(const std::vector<std::string>& sets,
                          std::vector<std::pair<std::string, std::string>>& overrides);
/// Checks `overrides` against the lesson before anything runs (lesson::check_overrides):
/// prints each "condlab: warning: ..." (a value outside the declared range) on `err`. A value
/// of the wrong kind, not a literal (with the quote hint for a bare word) or an unknown name
/// is a usage error "condlab: PATH: OPTION NAME: message" (OPTION "--set", "--a", ...; a
/// `--set "A=1 B=2"` is told to give one NAME=VALUE per --set); returns false after printing it.
bool check_values(const lesson::Lesson& lesson,
                  const std::vector<std::pair<std::string, std::string>>& overrides,
                  const std::string& option, const std::string& command, std::ostream& err);
/// "condlab: no lessons directory found; looked in: ..."; returns kExitUsage.
int no_lessons(std::ostream& err);

} // namespace condlab::cli
