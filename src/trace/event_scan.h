#pragma once
// EventScan: the analysis' one pass over a trace's events (analysis.h). It counts
// wake-ups, wasted wake-ups and re-waits, pairs notifies that found no waiter with the
// unguarded waits that missed them (lost notifications, late wake-ups), notes lock errors
// and warnings, and counts lock acquisitions. docs/findings.md defines each term; the
// guard of each wait comes with its ConditionWait event (runtime/observer.h, wait_guard).
//
// It can be fed while the trace is being recorded: BackgroundRecorder feeds it on its
// worker thread after each chunk of events, so that when a long run ends the analysis has
// only the rest of the events and the messages left to do. The analysis finishes the feed
// from the finished trace, so a scan fed early or not at all gives the same result.
#include "trace/by_task.h"
#include "trace/trace.h"

#include <cstdint>
#include <span>
#include <unordered_map>
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
    enum class Kind : std::uint8_t {
        Warning,
        Exception,
        LostNotify,
        LateWakeup,
        WastedWakeup,
        ForeignWait,       // wait() while another task held the lock (it released theirs)
        ForeignNotify,     // notify() while another task held the lock
        NotifiedCancelled, // woken by a notify, cancelled before it resumed (3.11 drops it)
    };
    Kind kind = Kind::Warning;
    EventId event = kNoEvent;   // WastedWakeup: the wait again; Lost/Late: the wait that missed
    LocId line = kNoLoc;        // the task's last executed line at that event
    EventId notify = kNoEvent;  // WastedWakeup: the notify that woke the task; Lost/Late: the
                                // notify that found no waiter
    EventId woke = kNoEvent;    // LateWakeup: the later notify that woke the task
    LocId notify_line = kNoLoc; // Lost/Late: the notifier's last executed line at `notify`
    TaskId holder = kNoTask;    // ForeignWait / ForeignNotify: the task that held the lock
    std::uint32_t others = 0;   // NotifiedCancelled: waiters on that condition still waiting
};

class EventScan {
  public:
    /// Scans the events of `source` after the first scanned() ones.
    void feed(const EventSource& source);
    [[nodiscard]] std::size_t scanned() const noexcept { return m_scanned; }
    /// The run is over: waits that missed a notify and never ended by one are lost
    /// notifications. Call once, after the last feed().
    void finish();

    /// In event order (the lost notifications finish() finds last).
    [[nodiscard]] std::span<const EventFinding> findings() const noexcept { return m_findings; }
    [[nodiscard]] std::uint64_t wakeups() const noexcept { return m_wakeups; }
    [[nodiscard]] std::uint64_t wakeups_of(TaskId task) const;
    /// Wake-ups after which a bare wait() outside any predicate loop waited again: neither
    /// useful nor wasted as far as condlab can tell.
    [[nodiscard]] std::uint64_t rewaits() const noexcept { return m_rewaits; }
    /// Notifies that found no waiter and were lost for nobody.
    [[nodiscard]] std::uint64_t unheard_notifies() const noexcept;
    [[nodiscard]] std::uint64_t lock_acquisitions_uncontended() const noexcept { return m_fast; }
    [[nodiscard]] std::uint64_t lock_acquisitions_contended() const noexcept { return m_granted; }

  private:
    struct TaskState {
        LocId line = kNoLoc;           // its last Line event
        EventId woken_by = kNoEvent;   // the notify that woke it since its last wait
        ObjectId waits_on = kNoObject; // the condition of its current wait, until woken
        ObjectId woken_on = kNoObject; // the condition of woken_by
        // Its current unguarded wait and the latest notify it missed (kNoEvent: none).
        EventId wait = kNoEvent;
        EventId missed = kNoEvent;
        LocId wait_line = kNoLoc;
        LocId missed_line = kNoLoc;
        bool resumed = true;      // it resumed from its last wake-up (re-acquired the lock)
        TaskId parent = kNoTask;  // the task that created it
        bool for_awaiter = false; // it waits for `parent` (wait_guard::kForAwaiter)
        // Its last release of a lock another task held (a wait() by a non-holder).
        ObjectId foreign_lock = kNoObject;
        TaskId foreign_holder = kNoTask;
        std::uint8_t foreign_reported = 0; // bit 0: wait, bit 1: notify
        std::uint64_t wakeups = 0;
    };
    TaskState& task(TaskId id) { return m_tasks[id]; }
    /// The task whose wait it is: the awaiter for wait_for's inner task, else itself.
    TaskId owner_id(TaskId id) {
        if (id == kNoTask)
            return id;
        const TaskState& t = m_tasks[id];
        return t.for_awaiter && t.parent != kNoTask ? t.parent : id;
    }
    TaskState& owner(TaskId id) { return m_tasks[owner_id(id)]; }
    [[gnu::always_inline]] inline void primitive(const EventSource& source, const TraceEvent& e,
                                                 EventId i);
    void notified(const TraceEvent& e, EventId i, std::span<const TaskId> woke);
    void wait_begins(const TraceEvent& e, EventId i);
    void missed(TaskState& t, EventFinding::Kind kind, EventId woke);
    /// `task` (or a task that created it, as wait_for's inner task) holds the lock.
    bool holds(TaskId task, TaskId holder);
    void foreign(EventFinding::Kind kind, const TraceEvent& e, EventId i, TaskId holder);
    void stops_waiting(TaskState& t);
    void cancel_requested(const TraceEvent& e, EventId i);

    std::size_t m_scanned = 0;
    ByTask<TaskState> m_tasks;
    std::vector<TaskId> m_missing; // tasks with a missed notify (maybe still waiting)
    struct Unheard {
        EventId notify = kNoEvent;
        LocId line = kNoLoc;
    };
    std::unordered_map<ObjectId, Unheard> m_unheard; // per condition: latest notify no one heard
    std::unordered_map<ObjectId, TaskId> m_holder;   // per lock: the task that acquired it
    // Per condition: tasks in wait() that no notify has woken yet.
    std::unordered_map<ObjectId, std::uint32_t> m_waiting;
    std::uint64_t m_unheard_total = 0;
    std::vector<EventId> m_unheard_used; // notifies some wait missed
    std::vector<EventFinding> m_findings;
    std::uint64_t m_wakeups = 0;
    std::uint64_t m_rewaits = 0;
    std::uint64_t m_fast = 0;
    std::uint64_t m_granted = 0;
};

} // namespace condlab
