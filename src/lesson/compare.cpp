// A/B comparison of two runs (see compare.h).
#include "lesson/compare.h"

#include "trace/step_number.h"

#include <cmath>
#include <cstdio>
#include <iomanip>
#include <limits>
#include <sstream>
#include <unordered_map>

namespace condlab::lesson {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr const char* kEndOfRun = "(end of run)"; // Divergence::a_what / b_what of a run that ended

bool same_value(double a, double b) {
    if (std::isnan(a) && std::isnan(b))
        return true;
    return a == b;
}

} // namespace

const std::vector<std::string>& summary_metric_names() {
    static const std::vector<std::string> names = {
        "finish_time",   "iterations",     "wakeups",     "wasted_wakeups",
        "lost_notifies", "lock_wait_time", "max_waiters",
    };
    return names;
}

std::string metric_title(std::string_view name) {
    static const std::unordered_map<std::string_view, const char*> titles = {
        {"outcome", "outcome"},
        {"finish_time", "finish time (s)"},
        {"iterations", "loop iterations"},
        {"wakeups", "wake-ups"},
        {"wasted_wakeups", "wasted wake-ups"},
        {"lost_notifies", "lost notifies"},
        {"lock_wait_time", "lock wait time (s)"},
        {"max_waiters", "max waiters"},
    };
    auto it = titles.find(name);
    return it == titles.end() ? std::string(name) : std::string(it->second);
}

double summary_metric(const RunResult& r, std::string_view name) {
    if (name == "finish_time" && !r.analysis)
        return r.time;
    if (name == "iterations" && !r.analysis)
        return static_cast<double>(r.iterations);
    if (!r.analysis)
        return kNaN;
    const Metrics& m = r.analysis->metrics;
    if (name == "lock_wait_time") {
        double total = 0;
        for (const ObjectMetrics& o : m.per_object)
            if (o.kind == ObjectKind::Lock)
                total += o.total_blocked_time;
        return total;
    }
    if (name == "max_waiters")
        return static_cast<double>(m.max_condition_waiters);
    return metric_value(m, name);
}

std::string format_metric(double v) {
    if (std::isnan(v))
        return "-";
    if (std::fabs(v - std::round(v)) < 1e-9 * std::max(1.0, std::fabs(v)) && std::fabs(v) < 1e15) {
        v = std::round(v);
        std::ostringstream s;
        s << static_cast<long long>(v);
        return s.str();
    }
    // 6 significant digits: 7.799999999999998 (a sum of float delays) reads 7.8.
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

// ---------------------------------------------------------------------------
// Divergence
// ---------------------------------------------------------------------------

std::string DivergenceKey::describe() const {
    // Who: a task by its name; events outside every task (a callback, the loop itself).
    const std::string who = task.empty() ? std::string("a callback") : task;
    const std::string obj = object.empty() ? std::string("an object") : object;
    std::string s;
    switch (kind) {
    case EventKind::Line:
        return (task.empty() ? std::string("code outside the tasks") : task) + " at line " +
               std::to_string(line);
    case EventKind::Primitive: {
        const PrimitiveOpInfo& words = primitive_op_info(op);
        s = who + " " + words.verb + obj + words.verb_end;
        break;
    }
    case EventKind::TaskCreated:
        s = "task " + task + " is created";
        break;
    case EventKind::TaskDone:
        s = "task " + task + " ends";
        break;
    case EventKind::Exception:
        s = who + " raises " + object;
        break;
    case EventKind::CancelRequested:
        s = "task " + task + " is asked to cancel";
        break;
    case EventKind::TimerFired:
        s = "a timer fires";
        break;
    case EventKind::Output:
        s = who + " prints a line";
        break;
    case EventKind::Warning:
        s = "Python warns";
        break;
    case EventKind::ObjectCreated:
        s = (task.empty() ? std::string("the program") : task) + " creates " + obj;
        break;
    case EventKind::TimerArmed:
        s = who + " arms a timer";
        break;
    }
    if (line)
        s += " (line " + std::to_string(line) + ")";
    return s;
}

std::string Divergence::describe() const {
    if (!found)
        return "the two runs do the same things in the same order";
    // Steps as the window's transport shows them (from 1); a run that ended has no such step.
    auto side = [](const char* run, std::uint32_t step, double time, const std::string& what) {
        if (what == kEndOfRun)
            return std::string("the end of ") + run + " (t=" + format_time(time) + ")";
        return "step " + format_step(step) + " in " + run + " (t=" + format_time(time) + ": " +
               what + ")";
    };
    return "first divergence: " + side("A", step_a, time_a, a_what) + ", " +
           side("B", step_b, time_b, b_what);
}

std::vector<std::pair<DivergenceKey, std::uint32_t>> divergence_sequence(const Trace& trace) {
    std::vector<std::pair<DivergenceKey, std::uint32_t>> out;
    out.reserve(trace.events().size());
    std::unordered_map<TaskId, std::uint32_t> current_line;
    std::unordered_map<TaskId, std::string> names;
    std::unordered_map<ObjectId, std::string> objects;
    auto task_name = [&](TaskId t) -> const std::string& {
        auto it = names.find(t);
        if (it == names.end())
            it = names.emplace(t, t == kNoTask ? std::string() : trace.task_name(t)).first;
        return it->second;
    };
    auto object_name = [&](ObjectId o) -> const std::string& {
        auto it = objects.find(o);
        if (it == objects.end())
            it = objects.emplace(o, o == kNoObject ? std::string() : trace.object_name(o)).first;
        return it->second;
    };
    for (const TraceEvent& e : trace.events()) {
        DivergenceKey k;
        k.task = task_name(e.task);
        k.kind = e.kind;
        switch (e.kind) {
        case EventKind::Primitive:
            k.op = e.op;
            k.what = primitive_op_name(e.op);
            k.object = object_name(e.object);
            k.line = current_line[e.task];
            break;
        case EventKind::Line:
            k.what = "line";
            k.line = trace.line(e.a);
            current_line[e.task] = k.line;
            break;
        case EventKind::Output:
        case EventKind::Warning:
            k.what = event_kind_name(e.kind);
            k.line = trace.line(e.b);
            break;
        case EventKind::Exception:
            k.what = "exception";
            k.object = trace.str(e.a);
            k.line = trace.line(static_cast<LocId>(e.value));
            break;
        case EventKind::TaskCreated:
        case EventKind::TaskDone:
        case EventKind::CancelRequested:
        case EventKind::TimerFired:
        case EventKind::TimerArmed:
        case EventKind::ObjectCreated:
            k.what = event_kind_name(e.kind);
            k.object = object_name(e.object);
            break;
        }
        out.emplace_back(std::move(k), e.step);
    }
    return out;
}

Divergence find_divergence(const Trace& a, const Trace& b) {
    auto sa = divergence_sequence(a);
    auto sb = divergence_sequence(b);
    Divergence d;
    std::size_t n = std::min(sa.size(), sb.size());
    std::size_t i = 0;
    while (i < n && sa[i].first == sb[i].first)
        ++i;
    if (i == sa.size() && i == sb.size())
        return d;
    d.found = true;
    d.event_index = i;
    auto side = [](const Trace& t, const auto& seq, std::size_t idx, std::uint32_t& step,
                   double& time, std::string& what) {
        if (idx < seq.size()) {
            step = seq[idx].second;
            what = seq[idx].first.describe();
        } else {
            step = static_cast<std::uint32_t>(t.step_count());
            what = kEndOfRun;
        }
        if (step < t.step_count())
            time = t.steps()[step].time;
        else
            time = t.finish_time();
    };
    side(a, sa, i, d.step_a, d.time_a, d.a_what);
    side(b, sb, i, d.step_b, d.time_b, d.b_what);
    return d;
}

// ---------------------------------------------------------------------------
// Comparison
// ---------------------------------------------------------------------------

bool CompareResult::any_difference() const {
    for (const CompareRow& r : rows)
        if (r.differs)
            return true;
    return divergence.found;
}

namespace {

// A run that deadlocked or hit a budget never finished: its time is where it stopped.
std::string metric_text(const RunResult& r, std::string_view name, double value) {
    if (name == "finish_time" && r.outcome == Outcome::Deadlock)
        return "- (stuck at " + format_metric(value) + ")";
    if (name == "finish_time" && r.outcome == Outcome::Budget)
        return "- (stopped at " + format_metric(value) + ")";
    return format_metric(value);
}

} // namespace

std::vector<CompareRow> compare_rows(const RunResult& a, const RunResult& b) {
    std::vector<CompareRow> rows;
    CompareRow outcome;
    outcome.name = "outcome";
    outcome.title = metric_title("outcome");
    outcome.a = outcome_name(a.outcome);
    outcome.b = outcome_name(b.outcome);
    outcome.a_value = outcome.b_value = kNaN;
    outcome.differs = a.outcome != b.outcome;
    rows.push_back(std::move(outcome));
    for (const std::string& name : summary_metric_names()) {
        CompareRow r;
        r.name = name;
        r.title = metric_title(name);
        r.a_value = summary_metric(a, name);
        r.b_value = summary_metric(b, name);
        r.a = metric_text(a, name, r.a_value);
        r.b = metric_text(b, name, r.b_value);
        r.differs = !same_value(r.a_value, r.b_value);
        rows.push_back(std::move(r));
    }
    return rows;
}

CompareResult compare_results(RunResult a, RunResult b) {
    CompareResult c;
    c.a = std::move(a);
    c.b = std::move(b);
    c.rows = compare_rows(c.a, c.b);
    if (c.a.trace && c.b.trace)
        c.divergence = find_divergence(*c.a.trace, *c.b.trace);
    return c;
}

CompareResult compare_runs(const Lesson& lesson, const Overrides& a, const Overrides& b,
                           const RunOptions& options) {
    RunOptions o = options;
    o.record_trace = true;
    RunResult ra = run(lesson, a, o);
    RunResult rb = run(lesson, b, o);
    return compare_results(std::move(ra), std::move(rb));
}

const Overrides& preset_overrides(const Lesson& lesson, std::string_view name) {
    if (const Preset* p = lesson.find_preset(name))
        return p->overrides;
    std::string known;
    for (const Preset& p : lesson.presets)
        known += (known.empty() ? "" : ", ") + p.name;
    throw ParameterError(
        ParameterError::Kind::UnknownName, std::string(name),
        "unknown preset " + py_repr(name) +
            (known.empty() ? " (the lesson has no presets)" : " (known: " + known + ")"));
}

std::string format_compare_table(const CompareResult& c) {
    std::size_t w0 = 6, w1 = c.a_name.size(), w2 = c.b_name.size();
    for (const CompareRow& r : c.rows) {
        w0 = std::max(w0, r.title.size());
        w1 = std::max(w1, r.a.size());
        w2 = std::max(w2, r.b.size());
    }
    std::ostringstream s;
    s << "  " << std::left << std::setw(static_cast<int>(w0)) << "metric"
      << "  " << std::setw(static_cast<int>(w1)) << c.a_name << "  " << c.b_name << "\n";
    for (const CompareRow& r : c.rows) {
        s << (r.differs ? "* " : "  ") << std::left << std::setw(static_cast<int>(w0)) << r.title
          << "  " << std::setw(static_cast<int>(w1)) << r.a << "  " << r.b << "\n";
    }
    (void)w2;
    if (c.a.trace && c.b.trace)
        s << c.divergence.describe() << "\n";
    return s.str();
}

} // namespace condlab::lesson
