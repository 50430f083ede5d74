// Computing a question's answer from a run (see question_answers.h).
//
// [SECTION] Events an anchor or a `time` answer names
// [SECTION] Anchors
// [SECTION] Answers
// [SECTION] Matching choices
// [SECTION] Checking
#include "lesson/question_answers.h"

#include "lesson/check.h"
#include "trace/analysis.h"

#include <algorithm>
#include <cmath>
#include <optional>

namespace condlab::lesson {

namespace {

// ---------------------------------------------------------------------------
// [SECTION] Events an anchor or a `time` answer names
// ---------------------------------------------------------------------------

bool op_is(const TraceEvent& e, std::initializer_list<PrimitiveOp> ops) {
    return e.kind == EventKind::Primitive && std::find(ops.begin(), ops.end(), e.op) != ops.end();
}

// An event word of question_event_names() (except "stuck", which is no single event).
bool event_is(const TraceEvent& e, const std::string& word) {
    using P = PrimitiveOp;
    if (word == "notify")
        return op_is(e, {P::ConditionNotify});
    if (word == "notify_all")
        return op_is(e, {P::ConditionNotifyAll});
    if (word == "wait")
        return op_is(e, {P::ConditionWait, P::EventWait});
    if (word == "acquire") // the moment a task takes the lock (or a semaphore slot)
        return op_is(e, {P::LockAcquireFast, P::LockGranted, P::SemaphoreAcquire});
    if (word == "release")
        return op_is(e, {P::LockRelease, P::SemaphoreRelease});
    if (word == "set")
        return op_is(e, {P::EventSet});
    if (word == "put")
        return op_is(e, {P::QueuePut});
    if (word == "get")
        return op_is(e, {P::QueueGet});
    if (word == "cancel")
        return e.kind == EventKind::CancelRequested;
    if (word == "exception")
        return e.kind == EventKind::Exception;
    if (word == "print")
        return e.kind == EventKind::Output;
    if (word == "done")
        return e.kind == EventKind::TaskDone;
    return false;
}

// The object is `name`, or a part of the object called `name` (a Condition's lock).
bool object_is(const Trace& t, ObjectId id, const std::string& name) {
    if (t.object_name(id) == name)
        return true;
    const ObjectRecord* o = t.object(id);
    return o != nullptr && o->owner != kNoObject && t.object_name(o->owner) == name;
}

bool event_matches(const Trace& t, const TraceEvent& e, const QuestionAnchor& spec) {
    return event_is(e, spec.event) &&
           (spec.object.empty() || object_is(t, e.object, spec.object)) &&
           (spec.task.empty() || (e.task != kNoTask && t.task_name(e.task) == spec.task));
}

template <class Pred> std::optional<EventId> find_event(const Trace& t, EventId from, Pred pred) {
    const auto events = t.events();
    for (std::size_t i = from; i < events.size(); ++i)
        if (pred(events[i]))
            return static_cast<EventId>(i);
    return std::nullopt;
}

// ---------------------------------------------------------------------------
// [SECTION] Anchors
// ---------------------------------------------------------------------------

// `first stuck [by TASK]`: the step where the earliest task still blocked at the end began
// its last wait (its last primitive operation in that step is the anchor event). A task that
// waits for another task (main in gather()) is stuck only as a consequence: it counts when
// nothing else is stuck.
bool find_stuck(const Trace& t, const Analysis& a, const QuestionAnchor& spec,
                QuestionAnswer& out) {
    const condlab::OutcomeReport::Blocked* first = nullptr;
    auto rank = [](const condlab::OutcomeReport::Blocked& b) {
        return std::pair(b.status == TaskStatus::WaitingOnTask, b.since);
    };
    for (const condlab::OutcomeReport::Blocked& b : a.outcome.blocked)
        if ((spec.task.empty() || t.task_name(b.task) == spec.task) &&
            (first == nullptr || rank(b) < rank(*first)))
            first = &b;
    if (first == nullptr)
        return false;
    out.anchor_step = first->since;
    const auto events = t.step_events(first->since);
    const EventId base = t.step_first_event(first->since);
    for (std::size_t i = events.size(); i-- > 0;)
        if (events[i].kind == EventKind::Primitive && events[i].task == first->task) {
            out.anchor_event = base + static_cast<EventId>(i);
            break;
        }
    return true;
}

// Sets out.anchor_step / anchor_event; false with out.error when the run never reaches it.
bool find_anchor(const Question& q, const RunResult& r, QuestionAnswer& out) {
    const Trace& t = *r.trace;
    const QuestionAnchor& a = q.anchor;
    switch (a.kind) {
    case QuestionAnchor::Kind::Start:
        out.anchor_step = 0;
        return true;
    case QuestionAnchor::Kind::End:
        out.anchor_step = t.step_count() == 0 ? 0 : static_cast<StepId>(t.step_count() - 1);
        return true;
    case QuestionAnchor::Kind::Line: {
        auto at = find_event(t, 0, [&](const TraceEvent& e) {
            return e.kind == EventKind::Line && t.line(e.a) == a.line &&
                   (a.task.empty() || t.task_name(e.task) == a.task);
        });
        if (!at) {
            const bool traced =
                std::any_of(t.events().begin(), t.events().end(),
                            [](const TraceEvent& e) { return e.kind == EventKind::Line; });
            out.error = (a.task.empty() ? "no task executes" : a.task + " never executes") +
                        " line " + std::to_string(a.line) + " in this run" +
                        (traced ? "" : " (it ran without line tracing)");
            return false;
        }
        out.anchor_event = *at;
        out.anchor_step = t.events()[*at].step;
        return true;
    }
    case QuestionAnchor::Kind::Event: {
        if (a.event == "stuck") {
            if (r.analysis && find_stuck(t, *r.analysis, a, out))
                return true;
            out.error = "no task is stuck at the end of this run";
            return false;
        }
        auto at = find_event(t, 0, [&](const TraceEvent& e) { return event_matches(t, e, a); });
        if (!at) {
            out.error = "no " + a.describe().substr(6) + " event in this run";
            return false;
        }
        out.anchor_event = *at;
        out.anchor_step = t.events()[*at].step;
        return true;
    }
    }
    return false;
}

// The first event the answer may look at: after the anchor event (the start: every event;
// the end: none).
EventId search_from(const Question& q, const QuestionAnswer& a, const Trace& t) {
    if (q.anchor.kind == QuestionAnchor::Kind::Start)
        return 0;
    if (q.anchor.kind == QuestionAnchor::Kind::End)
        return static_cast<EventId>(t.events().size());
    if (a.anchor_event == kNoEvent) // `first stuck` without an event of its own
        return t.step_first_event(a.anchor_step + 1);
    return a.anchor_event + 1;
}

// ---------------------------------------------------------------------------
// [SECTION] Answers
// ---------------------------------------------------------------------------

std::string number_text(double v) {
    if (std::isnan(v))
        return "nan";
    if (v == std::floor(v) && std::abs(v) < 1e15)
        return std::to_string(static_cast<long long>(v));
    return python_float_repr(v);
}

std::string outcome_answer(const RunResult& r) {
    if (r.outcome == Outcome::Exception) {
        const std::size_t dot = r.exception_type.rfind('.');
        return "exception " +
               (dot == std::string::npos ? r.exception_type : r.exception_type.substr(dot + 1));
    }
    return describe_outcome(r);
}

std::optional<std::string> blame_answer(const AnswerSpec& s, const RunResult& r,
                                        std::string& error) {
    std::uint32_t line = 0;
    if (s.blame == "exception") {
        line = r.outcome == Outcome::Exception ? r.error_line : 0;
        error = "the run raised no exception";
    } else if (s.blame == "finding") {
        for (const RunDiagnostic& d : r.diagnostics)
            if (d.kind == s.blame_target && line == 0)
                line = d.line;
        error = "the analysis reports no " + s.blame_target + " finding with a line";
    } else if (r.analysis) {
        for (const condlab::OutcomeReport::Blocked& b : r.analysis->outcome.blocked)
            if (r.trace->task_name(b.task) == s.blame_target)
                line = r.trace->line(b.where);
        error = s.blame_target + " is not stuck at the end of this run";
    }
    if (line == 0)
        return std::nullopt;
    error.clear();
    return "line " + std::to_string(line);
}

// The plain answer (no yes/no test); nullopt with `error` set when it cannot be computed.
std::optional<std::string> plain_answer(const Question& q, const RunResult& r,
                                        const QuestionAnswer& a, std::string& error) {
    const AnswerSpec& s = q.answer;
    const Trace& t = *r.trace;
    const EventId from = search_from(q, a, t);
    auto task_of = [&](std::optional<EventId> at) {
        return at ? t.task_name(t.events()[*at].task) : std::string("nobody");
    };
    switch (s.kind) {
    case AnswerSpec::Kind::Outcome:
        return outcome_answer(r);
    case AnswerSpec::Kind::NextTask: {
        const auto steps = t.steps();
        const std::size_t first =
            q.anchor.kind == QuestionAnchor::Kind::Start ? 0 : a.anchor_step + 1;
        for (std::size_t i = first; i < steps.size(); ++i)
            if (steps[i].kind == StepKind::Task)
                return t.task_name(steps[i].task);
        return "nobody";
    }
    case AnswerSpec::Kind::NextHolder:
        return task_of(find_event(t, from, [&](const TraceEvent& e) {
            return event_is(e, "acquire") && object_is(t, e.object, s.object);
        }));
    case AnswerSpec::Kind::Woken: {
        const EventId at = a.anchor_event == kNoEvent ? from : a.anchor_event;
        auto notify = find_event(t, at, [&](const TraceEvent& e) {
            return event_is(e, "notify") || event_is(e, "notify_all");
        });
        if (!notify) {
            error = "no notify at or after the anchor";
            return std::nullopt;
        }
        std::string names;
        for (TaskId id : t.woken(t.events()[*notify]))
            names += (names.empty() ? "" : ", ") + t.task_name(id);
        return names.empty() ? "nobody" : names;
    }
    case AnswerSpec::Kind::NextOutput: {
        auto at =
            find_event(t, from, [](const TraceEvent& e) { return e.kind == EventKind::Output; });
        return at ? quote(t.str(t.events()[*at].a)) : std::string("nothing");
    }
    case AnswerSpec::Kind::Metric:
        if (std::isnan(r.metric(s.metric))) {
            error = "no metric " + s.metric + " in this run";
            return std::nullopt;
        }
        return number_text(r.metric(s.metric));
    case AnswerSpec::Kind::Time: {
        auto at =
            find_event(t, from, [&](const TraceEvent& e) { return event_matches(t, e, s.event); });
        if (!at) {
            error = "no " + s.event.describe().substr(6) + " event after the anchor";
            return std::nullopt;
        }
        return number_text(t.steps()[t.events()[*at].step].time);
    }
    case AnswerSpec::Kind::Blame:
        return blame_answer(s, r, error);
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------
// [SECTION] Matching choices
// ---------------------------------------------------------------------------

std::vector<std::string> task_list(std::string_view text) {
    std::vector<std::string> out;
    if (strip(text) == "nobody")
        return out;
    while (true) {
        const std::size_t comma = text.find(',');
        out.emplace_back(strip(text.substr(0, comma)));
        if (comma == std::string_view::npos)
            break;
        text = text.substr(comma + 1);
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::optional<double> number(std::string_view text) {
    auto v = literal_eval(strip(text));
    return v && v->is_number() ? std::optional<double>(v->number()) : std::nullopt;
}

// "line 14" -> 14; a quoted text -> the line of `source` that contains it; 0 when neither.
std::uint32_t blame_line(std::string_view text, std::string_view source) {
    const std::string_view t = strip(text);
    if (t.starts_with("line ")) {
        auto n = number(t.substr(5));
        return n ? static_cast<std::uint32_t>(*n) : 0;
    }
    try {
        return find_source_line(source, unquote(t));
    } catch (const std::exception&) {
        return 0;
    }
}

} // namespace

bool choice_matches(const AnswerSpec& spec, const std::string& choice,
                    const QuestionAnswer& computed, std::string_view source) {
    if (!computed.ok)
        return false;
    const std::string& got = computed.answer;
    if (spec.yes_no())
        return strip(choice) == got;
    switch (spec.kind) {
    case AnswerSpec::Kind::Outcome: {
        const ExpectedOutcome want = parse_outcome(choice), have = parse_outcome(got);
        auto last = [](const std::string& s) { return s.substr(s.rfind('.') + 1); };
        return want.kind == have.kind && last(want.exception_type) == last(have.exception_type);
    }
    case AnswerSpec::Kind::Woken:
        return task_list(choice) == task_list(got);
    case AnswerSpec::Kind::Metric:
    case AnswerSpec::Kind::Time: {
        const auto want = number(choice), have = number(got);
        return want && have && std::abs(*want - *have) <= 1e-6 * std::max(1.0, std::abs(*want));
    }
    case AnswerSpec::Kind::Blame: {
        const std::uint32_t line = blame_line(choice, source);
        return line != 0 && line == blame_line(got, source);
    }
    case AnswerSpec::Kind::NextOutput:
        if (choice == "nothing" || got == "nothing")
            return choice == got;
        return unquote(choice) == unquote(got);
    default:
        return strip(choice) == got;
    }
}

QuestionAnswer compute_answer(const Question& q, const RunResult& r) {
    QuestionAnswer out;
    if (!r.trace) {
        out.error = "the run recorded no trace (" + describe_outcome(r) + ")";
        return out;
    }
    if (!find_anchor(q, r, out))
        return out;
    auto plain = plain_answer(q, r, out, out.error);
    if (!plain)
        return out;
    out.ok = true;
    out.answer = *plain;
    if (q.answer.yes_no()) {
        AnswerSpec base = q.answer;
        base.test = AnswerSpec::Test::None;
        bool yes = false;
        if (q.answer.test == AnswerSpec::Test::Includes) {
            const auto names = task_list(*plain);
            yes = std::find(names.begin(), names.end(), q.answer.test_value) != names.end();
        } else {
            yes = choice_matches(base, q.answer.test_value, out, r.source);
        }
        out.answer = yes ? "yes" : "no";
    }
    for (std::size_t i = 0; i < q.choices.size() && out.choice < 0; ++i)
        if (choice_matches(q.answer, q.choices[i], out, r.source))
            out.choice = static_cast<int>(i);
    return out;
}

// ---------------------------------------------------------------------------
// [SECTION] Checking
// ---------------------------------------------------------------------------

QuestionCheck check_question(const Lesson& lesson, const Question& q, const RunOptions& options,
                             const RunFunction& runner) {
    QuestionCheck c;
    RunOptions o = options;
    o.line_trace = true;
    o.record_trace = true;
    o.analyze = true;
    const RunResult r = runner ? runner(lesson, q.overrides, o) : run(lesson, q.overrides, o);
    c.answer = compute_answer(q, r);
    const QuestionAnswer& a = c.answer;
    if (!a.ok)
        c.message = "cannot answer '" + q.answer.describe() + "' at " + q.anchor.describe() + ": " +
                    a.error;
    else if (a.choice < 0)
        c.message = "the run answers " + a.answer + ", which is none of the choices";
    else if (a.choice != q.expected)
        c.message = "the marked choice is " + q.choices[static_cast<std::size_t>(q.expected)] +
                    " but the run answers " + a.answer;
    c.ok = c.message.empty();
    return c;
}

} // namespace condlab::lesson
