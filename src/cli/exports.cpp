// Trace exports (see exports.h). The exporters live in src/trace; until they are built in,
// every export reports that it is not available.
#include "cli/exports.h"

namespace condlab::cli {

namespace {
constexpr const char* kNotBuilt = "trace exporters are not available in this build";
} // namespace

bool write_timeline(const lesson::RunResult&, std::ostream&, std::string& error) {
    error = kNotBuilt;
    return false;
}

bool write_trace_json(const lesson::RunResult&, const std::string&, std::string& error) {
    error = kNotBuilt;
    return false;
}

bool write_chrome_trace(const lesson::RunResult&, const std::string&, std::string& error) {
    error = kNotBuilt;
    return false;
}

} // namespace condlab::cli
