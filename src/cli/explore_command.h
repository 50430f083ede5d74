#pragma once
// `condlab explore` and `condlab run FILE --schedule F` (explore_command.cpp).
//
//   condlab explore FILE [--set NAME=VALUE]... [--bound K] [--strategy dfs|random|pct]
//                        [--runs N] [--seed S] [--until deadlock|exception|budget|any]
//                        [--schedule-out F]
//
// Exit status: 0 nothing found (the count is printed), 3 a deadlock found, 1 an uncaught
// exception found, 4 a budget overrun found, 2 usage error.
#include "lesson/explore.h"

#include <iosfwd>
#include <string>
#include <vector>

namespace condlab::cli {

/// `condlab explore`'s options, parsed.
struct ExploreArgs {
    std::string file;
    lesson::Overrides overrides;
    lesson::ExploreOptions options;
    std::string schedule_out; // empty: not written
};

/// Runs the search and prints what it found on `out`. Returns the exit status.
int run_explore(const ExploreArgs& ea, std::ostream& out, std::ostream& err);

/// `run FILE --schedule F`: runs `path` with the schedule's durations and parameters (then
/// `overrides` on top). Returns false with a message on `err` for a bad schedule file.
bool run_with_schedule(const std::string& path, const std::string& schedule_file,
                       const lesson::Overrides& overrides, const lesson::RunOptions& options,
                       lesson::RunResult& result, std::ostream& err);

} // namespace condlab::cli
