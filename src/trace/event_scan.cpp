// EventScan: one pass over the events, resumable after any event.
#include "trace/event_scan.h"

#include "runtime/observer.h"

#include <algorithm>

namespace condlab {

EventSource event_source(const Trace& trace) {
    EventSource s;
    s.events = trace.events();
    s.task_lists = trace.data().task_lists;
    s.owner = &trace;
    s.lock_of = [](const void* owner, ObjectId cond) {
        const ObjectRecord* o = static_cast<const Trace*>(owner)->object(cond);
        return o ? o->part : kNoObject;
    };
    return s;
}

std::uint64_t EventScan::wakeups_of(TaskId id) const { return m_tasks.get(id).wakeups; }

std::uint64_t EventScan::unheard_notifies() const noexcept {
    std::vector<EventId> used = m_unheard_used;
    std::sort(used.begin(), used.end());
    const auto distinct =
        static_cast<std::uint64_t>(std::unique(used.begin(), used.end()) - used.begin());
    return m_unheard_total - std::min(m_unheard_total, distinct);
}

void EventScan::missed(TaskState& t, EventFinding::Kind kind, EventId woke) {
    m_findings.push_back({kind, t.wait, t.wait_line, t.missed, woke, t.missed_line});
    m_unheard_used.push_back(t.missed);
    t.wait = t.missed = kNoEvent;
}

bool EventScan::holds(TaskId t, TaskId holder) {
    // An inner task (wait_for(cond.wait(), T), shield) runs for the task that awaits it,
    // which created it: its holder's lock is its own.
    for (int depth = 0; t != kNoTask && depth < 8; ++depth, t = task(t).parent)
        if (t == holder)
            return true;
    return false;
}

void EventScan::foreign(EventFinding::Kind kind, const TraceEvent& e, EventId i, TaskId holder) {
    TaskState& t = task(e.task);
    const std::uint8_t bit = kind == EventFinding::Kind::ForeignWait ? 1 : 2;
    if (t.foreign_reported & bit)
        return; // once per task
    t.foreign_reported |= bit;
    EventFinding f{kind, i, t.line, kNoEvent, kNoEvent};
    f.holder = holder;
    m_findings.push_back(f);
}

void EventScan::stops_waiting(TaskState& t) {
    if (t.waits_on == kNoObject)
        return;
    std::uint32_t& n = m_waiting[t.waits_on];
    n -= n > 0;
    t.waits_on = kNoObject;
}

void EventScan::cancel_requested(const TraceEvent& e, EventId i) {
    // Notified, then cancelled before it resumed: 3.11 drops that wake-up (the wait raises
    // CancelledError), so it is not one (gh-112202). It matters when another waiter is
    // still waiting: the notification meant for one of them is gone.
    TaskState& t = owner(e.task);
    if (t.woken_by == kNoEvent || t.resumed)
        return;
    --t.wakeups;
    --m_wakeups;
    EventFinding f{EventFinding::Kind::NotifiedCancelled, i, t.line, t.woken_by, kNoEvent};
    const auto waiting = m_waiting.find(t.woken_on);
    f.others = waiting != m_waiting.end() ? waiting->second : 0;
    m_findings.push_back(f);
    t.woken_by = kNoEvent;
    t.resumed = true;
}

void EventScan::notified(const TraceEvent& e, EventId i, std::span<const TaskId> woke) {
    m_wakeups += woke.size();
    if (woke.empty()) {
        ++m_unheard_total;
        m_unheard[e.object] = Unheard{i, e.task != kNoTask ? task(e.task).line : kNoLoc};
        return;
    }
    for (TaskId w : woke) {
        TaskState& t = owner(w);
        ++t.wakeups;
        t.woken_by = i;
        t.woken_on = e.object;
        stops_waiting(t);
        t.resumed = false;
        if (t.missed != kNoEvent) // it missed an earlier notify and this one woke it
            missed(t, EventFinding::Kind::LateWakeup, i);
    }
}

void EventScan::wait_begins(const TraceEvent& e, EventId i) {
    if (e.value & wait_guard::kForAwaiter)
        task(e.task).for_awaiter = true;
    TaskState& t = owner(e.task);
    stops_waiting(t);
    t.waits_on = e.object;
    ++m_waiting[e.object];
    if (wait_guard::wasted(e.value) && t.woken_by != kNoEvent)
        m_findings.push_back({EventFinding::Kind::WastedWakeup, i, t.line, t.woken_by, kNoEvent});
    else if (t.woken_by != kNoEvent && !wait_guard::guarded(e.value))
        ++m_rewaits;
    t.woken_by = kNoEvent;
    if (wait_guard::guarded(e.value))
        return;
    // An unguarded wait: it did not check the state, so a notify nobody heard before it
    // is one it missed.
    const auto unheard = m_unheard.find(e.object);
    if (unheard == m_unheard.end())
        return;
    if (t.missed != kNoEvent) // an earlier missed notify whose wait ended some other way
        missed(t, EventFinding::Kind::LostNotify, kNoEvent);
    t.wait = i;
    t.wait_line = t.line;
    t.missed = unheard->second.notify;
    t.missed_line = unheard->second.line;
    m_missing.push_back(owner_id(e.task));
}

inline void EventScan::primitive(const EventSource& source, const TraceEvent& e, EventId i) {
    switch (e.op) {
    case PrimitiveOp::ConditionNotify:
    case PrimitiveOp::ConditionNotifyAll: {
        if (e.task != kNoTask) {
            const auto h = m_holder.find(source.lock_of(source.owner, e.object));
            if (h != m_holder.end() && h->second != kNoTask && !holds(e.task, h->second))
                foreign(EventFinding::Kind::ForeignNotify, e, i, h->second);
        }
        std::span<const TaskId> woke;
        if (e.b != 0 && std::size_t{e.a} + e.b <= source.task_lists.size())
            woke = source.task_lists.subspan(e.a, e.b);
        notified(e, i, woke);
        break;
    }
    case PrimitiveOp::ConditionWait:
        if (e.task != kNoTask) {
            TaskState& t = task(e.task);
            if (t.foreign_lock != kNoObject &&
                t.foreign_lock == source.lock_of(source.owner, e.object))
                foreign(EventFinding::Kind::ForeignWait, e, i, t.foreign_holder);
            t.foreign_lock = kNoObject;
            wait_begins(e, i);
        }
        break;
    case PrimitiveOp::LockRelease: {
        TaskId& holder = m_holder[e.object];
        if (e.task != kNoTask && holder != kNoTask && !holds(e.task, holder)) {
            task(e.task).foreign_lock = e.object;
            task(e.task).foreign_holder = holder;
        }
        holder = kNoTask;
        break;
    }
    case PrimitiveOp::ConditionReacquire:
        // The wait ended; not by a notify (a timeout or a cancellation) if none woke it.
        if (e.task != kNoTask) {
            TaskState& t = owner(e.task);
            t.resumed = true;
            stops_waiting(t); // a timeout or a cancellation ended it
            if (t.missed != kNoEvent && t.woken_by == kNoEvent)
                missed(t, EventFinding::Kind::LostNotify, kNoEvent);
        }
        break;
    case PrimitiveOp::LockAcquireFast:
        ++m_fast;
        m_holder[e.object] = owner_id(e.task);
        break;
    case PrimitiveOp::LockGranted:
        ++m_granted;
        m_holder[e.object] = owner_id(e.task);
        break;
    default:
        break;
    }
}

void EventScan::feed(const EventSource& source) {
    const std::span<const TraceEvent> ev = source.events;
    for (std::size_t i = m_scanned; i < ev.size(); ++i) {
        const TraceEvent& e = ev[i];
        const auto id = static_cast<EventId>(i);
        switch (e.kind) {
        case EventKind::Line:
            task(e.task).line = e.a;
            break;
        case EventKind::Warning:
            m_findings.push_back({EventFinding::Kind::Warning, id, kNoLoc, kNoEvent, kNoEvent});
            break;
        case EventKind::Exception:
            m_findings.push_back(
                {EventFinding::Kind::Exception, id, task(e.task).line, kNoEvent, kNoEvent});
            break;
        case EventKind::Primitive:
            primitive(source, e, id);
            break;
        case EventKind::TaskCreated:
            if (e.value > 0)
                task(e.task).parent = static_cast<TaskId>(e.value);
            break;
        case EventKind::CancelRequested:
            if (e.task != kNoTask)
                cancel_requested(e, id);
            break;
        default:
            break;
        }
    }
    m_scanned = ev.size();
}

void EventScan::finish() {
    for (TaskId id : m_missing) {
        TaskState& t = task(id);
        if (t.missed != kNoEvent) // still waiting when the run ended
            missed(t, EventFinding::Kind::LostNotify, kNoEvent);
    }
    m_missing.clear();
}

} // namespace condlab
