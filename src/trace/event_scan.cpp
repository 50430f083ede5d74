// EventScan: one pass over the events, resumable after any event.
#include "trace/event_scan.h"

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

inline void EventScan::primitive(const EventSource& source, const TraceEvent& e, EventId i) {
    using Phase = WakeTrack::Phase;
    if (e.op == PrimitiveOp::ConditionNotify || e.op == PrimitiveOp::ConditionNotifyAll) {
        std::span<const TaskId> woke;
        if (e.b != 0 && std::size_t{e.a} + e.b <= source.task_lists.size())
            woke = source.task_lists.subspan(e.a, e.b);
        m_wakeups += e.b;
        if (woke.empty())
            m_findings.push_back({EventFinding::Kind::LostNotify, i, task(e.task).line, kNoEvent});
        const ObjectId lock = source.lock_of(source.owner, e.object);
        for (TaskId w : woke) {
            TaskState& t = task(w);
            ++t.wakeups;
            t.wake = WakeTrack{Phase::Woken, e.object, lock, i};
        }
        if (e.task != kNoTask)
            task(e.task).wake.phase = Phase::None; // the notifier did something
        return;
    }
    if (e.op == PrimitiveOp::LockAcquireFast)
        ++m_fast;
    else if (e.op == PrimitiveOp::LockGranted)
        ++m_granted;
    if (e.task == kNoTask)
        return;
    TaskState& ts = task(e.task);
    WakeTrack& t = ts.wake;
    if (t.phase == Phase::None)
        return;
    switch (e.op) {
    case PrimitiveOp::ConditionReacquire:
        if (e.object == t.cond && t.phase == Phase::Woken) {
            t.phase = Phase::Reacquiring;
            return;
        }
        break;
    case PrimitiveOp::LockAcquireFast:
    case PrimitiveOp::LockAcquireQueued:
    case PrimitiveOp::LockGranted:
        if (t.phase == Phase::Reacquiring && (t.lock == kNoObject || t.lock == e.object)) {
            t.lock = e.object;
            return;
        }
        break;
    case PrimitiveOp::LockRelease:
        if (t.phase == Phase::Reacquiring && e.object == t.lock) {
            t.phase = Phase::Released; // wait() releases before it waits
            return;
        }
        break;
    case PrimitiveOp::ConditionWait:
        if (e.object == t.cond && (t.phase == Phase::Reacquiring || t.phase == Phase::Released))
            m_findings.push_back({EventFinding::Kind::WastedWakeup, i, ts.line, t.notify});
        break;
    default:
        break;
    }
    t.phase = Phase::None;
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
        case EventKind::Output:
        case EventKind::TaskDone:
            task(e.task).wake.phase = WakeTrack::Phase::None;
            break;
        case EventKind::Warning:
            m_findings.push_back({EventFinding::Kind::Warning, id, kNoLoc, kNoEvent});
            break;
        case EventKind::Exception:
            m_findings.push_back({EventFinding::Kind::Exception, id, task(e.task).line, kNoEvent});
            break;
        case EventKind::Primitive:
            primitive(source, e, id);
            break;
        default:
            break;
        }
    }
    m_scanned = ev.size();
}

} // namespace condlab
