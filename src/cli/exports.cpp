// Trace exports (see exports.h), on src/trace's exporters.
#include "cli/exports.h"

#include <fstream>
#include <ostream>

#include "trace/chrome_trace.h"
#include "trace/text_timeline.h"
#include "trace/trace_json.h"

namespace condlab::cli {

namespace {

bool have_trace(const lesson::RunResult& result, std::string& error) {
    if (result.trace)
        return true;
    error = "no trace was recorded for this run";
    return false;
}

bool write_file(const std::string& path, const std::string& text, std::string& error) {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    if (!f) {
        error = "cannot open for writing";
        return false;
    }
    f << text;
    f.close();
    if (!f) {
        error = "write failed";
        return false;
    }
    return true;
}

} // namespace

bool write_timeline(const lesson::RunResult& result, std::ostream& out, std::string& error) {
    if (!have_trace(result, error))
        return false;
    out << render_text_timeline(*result.trace);
    return true;
}

bool write_trace_json(const lesson::RunResult& result, const std::string& path,
                      std::string& error) {
    return have_trace(result, error) &&
           write_file(path, condlab::write_trace_json(*result.trace), error);
}

bool write_chrome_trace(const lesson::RunResult& result, const std::string& path,
                        std::string& error) {
    return have_trace(result, error) &&
           write_file(path, condlab::write_chrome_trace(*result.trace), error);
}

} // namespace condlab::cli
