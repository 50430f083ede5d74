#pragma once
// The `condlab` command line, as a library so tests can run it in-process.
//
//   condlab [GUI options]        open the window on the first lesson (no display: text)
//   condlab FILE.py [GUI options] open the window on FILE (no display: text fallback)
//   condlab run FILE [--set NAME=VALUE]... [--timeline] [--trace-json OUT]
//                    [--chrome-trace OUT] [--no-line-trace]
//   condlab list
//   condlab check [-v] [FILE]...
//   condlab --help | --version
//
// `run` prints exactly the program's stdout on `out`; tracebacks and diagnostics go to
// `err`. Exit status: 0 complete, 1 exception, 2 syntax / usage error, 3 deadlock,
// 4 budget exceeded.
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace condlab::cli {

inline constexpr int kExitComplete = 0;
inline constexpr int kExitException = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitDeadlock = 3;
inline constexpr int kExitBudget = 4;

/// Opens the window with the GUI arguments (`[FILE.py] [--lesson ID] [--screenshot OUT]...`,
/// app/gui.h parse_gui_args). Returns the process exit status, or nullopt when there is no
/// display (the CLI then prints the text fallback).
using GuiFunction = std::function<std::optional<int>(const std::vector<std::string>& args,
                                                     std::ostream& out, std::ostream& err)>;

/// Prints "condlab: MESSAGE" and the --help hint on `err`; returns kExitUsage.
int usage_error(std::ostream& err, const std::string& message);

/// Runs the command line. `args` excludes argv[0]. `gui` may be empty (a build without
/// the GUI: no arguments or a FILE print the text fallback).
int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
            const GuiFunction& gui = {});

/// The --help text.
std::string help_text();
/// "condlab X.Y.Z".
std::string version_text();

/// The text fallback of the window: the lesson's title, its text timeline (or its output),
/// outcome and goals. `file` / `lesson` as in the GUI arguments; both empty = first lesson.
/// `announce` prints the "no display" line first (run_gui prints its own).
int print_text_fallback(const std::string& file, const std::string& lesson, bool announce,
                        std::ostream& out, std::ostream& err);

} // namespace condlab::cli
