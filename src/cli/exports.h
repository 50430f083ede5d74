#pragma once
// Trace exports for `condlab run --timeline / --trace-json / --chrome-trace`, on top of
// src/trace's exporters. Each returns false with `error` set when it cannot write (no trace
// recorded, or an I/O error).
#include "lesson/runner.h"

#include <iosfwd>
#include <string>

namespace condlab::cli {

/// The text timeline of the run.
bool write_timeline(const lesson::RunResult& result, std::ostream& out, std::string& error);
/// condlab JSON to the file `path`.
bool write_trace_json(const lesson::RunResult& result, const std::string& path, std::string& error);
/// Chrome Trace Event JSON (Perfetto) to the file `path`.
bool write_chrome_trace(const lesson::RunResult& result, const std::string& path,
                        std::string& error);

} // namespace condlab::cli
