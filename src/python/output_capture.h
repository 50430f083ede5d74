#pragma once
// A run's captured output (sys.stdout / sys.stderr of the program): the exact text of each
// stream, every printed line with its virtual time (and trace step), the output cap.
#include "python/program_runner.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace condlab::python {

class RunContext;
struct OutputCapture;

/// Captures one stream (sys.stdout or sys.stderr) of the run, line by line.
class OutputStream {
  public:
    OutputStream(RunContext& run, OutputCapture& capture, bool is_stderr)
        : m_run(run), m_capture(capture), m_stderr(is_stderr) {}
    /// Appends text; completed lines become OutputLines. False when the output cap is hit
    /// (the text is cut at the cap).
    bool write(std::string_view text);
    /// Ends a last line that has no newline.
    void flush_partial();

  private:
    RunContext& m_run; // the loop's time, the recorder, the cap
    OutputCapture& m_capture;
    bool m_stderr;
    std::string m_partial;
};

/// Both streams of a run and what they captured.
struct OutputCapture {
    explicit OutputCapture(RunContext& run) : out(run, *this, false), err(run, *this, true) {}
    OutputCapture(const OutputCapture&) = delete;
    OutputCapture& operator=(const OutputCapture&) = delete;

    OutputStream out, err;
    std::string stdout_text{}, stderr_text{};
    /// Every printed line (stdout and stderr).
    std::vector<OutputLine> lines{};
    /// Lines of `lines` whose step the recorder marked, in mark order (steps are known
    /// once the recorder finishes).
    std::vector<std::size_t> stepped{};
    std::size_t bytes = 0;
    /// Nothing more is captured (teardown, after os._exit()).
    bool closed = false;
};

} // namespace condlab::python
