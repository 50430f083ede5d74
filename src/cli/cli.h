#pragma once
// The `condlab` command line, as a library so tests can run it in-process. Every command and
// the window's options are CLI11 options, each defined once (commands.h, app/gui_args.h):
//
//   condlab [FILE] [WINDOW OPTIONS]  open the window on FILE (a path or a lesson's number /
//                                    name) or the first lesson; no display: print it as text
//   condlab run FILE [options]       run headless, like python3 would
//   condlab list | check | compare | sweep ...
//   condlab [COMMAND] --help | --version
//
// `run` prints exactly the program's stdout on `out`; tracebacks and diagnostics go to
// `err`. Exit status: 0 complete, 1 exception, 2 syntax / usage error (CLI11's parse errors
// included), 3 deadlock, 4 budget exceeded.
#include "app/gui.h"

#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace condlab::cli {

// Two rows of the outcome table (runtime/run_outcome.h), named for the commands' own
// returns; the other statuses are read from the table (outcome_info(kind).exit_status).
inline constexpr int kExitComplete = 0; // outcome_info(OutcomeKind::Complete).exit_status
inline constexpr int kExitUsage = 2;    // outcome_info(OutcomeKind::UsageError).exit_status

/// Opens the window with the parsed window options. Returns the process exit status, or
/// nullopt when there is no display (the CLI then prints the text fallback).
using GuiFunction = std::function<std::optional<int>(const app::GuiOptions& options,
                                                     std::ostream& out, std::ostream& err)>;

/// Prints "condlab: MESSAGE" and the --help hint on `err` ("Try 'condlab COMMAND --help'", or
/// 'condlab --help' without a command); returns kExitUsage.
int usage_error(std::ostream& err, const std::string& message, const std::string& command = "");

/// Runs the command line. `args` excludes argv[0]. `gui` may be empty (tests: no window; a
/// FILE or no arguments print the text fallback). `process_ends_after`: the executable's
/// main, which exits after the command (a run stopped by a budget leaves its objects to the
/// OS; lesson::RunOptions::process_ends_after).
int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
            const GuiFunction& gui = {}, bool process_ends_after = false);

/// The top-level --help text.
std::string help_text();
/// "condlab X.Y.Z".
std::string version_text();

/// The text fallback of the window: the lesson's title, its text timeline (or its output),
/// outcome and goals. `file` / `lesson` as in the window's options; both empty = first
/// lesson. `announce` prints the "no display" line first (run_gui prints its own).
int print_text_fallback(const std::string& file, const std::string& lesson, bool announce,
                        std::ostream& out, std::ostream& err);

} // namespace condlab::cli
