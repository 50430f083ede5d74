#pragma once
// `condlab compare` and `condlab sweep` (compare_command.cpp, sweep_command.cpp).
//
//   condlab compare FILE (--a "NAME=VALUE ..." | --preset-a NAME)
//                        (--b "NAME=VALUE ..." | --preset-b NAME)
//   condlab sweep FILE --x NAME=lo:hi:n [--y NAME=lo:hi:n] [--set NAME=VALUE]...
//                      [--metric M] [--csv OUT]
#include <iosfwd>
#include <string>
#include <vector>

namespace condlab::cli {

/// `args[0]` is "compare". Prints the metrics table on `out`. Exit status 0, or 2 for a
/// usage error.
int cmd_compare(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
/// `args[0]` is "sweep". Prints the ASCII map on `out` (or writes CSV). Exit status 0, or 2
/// for a usage error.
int cmd_sweep(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

/// The help text of both commands (appended to condlab --help).
std::string compare_help_text();

} // namespace condlab::cli
