// Analysis: outcome with explanations, diagnostics, metrics. Pure functions of a Trace.
//
// [SECTION] Helpers
// [SECTION] Outcome
// [SECTION] Diagnostics
// [SECTION] Metrics
#include "trace/analysis.h"

#include "trace/by_task.h"
#include "trace/event_scan.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <future>
#include <limits>
#include <map>
#include <set>
#include <tuple>

namespace condlab {

// ---------------------------------------------------------------------------
// [SECTION] Helpers
// ---------------------------------------------------------------------------

std::string format_time(double t) {
    if (std::isinf(t))
        return t > 0 ? "inf" : "-inf";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6g", t);
    return buf;
}

namespace {

std::string at(double t) { return "t=" + format_time(t); }

/// " (line 14)" or "".
std::string line_suffix(const Trace& tr, LocId loc) {
    const std::uint32_t line = tr.line(loc);
    return line ? " (line " + std::to_string(line) + ")" : std::string();
}

double step_time(const Trace& tr, StepId s) {
    return s < tr.step_count() ? tr.steps()[s].time : tr.finish_time();
}

bool is_notify(const TraceEvent& e) {
    return e.kind == EventKind::Primitive &&
           (e.op == PrimitiveOp::ConditionNotify || e.op == PrimitiveOp::ConditionNotifyAll);
}

std::string notify_word(const TraceEvent& e) {
    return e.op == PrimitiveOp::ConditionNotifyAll ? "notify_all" : "notify";
}

std::string join_names(const Trace& tr, std::span<const TaskId> tasks) {
    std::string out;
    for (std::size_t i = 0; i < tasks.size(); ++i) {
        if (i)
            out += i + 1 == tasks.size() ? " and " : ", ";
        out += tr.task_name(tasks[i]);
    }
    return out;
}

/// Calls fn(SpanView) for each of the task's spans in `status`, in order. The records are
/// read in place first: a long run has millions of spans, few of them in that status.
template <class Fn>
void for_each_span_in(const Trace& tr, const TaskRecord& t, TaskStatus status, Fn&& fn) {
    const auto own =
        std::span<const SpanRecord>(tr.data().spans).subspan(t.first_span, t.span_count);
    for (std::size_t i = 0; i < own.size(); ++i)
        if (own[i].status == status)
            fn(tr.span(t, i));
}

/// The state a task ended in (its last span).
SpanView final_span(const Trace& tr, TaskId task) {
    const std::size_t n = tr.span_count(task);
    return n ? tr.span(task, n - 1) : SpanView{};
}

/// Whether `task`, woken by notify event `notify`, was cancelled before its wait ended.
bool cancelled_before_resuming(std::span<const TraceEvent> ev, EventId notify, TaskId task) {
    for (EventId i = notify + 1; i < ev.size(); ++i) {
        const TraceEvent& e = ev[i];
        if (e.task != task)
            continue;
        if (e.kind == EventKind::CancelRequested)
            return true;
        if (e.kind == EventKind::Primitive && e.op == PrimitiveOp::ConditionReacquire)
            return false;
    }
    return false;
}

/// The last Line event of `task` at or before event `limit` (kNoLoc if none).
LocId last_line_of(const Trace& tr, TaskId task, EventId limit) {
    std::span<const TraceEvent> ev = tr.events();
    for (EventId i = std::min<EventId>(limit, static_cast<EventId>(ev.size())); i-- > 0;)
        if (ev[i].kind == EventKind::Line && ev[i].task == task)
            return ev[i].a;
    return kNoLoc;
}

std::string what_it_does(const Trace& tr, TaskId task) {
    const SpanView s = final_span(tr, task);
    std::string out = status_name(s.status);
    if (s.object != kNoObject) {
        // "waiting on condition" -> "waiting on cond"
        const std::string obj = tr.object_name(s.object);
        switch (s.status) {
        case TaskStatus::BlockedOnLock:
            out = "waiting for " + obj;
            break;
        case TaskStatus::WaitingOnCondition:
        case TaskStatus::WaitingOnEvent:
        case TaskStatus::WaitingOnSemaphore:
        case TaskStatus::WaitingOnQueue:
        case TaskStatus::WaitingOnBarrier:
        case TaskStatus::WaitingOnFuture:
            out = "waiting on " + obj;
            break;
        default:
            break;
        }
    }
    if (s.status == TaskStatus::WaitingOnTask)
        out = "waiting for another task";
    out += " since " + at(tr.point(s.begin).time) + line_suffix(tr, s.where);
    return out;
}

} // namespace

// ---------------------------------------------------------------------------
// [SECTION] Outcome
// ---------------------------------------------------------------------------

namespace {

/// Why `task`, waiting in span `s`, can never resume.
OutcomeReport::Blocked explain_blocked(const Trace& tr, TaskId task, const SpanView& s) {
    OutcomeReport::Blocked b;
    b.task = task;
    b.status = s.status;
    b.object = s.object;
    b.where = s.where;
    b.since = tick_step(s.begin);
    const std::string who = tr.task_name(task);
    const std::string obj = s.object != kNoObject ? tr.object_name(s.object) : std::string();
    const double since_t = tr.point(s.begin).time;
    const std::string since = " since " + at(since_t) + line_suffix(tr, s.where);
    const StepId last = tr.step_count() ? static_cast<StepId>(tr.step_count() - 1) : 0;
    std::span<const TraceEvent> ev = tr.events();

    switch (s.status) {
    case TaskStatus::WaitingOnCondition: {
        std::vector<EventId> before, after;
        for (EventId i = 0; i < ev.size(); ++i) {
            if (!is_notify(ev[i]) || ev[i].object != s.object)
                continue;
            (ev[i].step <= b.since ? before : after).push_back(i);
        }
        std::string why;
        if (!after.empty()) {
            const TraceEvent& n = ev[after.back()];
            b.related_step = n.step;
            std::span<const TaskId> woke = tr.woken(n);
            why = "the last " + notify_word(n) + " at " + at(step_time(tr, n.step)) +
                  (woke.empty() ? " found no waiter" : " woke " + join_names(tr, woke));
            if (n.task != kNoTask)
                why += " (called by " + tr.task_name(n.task) + ")";
            bool all_back = !woke.empty();
            for (TaskId w : woke) {
                const SpanView f = final_span(tr, w);
                all_back =
                    all_back && f.status == TaskStatus::WaitingOnCondition && f.object == s.object;
            }
            if (all_back)
                why += ", which went back to waiting";
            for (TaskId w : woke)
                if (cancelled_before_resuming(ev, after.back(), w))
                    why += "; " + tr.task_name(w) +
                           " was cancelled before it resumed, and Python 3.11 drops that "
                           "wake-up (gh-112202)";
            why += ", and nothing notifies " + obj + " after that";
        } else if (!before.empty()) {
            const TraceEvent& n = ev[before.back()];
            b.related_step = n.step;
            why = (before.size() == 1 ? "the only " : "the last ") + notify_word(n) +
                  " happened at " + at(step_time(tr, n.step)) + ", before it began waiting";
        } else {
            why = "no notify ever happened";
        }
        b.explanation = who + " waits on " + obj + since + "; nothing can wake it: " + why + ".";
        break;
    }
    case TaskStatus::BlockedOnLock: {
        const ObjectState st = tr.object_state_at(s.object, last);
        std::string why;
        if (st.locked && st.holder != kNoTask) {
            b.related_step = tick_step(st.changed_at);
            why = obj + " is held by " + tr.task_name(st.holder);
            if (st.holder == task)
                why += " itself";
            else if (!is_finished(final_span(tr, st.holder).status))
                why += ", which is " + what_it_does(tr, st.holder);
            else
                why += ", which ended without releasing it";
        } else if (st.locked) {
            why = obj + " is locked and nobody releases it";
        } else {
            why = obj + " is free, but the hand-over never reached it";
        }
        b.explanation = who + " waits for " + obj + since + "; " + why + ".";
        break;
    }
    case TaskStatus::WaitingOnEvent: {
        EventId last_set = kNoEvent, last_clear = kNoEvent;
        for (EventId i = 0; i < ev.size(); ++i) {
            if (ev[i].kind != EventKind::Primitive || ev[i].object != s.object)
                continue;
            if (ev[i].op == PrimitiveOp::EventSet)
                last_set = i;
            if (ev[i].op == PrimitiveOp::EventClear)
                last_clear = i;
        }
        std::string why;
        if (last_set == kNoEvent) {
            why = "nobody ever set it";
        } else {
            b.related_step = ev[last_set].step;
            why = "it was last set at " + at(step_time(tr, ev[last_set].step));
            if (last_clear != kNoEvent && last_clear > last_set)
                why += " and cleared at " + at(step_time(tr, ev[last_clear].step));
            why += ", before it began waiting";
        }
        b.explanation = who + " waits on " + obj + since + "; nothing can wake it: " + why + ".";
        break;
    }
    case TaskStatus::WaitingOnSemaphore:
        b.explanation =
            who + " waits on " + obj + since + "; its counter is 0 and no task will release it.";
        break;
    case TaskStatus::WaitingOnQueue:
        b.explanation = who + " waits on " + obj + since +
                        "; no task will put into it or take from it any more.";
        break;
    case TaskStatus::WaitingOnBarrier:
        b.explanation = who + " waits at " + obj + since + "; not enough tasks will arrive.";
        break;
    case TaskStatus::WaitingOnTask:
        b.explanation = who + " waits for another task" + since + ", which never finishes.";
        break;
    case TaskStatus::Sleeping:
        b.explanation = who + " is sleeping" + since + ".";
        break;
    case TaskStatus::Ready:
    case TaskStatus::Running:
        b.explanation = who + " was ready to run" + since + ".";
        break;
    default:
        b.explanation = who + " waits on " + (obj.empty() ? std::string("a future") : obj) + since +
                        " that nobody completes.";
        break;
    }
    return b;
}

} // namespace

OutcomeReport analyze_outcome(const Trace& tr) {
    OutcomeReport out;
    const RunSummary& run = tr.run();
    const std::string when = at(tr.finish_time());
    const StepId last = tr.step_count() ? static_cast<StepId>(tr.step_count() - 1) : 0;
    switch (run.kind) {
    case OutcomeKind::Complete:
        out.kind = OutcomeKind::Complete;
        out.summary =
            "Completed at " + when + " after " + std::to_string(tr.iterations()) + " iterations.";
        break;
    case OutcomeKind::Exception: {
        out.kind = OutcomeKind::Exception;
        out.error_type = std::string(tr.str(run.error_type));
        out.error_message = std::string(tr.str(run.error_message));
        out.task = run.main_task;
        // The first task that raised this very error is where it came from.
        for (const TraceEvent& e : tr.events()) {
            if (e.kind != EventKind::Exception)
                continue;
            if (tr.str(e.a) == out.error_type && tr.str(e.b) == out.error_message) {
                out.task = e.task;
                out.where = static_cast<LocId>(e.value);
                break;
            }
        }
        out.summary = tr.task_name(out.task) + " raised " + out.error_type +
                      (out.error_message.empty() ? "" : ": " + out.error_message) +
                      line_suffix(tr, out.where) + " at " + when + ".";
        break;
    }
    case OutcomeKind::Deadlock:
    case OutcomeKind::Budget: {
        const bool deadlock = run.kind == OutcomeKind::Deadlock;
        out.kind = run.kind;
        out.budget = run.budget;
        std::vector<TaskId> blocked;
        for (const BlockedRecord& b : run.blocked)
            blocked.push_back(b.task);
        if (blocked.empty())
            for (const TaskRecord& t : tr.tasks())
                if (!is_finished(final_span(tr, t.id).status))
                    blocked.push_back(t.id);
        // Tasks that only wait for other tasks last: the interesting waits come first.
        std::stable_sort(blocked.begin(), blocked.end(), [&](TaskId a, TaskId b) {
            return (final_span(tr, a).status == TaskStatus::WaitingOnTask) <
                   (final_span(tr, b).status == TaskStatus::WaitingOnTask);
        });
        if (deadlock) {
            out.summary = "Deadlock at " + when + ": no task can run and no timer is pending.";
            for (TaskId t : blocked) {
                out.blocked.push_back(explain_blocked(tr, t, tr.span_at(t, tick_end(last))));
                out.summary += " " + out.blocked.back().explanation;
            }
        } else {
            // The task that kept running: the task of the last task step.
            for (StepId s = static_cast<StepId>(tr.step_count()); s-- > 0;)
                if (tr.steps()[s].task != kNoTask) {
                    out.task = tr.steps()[s].task;
                    break;
                }
            if (out.task != kNoTask) {
                out.where = last_line_of(tr, out.task, static_cast<EventId>(tr.events().size()));
                if (out.where == kNoLoc) {
                    // Its last await location.
                    for (std::size_t i = tr.span_count(out.task); i-- > 0;) {
                        const SpanView sp = tr.span(out.task, i);
                        if (sp.where != kNoLoc) {
                            out.where = sp.where;
                            break;
                        }
                    }
                }
            }
            out.summary = std::string("Stopped: the ") + budget_name(run.budget) +
                          " budget ran out at " + when + " after " +
                          std::to_string(tr.iterations()) + " iterations";
            if (out.task != kNoTask)
                out.summary += "; " + tr.task_name(out.task) + " was the last to run" +
                               line_suffix(tr, out.where);
            out.summary += ".";
            for (TaskId t : blocked) {
                OutcomeReport::Blocked b;
                const SpanView sp = tr.span_at(t, tick_end(last));
                b.task = t;
                b.status = sp.status;
                b.object = sp.object;
                b.where = sp.where;
                b.since = tick_step(sp.begin);
                b.explanation = tr.task_name(t) + " was " + what_it_does(tr, t) + ".";
                out.blocked.push_back(std::move(b));
            }
        }
        break;
    }
    case OutcomeKind::SyntaxError: // not a loop's outcome: the loader refuses them
    case OutcomeKind::UsageError:
        out.kind = run.kind;
        out.summary = std::string(outcome_info(run.kind).words) + ".";
        break;
    }
    return out;
}

// ---------------------------------------------------------------------------
// [SECTION] Diagnostics
// ---------------------------------------------------------------------------

const char* diagnostic_kind_name(DiagnosticKind kind) noexcept {
    switch (kind) {
    case DiagnosticKind::LostNotify:
        return "lost_notify";
    case DiagnosticKind::WastedWakeup:
        return "wasted_wakeup";
    case DiagnosticKind::WaitWithoutLock:
        return "wait_without_lock";
    case DiagnosticKind::NotifyWithoutLock:
        return "notify_without_lock";
    case DiagnosticKind::LockHeldAcrossSleep:
        return "lock_held_across_sleep";
    case DiagnosticKind::NeverAwaited:
        return "never_awaited";
    case DiagnosticKind::NeverFinished:
        return "never_finished";
    case DiagnosticKind::LateWakeup:
        return "late_wakeup";
    case DiagnosticKind::NotifiedThenCancelled:
        return "notified_then_cancelled";
    }
    return "?";
}

const char* diagnostic_title(DiagnosticKind kind) noexcept {
    switch (kind) {
    case DiagnosticKind::LostNotify:
        return "Lost notify";
    case DiagnosticKind::WastedWakeup:
        return "Wasted wake-up";
    case DiagnosticKind::WaitWithoutLock:
        return "Wait without the lock";
    case DiagnosticKind::NotifyWithoutLock:
        return "Notify without the lock";
    case DiagnosticKind::LockHeldAcrossSleep:
        return "Lock held across a sleep";
    case DiagnosticKind::NeverAwaited:
        return "Coroutine never awaited";
    case DiagnosticKind::NeverFinished:
        return "Task never finished";
    case DiagnosticKind::LateWakeup:
        return "Late wake-up";
    case DiagnosticKind::NotifiedThenCancelled:
        return "Notified, then cancelled";
    }
    return "?";
}

namespace {

/// A diagnostic of `kind` pinned to event `i`: its step, task, object; `where` its line.
Diagnostic at_event(DiagnosticKind kind, const TraceEvent& e, EventId i, LocId where) {
    Diagnostic d;
    d.kind = kind;
    d.step = e.step;
    d.task = e.task;
    d.object = e.object;
    d.where = where;
    d.event = i;
    return d;
}

/// The line of wait `e`: the task's last executed line, else where its waiting span says.
LocId wait_line(const Trace& tr, const TraceEvent& e, LocId last_line) {
    if (last_line != kNoLoc)
        return last_line;
    return tr.span_at(e.task, tick_end(e.step)).where;
}

/// A waiter woken by a notify and cancelled (`e`: the cancel request) before it resumed.
Diagnostic notified_then_cancelled(const Trace& tr, const EventFinding& f, const TraceEvent& e) {
    const TraceEvent& n = tr.events()[f.notify];
    Diagnostic d = at_event(DiagnosticKind::NotifiedThenCancelled, e, f.event, f.line);
    d.object = n.object;
    d.related_step = n.step;
    d.note = f.others == 0;
    d.message = tr.task_name(e.task) + " was woken by " + notify_word(n) + "() on " +
                tr.object_name(n.object) + " at " + at(step_time(tr, n.step)) +
                " and cancelled at " + at(step_time(tr, e.step)) +
                ", before it resumed: Python 3.11 drops that wake-up (CPython gh-112202; 3.13 "
                "passes it on)";
    if (f.others == 1)
        d.message += ", and 1 other waiter on " + tr.object_name(n.object) +
                     " was still waiting: the notification meant for it is lost.";
    else if (f.others > 1)
        d.message += ", and " + std::to_string(f.others) + " other waiters on " +
                     tr.object_name(n.object) +
                     " were still waiting: the notification meant for one of them is lost.";
    else
        d.message += "; no other task was waiting, so nothing is lost.";
    return d;
}

/// The diagnostics of the scan's findings, in event order.
void describe_findings(const Trace& tr, const EventScan& scan, std::vector<Diagnostic>& out) {
    std::span<const TraceEvent> ev = tr.events();
    std::set<DiagnosticKind> lock_errors; // reported once per run
    for (const EventFinding& f : scan.findings()) {
        const EventId i = f.event;
        const TraceEvent& e = ev[i];
        switch (f.kind) {
        case EventFinding::Kind::Warning: {
            if (static_cast<WarningKind>(e.value) != WarningKind::NeverAwaited)
                break;
            Diagnostic d = at_event(DiagnosticKind::NeverAwaited, e, i, e.b);
            d.message = std::string(tr.str(e.a));
            if (d.message.empty())
                d.message = "A coroutine was created but never awaited.";
            d.message += line_suffix(tr, e.b);
            out.push_back(std::move(d));
            break;
        }
        case EventFinding::Kind::Exception: {
            if (tr.str(e.a) != "RuntimeError")
                break;
            const std::string_view msg = tr.str(e.b);
            DiagnosticKind kind;
            std::string what;
            if (msg == "cannot wait on un-acquired lock") {
                kind = DiagnosticKind::WaitWithoutLock;
                what = " called wait() on a condition without holding its lock";
            } else if (msg == "cannot notify on un-acquired lock") {
                kind = DiagnosticKind::NotifyWithoutLock;
                what = " called notify() on a condition without holding its lock";
            } else {
                break;
            }
            // The first raise is the call; later ones of the same error are the tasks that
            // awaited it (directly, through gather, the main task) re-raising it.
            if (!lock_errors.insert(kind).second)
                break;
            const auto where = static_cast<LocId>(e.value);
            Diagnostic d = at_event(kind, e, i, where != kNoLoc ? where : f.line);
            d.message = tr.task_name(e.task) + what + line_suffix(tr, d.where) +
                        ": RuntimeError('" + std::string(msg) +
                        "'). Use `async with cond:` around wait() and notify().";
            out.push_back(std::move(d));
            break;
        }
        case EventFinding::Kind::LostNotify:
        case EventFinding::Kind::LateWakeup: {
            // Pinned at the notify that found no waiter; related: the unguarded wait (e)
            // that came later and missed it.
            const TraceEvent& n = ev[f.notify];
            const bool lost = f.kind == EventFinding::Kind::LostNotify;
            Diagnostic d = at_event(lost ? DiagnosticKind::LostNotify : DiagnosticKind::LateWakeup,
                                    n, f.notify, f.notify_line);
            d.related_step = e.step;
            const std::string notifier =
                n.task != kNoTask ? tr.task_name(n.task) : std::string("a callback");
            d.message = notifier + " called " + notify_word(n) + "() on " +
                        tr.object_name(n.object) + " at " + at(step_time(tr, n.step)) +
                        line_suffix(tr, d.where) + " but no task was waiting; " +
                        tr.task_name(e.task) + " began waiting later, at " +
                        at(step_time(tr, e.step)) + line_suffix(tr, wait_line(tr, e, f.line)) +
                        ", without checking the state first";
            if (lost) {
                d.message += ", and no notify woke it: the notification is lost (a condition "
                             "does not remember notifications).";
            } else {
                const TraceEvent& w = ev[f.woke];
                d.message += ": it was woken " +
                             format_time(step_time(tr, w.step) - step_time(tr, n.step)) +
                             " s after the notify it missed, by " + notify_word(w) + "() at " +
                             at(step_time(tr, w.step)) + ".";
            }
            out.push_back(std::move(d));
            break;
        }
        case EventFinding::Kind::ForeignWait:
        case EventFinding::Kind::ForeignNotify: {
            const bool waits = f.kind == EventFinding::Kind::ForeignWait;
            Diagnostic d = at_event(waits ? DiagnosticKind::WaitWithoutLock
                                          : DiagnosticKind::NotifyWithoutLock,
                                    e, i, wait_line(tr, e, f.line));
            const ObjectRecord* cond = tr.object(e.object);
            const std::string lock = cond && cond->part != kNoObject
                                         ? tr.object_name(cond->part)
                                         : tr.object_name(e.object) + "'s lock";
            d.message = tr.task_name(e.task) +
                        (waits ? " called wait() on " : " called notify() on ") +
                        tr.object_name(e.object) + line_suffix(tr, d.where) + " while " +
                        tr.task_name(f.holder) + " held " + lock +
                        ": 3.11 only checks that the lock is locked, not who holds it, so "
                        "nothing is raised" +
                        (waits ? ", and wait() released " + tr.task_name(f.holder) +
                                     "'s lock: its critical section is no longer protected."
                               : "; the state change it announces was not made under the "
                                 "lock. Use `async with cond:` around notify().");
            out.push_back(std::move(d));
            break;
        }
        case EventFinding::Kind::NotifiedCancelled:
            out.push_back(notified_then_cancelled(tr, f, e));
            break;
        case EventFinding::Kind::WastedWakeup: {
            const TraceEvent& n = ev[f.notify];
            Diagnostic d = at_event(DiagnosticKind::WastedWakeup, e, i, wait_line(tr, e, f.line));
            d.related_step = n.step;
            d.message = tr.task_name(e.task) + " was woken by " + notify_word(n) + "() on " +
                        tr.object_name(e.object) + " at " + at(step_time(tr, n.step)) +
                        (n.task != kNoTask ? " (from " + tr.task_name(n.task) + ")" : "") +
                        ((e.value & wait_guard::kWaitForAgain)
                             ? ", found its wait_for() predicate still false and waited again at "
                             : ", found its loop's test still true and waited again at ") +
                        at(step_time(tr, e.step)) + line_suffix(tr, d.where) +
                        ": a wasted wake-up.";
            out.push_back(std::move(d));
            break;
        }
        }
    }
}

/// Finishes the scan of `tr`'s events (all of them if nothing was fed) and describes it.
void scan_events(const Trace& tr, EventScan& scan, std::vector<Diagnostic>& out) {
    scan.feed(event_source(tr));
    scan.finish();
    describe_findings(tr, scan, out);
}

/// A task blocked on a lock from `begin` to `end` (seconds).
struct LockWait {
    double begin = 0;
    double end = 0;
    TaskId task = kNoTask;
};

/// Per lock: every time a task was blocked on it.
std::map<ObjectId, std::vector<LockWait>> lock_waits(const Trace& tr) {
    std::map<ObjectId, std::vector<LockWait>> out;
    for (const TaskRecord& task : tr.tasks())
        for_each_span_in(tr, task, TaskStatus::BlockedOnLock, [&](const SpanView& s) {
            out[s.object].push_back({tr.point(s.begin).time, tr.point(s.end).time, task.id});
        });
    return out;
}

/// The longest time another task than `sleeper` waited for the lock during [begin, end].
LockWait longest_wait_during(const std::vector<LockWait>& waits, TaskId sleeper, double begin,
                             double end) {
    LockWait longest;
    for (const LockWait& w : waits) {
        const double overlap = std::min(end, w.end) - std::max(begin, w.begin);
        if (w.task != sleeper && overlap > 0 && overlap > longest.end - longest.begin)
            longest = {std::max(begin, w.begin), std::min(end, w.end), w.task};
    }
    return longest;
}

/// Lock held across a sleep: a note, unless another task waited for the lock during the
/// sleep (then a problem that says how long). One diagnostic per task, lock and line.
void scan_sleeps(const Trace& tr, std::vector<Diagnostic>& out) {
    std::vector<ObjectId> locks;
    for (const ObjectRecord& o : tr.objects())
        if (o.kind == ObjectKind::Lock && o.change_count)
            locks.push_back(o.id);
    if (locks.empty())
        return;
    const auto waits = lock_waits(tr);
    static const std::vector<LockWait> no_waits;
    struct Seen {
        std::size_t index = 0; // of its diagnostic in `out`
        int count = 0;
        LockWait longest{}; // the longest wait for the lock during one of the sleeps
    };
    std::map<std::tuple<TaskId, ObjectId, LocId>, Seen> seen;
    for (const TaskRecord& task : tr.tasks()) {
        for_each_span_in(tr, task, TaskStatus::Sleeping, [&](const SpanView& s) {
            for (ObjectId lock : locks) {
                const ObjectState st = tr.object_state_at_tick(lock, s.begin);
                if (!st.locked || st.holder != task.id)
                    continue;
                const double begin = tr.point(s.begin).time, end = tr.point(s.end).time;
                const auto w = waits.find(lock);
                const LockWait longest = longest_wait_during(
                    w != waits.end() ? w->second : no_waits, task.id, begin, end);
                auto [found, added] = seen.try_emplace({task.id, lock, s.where});
                Seen& v = found->second;
                ++v.count;
                if (longest.end - longest.begin > v.longest.end - v.longest.begin)
                    v.longest = longest;
                if (!added)
                    continue;
                v.index = out.size();
                Diagnostic d;
                d.kind = DiagnosticKind::LockHeldAcrossSleep;
                d.step = tick_step(s.begin);
                d.task = task.id;
                d.object = lock;
                d.where = s.where;
                d.related_step = tick_step(st.changed_at);
                d.message = tr.task_name(task.id) + " sleeps for " + format_time(end - begin) +
                            " s" + line_suffix(tr, s.where) + " while it holds " +
                            tr.object_name(lock) + " (acquired at " +
                            at(step_time(tr, d.related_step)) + ")";
                out.push_back(std::move(d));
            }
        });
    }
    for (const auto& [key, v] : seen) {
        Diagnostic& d = out[v.index];
        const std::string lock = tr.object_name(std::get<1>(key));
        d.note = v.longest.task == kNoTask;
        if (d.note)
            d.message += "; no other task needed " + lock +
                         " meanwhile, but any that does will have to wait.";
        else
            d.message += "; " + tr.task_name(v.longest.task) + " waited " +
                         format_time(v.longest.end - v.longest.begin) + " s for " + lock +
                         " meanwhile (from " + at(v.longest.begin) + ").";
        if (v.count > 1)
            d.message += " It happened " + std::to_string(v.count) + " times.";
    }
}

void scan_unfinished(const Trace& tr, std::vector<Diagnostic>& out) {
    for (const TaskRecord& task : tr.tasks()) {
        const SpanView s = final_span(tr, task.id);
        if (is_finished(s.status) || s.status == TaskStatus::NotStarted)
            continue;
        Diagnostic d;
        d.kind = DiagnosticKind::NeverFinished;
        d.step = std::min<StepId>(tick_step(s.begin),
                                  tr.step_count() ? static_cast<StepId>(tr.step_count() - 1) : 0);
        d.task = task.id;
        d.object = s.object;
        d.where = s.where;
        d.message = tr.task_name(task.id) + " never finished: it was " + what_it_does(tr, task.id) +
                    " when the run ended.";
        out.push_back(std::move(d));
    }
}

/// The scans that walk spans and tasks, not events.
void scan_tasks(const Trace& tr, std::vector<Diagnostic>& out) {
    scan_sleeps(tr, out);
    scan_unfinished(tr, out);
}

/// In step order; the scans' order within a step and kind (stable).
void sort_diagnostics(std::vector<Diagnostic>& out) {
    std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return std::tie(a.step, a.kind) < std::tie(b.step, b.kind);
    });
}

} // namespace

std::vector<Diagnostic> analyze_diagnostics(const Trace& tr) {
    std::vector<Diagnostic> out;
    EventScan scan;
    scan_events(tr, scan, out);
    scan_tasks(tr, out);
    sort_diagnostics(out);
    return out;
}

// ---------------------------------------------------------------------------
// [SECTION] Metrics
// ---------------------------------------------------------------------------

namespace {
/// The metrics that need neither the event scan nor the diagnostics (see add_event_counts,
/// add_diagnostic_counts).
Metrics compute_trace_metrics(const Trace& tr) {
    Metrics m;
    m.finish_time = tr.finish_time();
    m.iterations = tr.iterations();
    m.steps = tr.step_count();
    m.events = tr.events().size();
    m.tasks = tr.tasks().size();
    ByTask<std::size_t> task_at; // per_task index + 1 (0: no such task)
    for (const TaskRecord& t : tr.tasks()) {
        task_at[t.id] = m.per_task.size() + 1;
        TaskMetrics tm;
        tm.task = t.id;
        tm.name = tr.task_name(t.id);
        m.per_task.push_back(std::move(tm));
    }
    std::map<ObjectId, std::size_t> obj_at;
    for (const ObjectRecord& o : tr.objects()) {
        obj_at[o.id] = m.per_object.size();
        ObjectMetrics om;
        om.object = o.id;
        om.name = tr.object_name(o.id);
        om.kind = o.kind;
        for (const ObjectChange& c : tr.changes(o.id))
            om.max_waiters = std::max<std::uint64_t>(om.max_waiters, c.waiter_count);
        if (o.kind == ObjectKind::Condition)
            m.max_condition_waiters = std::max(m.max_condition_waiters, om.max_waiters);
        m.per_object.push_back(std::move(om));
    }
    // Blocked time: every span of every task, read in place (a long run has millions).
    const std::span<const SpanRecord> spans = tr.data().spans;
    const std::span<const Step> steps = tr.steps();
    const Tick end = tr.end_tick();
    const double end_time = tr.point(end).time;
    const auto time_at = [&](Tick t) {
        const StepId s = tick_step(t);
        return s < steps.size() ? steps[s].time : end_time;
    };
    for (const TaskRecord& t : tr.tasks()) {
        TaskMetrics& tm = m.per_task[task_at[t.id] - 1];
        const std::span<const SpanRecord> own = spans.subspan(t.first_span, t.span_count);
        for (std::size_t i = 0; i < own.size(); ++i) {
            const SpanRecord& s = own[i];
            if (!is_blocked(s.status))
                continue;
            const Tick until = i + 1 < own.size() ? own[i + 1].begin : end;
            const double dur = time_at(until) - time_at(s.begin);
            tm.total_blocked_time += dur;
            tm.max_blocked_time = std::max(tm.max_blocked_time, dur);
            if (auto it = obj_at.find(s.object); it != obj_at.end()) {
                ObjectMetrics& om = m.per_object[it->second];
                om.total_blocked_time += dur;
                om.max_blocked_time = std::max(om.max_blocked_time, dur);
            }
        }
        m.total_blocked_time += tm.total_blocked_time;
        m.max_blocked_time = std::max(m.max_blocked_time, tm.max_blocked_time);
    }
    return m;
}

void add_event_counts(const EventScan& scan, Metrics& m) {
    m.wakeups = scan.wakeups();
    m.rewaits = scan.rewaits();
    m.unheard_notifies = scan.unheard_notifies();
    for (TaskMetrics& tm : m.per_task)
        tm.wakeups = scan.wakeups_of(tm.task);
    m.lock_acquisitions_uncontended = scan.lock_acquisitions_uncontended();
    m.lock_acquisitions_contended = scan.lock_acquisitions_contended();
    m.lock_acquisitions = m.lock_acquisitions_contended + m.lock_acquisitions_uncontended;
}

void add_diagnostic_counts(Metrics& m, const std::vector<Diagnostic>& diags) {
    m.diagnostics = diags.size();
    ByTask<TaskMetrics*> by_task; // null: no such task
    for (TaskMetrics& tm : m.per_task)
        by_task[tm.task] = &tm;
    for (const Diagnostic& d : diags) {
        if (d.kind == DiagnosticKind::LostNotify)
            ++m.lost_notifies;
        if (d.kind == DiagnosticKind::LateWakeup)
            ++m.late_wakeups;
        if (d.kind != DiagnosticKind::WastedWakeup)
            continue;
        ++m.wasted_wakeups;
        if (TaskMetrics* tm = by_task.get(d.task))
            ++tm->wasted_wakeups;
    }
}

struct ScalarMetric {
    const char* name;
    double (*get)(const Metrics&);
};

constexpr ScalarMetric kScalars[] = {
    {"finish_time", [](const Metrics& m) { return m.finish_time; }},
    {"iterations", [](const Metrics& m) { return static_cast<double>(m.iterations); }},
    {"steps", [](const Metrics& m) { return static_cast<double>(m.steps); }},
    {"events", [](const Metrics& m) { return static_cast<double>(m.events); }},
    {"tasks", [](const Metrics& m) { return static_cast<double>(m.tasks); }},
    {"wakeups", [](const Metrics& m) { return static_cast<double>(m.wakeups); }},
    {"wasted_wakeups", [](const Metrics& m) { return static_cast<double>(m.wasted_wakeups); }},
    {"rewaits", [](const Metrics& m) { return static_cast<double>(m.rewaits); }},
    {"lost_notifies", [](const Metrics& m) { return static_cast<double>(m.lost_notifies); }},
    {"late_wakeups", [](const Metrics& m) { return static_cast<double>(m.late_wakeups); }},
    {"unheard_notifies", [](const Metrics& m) { return static_cast<double>(m.unheard_notifies); }},
    {"lock_acquisitions",
     [](const Metrics& m) { return static_cast<double>(m.lock_acquisitions); }},
    {"lock_acquisitions_contended",
     [](const Metrics& m) { return static_cast<double>(m.lock_acquisitions_contended); }},
    {"lock_acquisitions_uncontended",
     [](const Metrics& m) { return static_cast<double>(m.lock_acquisitions_uncontended); }},
    {"total_blocked_time", [](const Metrics& m) { return m.total_blocked_time; }},
    {"max_blocked_time", [](const Metrics& m) { return m.max_blocked_time; }},
    {"max_condition_waiters",
     [](const Metrics& m) { return static_cast<double>(m.max_condition_waiters); }},
    {"diagnostics", [](const Metrics& m) { return static_cast<double>(m.diagnostics); }},
};

} // namespace

Metrics analyze_metrics(const Trace& tr) { return analyze(tr).metrics; }

std::vector<std::string> metric_names() {
    std::vector<std::string> out;
    for (const ScalarMetric& s : kScalars)
        out.emplace_back(s.name);
    return out;
}

std::vector<NamedMetric> named_metrics(const Metrics& m) {
    std::vector<NamedMetric> out;
    out.reserve(std::size(kScalars) + 2 * (m.per_task.size() + m.per_object.size()));
    for (const ScalarMetric& s : kScalars)
        out.push_back({s.name, s.get(m)});
    for (const TaskMetrics& t : m.per_task) {
        out.push_back({"task_blocked_time:" + t.name, t.total_blocked_time});
        out.push_back({"task_max_blocked_time:" + t.name, t.max_blocked_time});
    }
    for (const ObjectMetrics& o : m.per_object) {
        out.push_back({"object_blocked_time:" + o.name, o.total_blocked_time});
        out.push_back({"object_max_waiters:" + o.name, static_cast<double>(o.max_waiters)});
    }
    return out;
}

std::vector<std::string> metric_names(const Metrics& m) {
    std::vector<std::string> out;
    for (NamedMetric& n : named_metrics(m))
        out.push_back(std::move(n.name));
    return out;
}

double metric_value(const Metrics& m, std::string_view name) {
    for (const ScalarMetric& s : kScalars)
        if (name == s.name)
            return s.get(m);
    const std::size_t colon = name.find(':');
    if (colon != std::string_view::npos) {
        const std::string_view key = name.substr(0, colon);
        const std::string_view who = name.substr(colon + 1);
        for (const TaskMetrics& t : m.per_task) {
            if (t.name != who)
                continue;
            if (key == "task_blocked_time")
                return t.total_blocked_time;
            if (key == "task_max_blocked_time")
                return t.max_blocked_time;
        }
        for (const ObjectMetrics& o : m.per_object) {
            if (o.name != who)
                continue;
            if (key == "object_blocked_time")
                return o.total_blocked_time;
            if (key == "object_max_waiters")
                return static_cast<double>(o.max_waiters);
        }
    }
    return std::numeric_limits<double>::quiet_NaN();
}

Analysis analyze(const Trace& tr, EventScan* fed) {
    EventScan own;
    EventScan& scan = fed ? *fed : own;
    Analysis a;
    // A long trace: a second thread takes the event scan when much of it is left (about as
    // long as the rest), else the metrics; a thread costs more than the whole analysis of a
    // short lesson.
    constexpr std::size_t kEventsWorthAThread = 100'000;
    const std::size_t events = tr.events().size();
    const auto describe_events = [&tr, &scan] {
        std::vector<Diagnostic> out;
        scan_events(tr, scan, out);
        return out;
    };
    std::future<std::vector<Diagnostic>> event_diagnostics;
    std::future<Metrics> metrics;
    if (events - std::min(events, scan.scanned()) >= kEventsWorthAThread)
        event_diagnostics = std::async(std::launch::async, describe_events);
    else if (events >= kEventsWorthAThread)
        metrics = std::async(std::launch::async, [&tr] { return compute_trace_metrics(tr); });
    a.outcome = analyze_outcome(tr);
    if (!metrics.valid())
        a.metrics = compute_trace_metrics(tr);
    std::vector<Diagnostic> tasks;
    scan_tasks(tr, tasks);
    // as analyze_diagnostics does
    a.diagnostics = event_diagnostics.valid() ? event_diagnostics.get() : describe_events();
    a.diagnostics.insert(a.diagnostics.end(), std::make_move_iterator(tasks.begin()),
                         std::make_move_iterator(tasks.end()));
    sort_diagnostics(a.diagnostics);
    if (metrics.valid())
        a.metrics = metrics.get();
    add_event_counts(scan, a.metrics);
    add_diagnostic_counts(a.metrics, a.diagnostics);
    return a;
}

} // namespace condlab
