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
/// Prints each "condlab: warning: ..." of lesson::check_overrides on `err`; a wrong value
/// throws lesson::ParameterError.
void warn_about_overrides(const lesson::Lesson& lesson,
                          const std::vector<std::pair<std::string, std::string>>& overrides,
                          std::ostream& err);
/// Adds each `--set NAME=VALUE` item to `overrides`. Returns "" or the usage message for a
/// malformed item.
std::string add_overrides(const std::vector<std::string>& sets,
                          std::vector<std::pair<std::string, std::string>>& overrides);
/// "condlab: no lessons directory found; looked in: ..."; returns kExitUsage.
int no_lessons(std::ostream& err);

} // namespace condlab::cli
