// The playhead's index over a finished run (playhead_index.h).
#include "app/playhead_index.h"

#include <algorithm>

namespace condlab::app {

PlayheadIndex build_playhead_index(const Trace* t) {
    PlayheadIndex x;
    if (t == nullptr || t->step_count() == 0) {
        x.positions.push_back({});
        x.step_end.push_back(0);
        return x;
    }
    const auto tasks = t->tasks();
    x.task_lines.resize(tasks.size());
    auto task_index = [&](TaskId id) -> std::size_t {
        auto it = std::lower_bound(tasks.begin(), tasks.end(), id,
                                   [](const TaskRecord& r, TaskId v) { return r.id < v; });
        return it != tasks.end() && it->id == id ? static_cast<std::size_t>(it - tasks.begin())
                                                 : tasks.size();
    };
    x.positions.reserve(t->step_count() * 2);
    x.step_end.reserve(t->step_count());
    for (StepId s = 0; s < t->step_count(); ++s) {
        const EventId first = t->step_first_event(s);
        const auto evs = t->step_events(s);
        for (std::size_t i = 0; i < evs.size(); ++i) {
            const TraceEvent& e = evs[i];
            const auto id = static_cast<EventId>(first + i);
            if (e.kind == EventKind::Line) {
                x.positions.push_back({s, id});
                const std::size_t ti = task_index(e.task);
                if (ti < x.task_lines.size()) {
                    x.task_lines[ti].events.push_back(id);
                    x.task_lines[ti].lines.push_back(t->line(e.a));
                }
            } else if (e.kind == EventKind::Output) {
                x.output_events.push_back(id);
            }
        }
        x.step_end.push_back(x.positions.size());
        x.positions.push_back({s, kNoEvent});
    }
    return x;
}

} // namespace condlab::app
