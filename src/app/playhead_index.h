// The playhead's index over a finished run: its positions (player.h explains them), where
// each step ends, each task's executed lines and the output events. Built once per run (on
// the run worker, run_worker.h) and then only read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "trace/trace.h"

namespace condlab::app {

struct PlayheadPosition {
    StepId step = 0;
    EventId line_event = kNoEvent; ///< a Line event of `step`, or kNoEvent = end of step
    [[nodiscard]] bool at_end() const { return line_event == kNoEvent; }
};

struct PlayheadIndex {
    std::vector<PlayheadPosition> positions;
    std::vector<std::size_t> step_end; ///< step -> index of its end position
    /// Per task (index = position in trace tasks()): its Line events (id, line), in order.
    struct TaskLines {
        std::vector<EventId> events;
        std::vector<std::uint32_t> lines;
    };
    std::vector<TaskLines> task_lines;
    std::vector<EventId> output_events;
};

/// The index of `trace` (one position and no steps without a trace).
[[nodiscard]] PlayheadIndex build_playhead_index(const Trace* trace);

} // namespace condlab::app
