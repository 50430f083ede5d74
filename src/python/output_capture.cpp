// Captured output of a run (output_capture.h).
#include "python/output_capture.h"

#include "python/run_context.h"

#include "trace/background_recorder.h"

namespace condlab::python {

bool OutputStream::write(std::string_view text) {
    RunContext& r = m_run;
    OutputCapture& c = m_capture;
    if (c.closed)
        return true;
    bool ok = true;
    const std::size_t cap = r.options.max_output_bytes;
    if (c.bytes + text.size() > cap) {
        text = text.substr(0, cap > c.bytes ? cap - c.bytes : 0);
        ok = false;
    }
    c.bytes += text.size();
    (m_stderr ? c.stderr_text : c.stdout_text).append(text);
    std::size_t start = 0;
    while (true) {
        std::size_t nl = text.find('\n', start);
        if (nl == std::string_view::npos) {
            m_partial.append(text.substr(start));
            break;
        }
        m_partial.append(text.substr(start, nl - start));
        OutputLine line;
        line.text = std::move(m_partial);
        m_partial.clear();
        line.is_stderr = m_stderr;
        line.time = r.has_loop() ? r.loop().time() : 0.0;
        if (BackgroundRecorder* rec = r.recorder(); rec && r.recording()) {
            if (!m_stderr)
                rec->output(line.text);
            rec->mark_step(); // the worker knows the step: see OutputCapture::stepped
            c.stepped.push_back(c.lines.size());
        }
        c.lines.push_back(std::move(line));
        start = nl + 1;
    }
    return ok;
}

void OutputStream::flush_partial() {
    if (m_partial.empty())
        return;
    bool closed = m_capture.closed;
    m_capture.closed = false;
    std::string rest = std::move(m_partial);
    m_partial.clear();
    // Emit it as a line without adding a newline to the text streams.
    OutputLine line;
    line.text = std::move(rest);
    line.is_stderr = m_stderr;
    line.time = m_run.has_loop() ? m_run.loop().time() : 0.0;
    m_capture.lines.push_back(std::move(line));
    m_capture.closed = closed;
}

} // namespace condlab::python
