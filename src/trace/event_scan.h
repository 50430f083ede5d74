#pragma once
// EventScan: the analysis' one pass over a trace's events (analysis.h). It follows each
// task from a condition wake-up to what it does next (wasted wake-ups), notes lost
// notifies, lock errors and warnings, and counts wake-ups and lock acquisitions.
//
// It can be fed while the trace is being recorded: BackgroundRecorder feeds it on its
// worker thread after each chunk of events, so that when a long run ends the analysis has
// only the rest of the events and the messages left to do. The analysis finishes the feed
// from the finished trace, so a scan fed early or not at all gives the same result.
#include "trace/by_task.h"
#include "trace/trace.h"

#include <cstdint>
#include <span>
#include <vector>

namespace condlab {

/// What the scan reads of a trace, finished or still being recorded.
struct EventSource {
    std::span<const TraceEvent> events; // every event so far, in order
    std::span<const TaskId> task_lists; // where the events' woken lists are
    /// The lock a condition uses (ObjectRecord::part), kNoObject if none.
    ObjectId (*lock_of)(const void* owner, ObjectId cond) = nullptr;
    const void* owner = nullptr;
};
EventSource event_source(const Trace& trace);

/// An event that may become a diagnostic; the analysis decides and writes the message.
struct EventFinding {
    enum class Kind : std::uint8_t { Warning, Exception, LostNotify, WastedWakeup };
    Kind kind = Kind::Warning;
    EventId event = kNoEvent;
    LocId line = kNoLoc;       // the task's last executed line at that event
    EventId notify = kNoEvent; // WastedWakeup: the notify that woke the task
};

class EventScan {
  public:
    /// Scans the events of `source` after the first scanned() ones.
    void feed(const EventSource& source);
    [[nodiscard]] std::size_t scanned() const noexcept { return m_scanned; }

    /// In event order.
    [[nodiscard]] std::span<const EventFinding> findings() const noexcept { return m_findings; }
    [[nodiscard]] std::uint64_t wakeups() const noexcept { return m_wakeups; }
    [[nodiscard]] std::uint64_t wakeups_of(TaskId task) const;
    [[nodiscard]] std::uint64_t lock_acquisitions_uncontended() const noexcept { return m_fast; }
    [[nodiscard]] std::uint64_t lock_acquisitions_contended() const noexcept { return m_granted; }

  private:
    /// Where a task is after a condition wake-up.
    struct WakeTrack {
        enum class Phase : std::uint8_t { None, Woken, Reacquiring, Released };
        Phase phase = Phase::None;
        ObjectId cond = kNoObject;
        ObjectId lock = kNoObject;
        EventId notify = kNoEvent;
    };
    struct TaskState {
        WakeTrack wake;
        LocId line = kNoLoc; // its last Line event
        std::uint64_t wakeups = 0;
    };
    TaskState& task(TaskId id) { return m_tasks[id]; }
    [[gnu::always_inline]] inline void primitive(const EventSource& source, const TraceEvent& e,
                                                 EventId i);

    std::size_t m_scanned = 0;
    ByTask<TaskState> m_tasks;
    std::vector<EventFinding> m_findings;
    std::uint64_t m_wakeups = 0;
    std::uint64_t m_fast = 0;
    std::uint64_t m_granted = 0;
};

} // namespace condlab
