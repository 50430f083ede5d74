// Trace exports (see exports.h), on src/trace's exporters when they are built in.
#include "cli/exports.h"

#include <fstream>
#include <ostream>

#if __has_include("trace/text_timeline.h") && __has_include("trace/trace_json.h") &&               \
                                                            __has_include("trace/chrome_trace.h")
#include "trace/chrome_trace.h"
#include "trace/text_timeline.h"
#include "trace/trace_json.h"
#define CONDLAB_CLI_HAVE_EXPORTERS 1
#endif

namespace condlab::cli {

#if CONDLAB_CLI_HAVE_EXPORTERS

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

#else // the exporters are not built in

bool write_timeline(const lesson::RunResult&, std::ostream&, std::string& error) {
    error = "trace exporters are not available in this build";
    return false;
}

bool write_trace_json(const lesson::RunResult&, const std::string&, std::string& error) {
    error = "trace exporters are not available in this build";
    return false;
}

bool write_chrome_trace(const lesson::RunResult&, const std::string&, std::string& error) {
    error = "trace exporters are not available in this build";
    return false;
}

#endif

} // namespace condlab::cli
