// condlab trace JSON: writer and loader (schema: docs/trace-json.md).
//
// [SECTION] Stable identifiers
// [SECTION] Writer: records
// [SECTION] Writer: analysis section
// [SECTION] Writer: document
// [SECTION] Loader: typed field access with JSON-pointer errors
// [SECTION] Loader: records
// [SECTION] Loader: validation of cross-references
// [SECTION] Loader: document
#include "trace/trace_json.h"

#include "trace/analysis.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
#include <type_traits>
#include <utility>

namespace condlab {

using ojson = nlohmann::ordered_json;
using json = nlohmann::json;

// ---------------------------------------------------------------------------
// [SECTION] Stable identifiers
// ---------------------------------------------------------------------------

const char* run_outcome_id(OutcomeKind kind) noexcept { return outcome_info(kind).id; }

const char* budget_id(BudgetKind kind) noexcept { return budget_info(kind).id; }

namespace {

// Number of values of each enum written by name (the loader tries 0..N-1).
constexpr int kObjectKindCount = static_cast<int>(ObjectKind::Future) + 1;
constexpr int kWaitKindCount = static_cast<int>(WaitKind::Task) + 1;
constexpr int kStepKindCount = static_cast<int>(StepKind::Loop) + 1;
constexpr int kEventKindCount = static_cast<int>(EventKind::TimerArmed) + 1;
constexpr int kTimerKindCount = static_cast<int>(TimerKind::Internal) + 1;
constexpr int kTimerEndCount = static_cast<int>(TimerEnd::Cancelled) + 1;
constexpr int kLinkKindCount = static_cast<int>(LinkKind::Future) + 1;

// ---------------------------------------------------------------------------
// [SECTION] Writer: records
// ---------------------------------------------------------------------------

/// Adds `key: value` unless value == def (the schema's omission rule).
template <class T, class D> void put(ojson& o, const char* key, T value, D def) {
    if (value != static_cast<T>(def))
        o[key] = value;
}

/// Step / event references: omitted when "none" (the default).
template <class T> void put_ref(ojson& o, const char* key, T value, T none) {
    if (value != none)
        o[key] = value;
}

/// Finite doubles as numbers (shortest round-trip form); others as strings.
ojson number(double v) {
    if (std::isfinite(v))
        return ojson(v);
    if (std::isnan(v))
        return ojson("nan");
    return ojson(v > 0 ? "inf" : "-inf");
}

ojson run_json(const RunSummary& r) {
    ojson o = ojson::object();
    o["outcome"] = run_outcome_id(r.kind);
    o["budget"] = budget_id(r.budget);
    o["iterations"] = r.iterations;
    o["finish_time"] = number(r.finish_time);
    put(o, "main_task", r.main_task, kNoTask);
    put(o, "error_type", r.error_type, kEmptyString);
    put(o, "error_message", r.error_message, kEmptyString);
    ojson blocked = ojson::array();
    for (const BlockedRecord& b : r.blocked) {
        ojson x = ojson::object();
        x["task"] = b.task;
        x["wait"] = wait_kind_name(b.kind);
        put(x, "object", b.object, kNoObject);
        put(x, "where", b.where, kNoLoc);
        put(x, "ready", b.ready, false);
        blocked.push_back(std::move(x));
    }
    o["blocked"] = std::move(blocked);
    return o;
}

ojson loc_json(const LocRecord& l) { return ojson::array({l.file, l.line}); }

ojson task_json(const TaskRecord& t) {
    ojson o = ojson::object();
    o["id"] = t.id;
    put(o, "name", t.name, kEmptyString);
    put(o, "parent", t.parent, kNoTask);
    put(o, "created_where", t.created_where, kNoLoc);
    put(o, "created_step", t.created_step, 0);
    put(o, "first_span", t.first_span, 0);
    put(o, "span_count", t.span_count, 0);
    return o;
}

ojson object_json(const ObjectRecord& r) {
    ojson o = ojson::object();
    o["id"] = r.id;
    o["kind"] = object_kind_name(r.kind);
    put(o, "label", r.label, kEmptyString);
    put(o, "owner", r.owner, kNoObject);
    put(o, "part", r.part, kNoObject);
    put(o, "created_where", r.created_where, kNoLoc);
    put(o, "created_step", r.created_step, 0);
    put(o, "first_change", r.first_change, 0);
    put(o, "change_count", r.change_count, 0);
    put(o, "first_contents", r.first_contents, 0);
    put(o, "contents_count", r.contents_count, 0);
    return o;
}

ojson step_json(const Step& s) {
    ojson o = ojson::object();
    o["kind"] = step_kind_name(s.kind);
    o["time"] = number(s.time);
    o["iteration"] = s.iteration;
    put(o, "task", s.task, kNoTask);
    put(o, "first_event", s.first_event, 0);
    return o;
}

ojson span_json(const SpanRecord& s) {
    ojson o = ojson::object();
    o["begin"] = s.begin;
    o["status"] = status_id(s.status);
    put(o, "object", s.object, kNoObject);
    put(o, "where", s.where, kNoLoc);
    return o;
}

ojson event_json(const TraceEvent& e) {
    ojson o = ojson::object();
    o["step"] = e.step;
    o["kind"] = event_kind_name(e.kind);
    if (e.kind == EventKind::Primitive || e.op != PrimitiveOp::LockAcquireFast)
        o["op"] = primitive_op_id(e.op);
    put(o, "task", e.task, kNoTask);
    put(o, "object", e.object, kNoObject);
    put(o, "a", e.a, 0);
    put(o, "b", e.b, 0);
    put(o, "value", e.value, 0);
    put(o, "reserved", e.reserved, 0);
    return o;
}

ojson link_json(const Link& l) {
    ojson o = ojson::object();
    o["kind"] = link_kind_name(l.kind);
    put_ref(o, "from_event", l.from_event, kNoEvent);
    o["from_step"] = l.from_step;
    o["task"] = l.task;
    put_ref(o, "to_step", l.to_step, kNoStep);
    put_ref(o, "to_event", l.to_event, kNoEvent);
    return o;
}

ojson change_json(const ObjectChange& c) {
    ojson o = ojson::object();
    o["tick"] = c.tick;
    put(o, "holder", c.holder, kNoTask);
    put(o, "value", c.value, 0);
    put(o, "waiters", c.waiters, 0);
    put(o, "waiter_count", c.waiter_count, 0);
    put(o, "flag", c.flag, 0);
    put(o, "reserved", c.reserved, 0);
    return o;
}

ojson contents_json(const ContentsRecord& c) {
    ojson o = ojson::object();
    o["tick"] = c.tick;
    put(o, "first_item", c.first_item, 0);
    put(o, "item_count", c.item_count, 0);
    return o;
}

ojson snapshot_json(const SnapshotRecord& s) {
    ojson o = ojson::object();
    o["step"] = s.step;
    put(o, "scope", s.scope, kNoTask);
    put(o, "first_item", s.first_item, 0);
    put(o, "item_count", s.item_count, 0);
    return o;
}

ojson scope_json(const SnapshotScope& s) {
    ojson o = ojson::object();
    o["scope"] = s.scope;
    put(o, "first", s.first, 0);
    put(o, "count", s.count, 0);
    return o;
}

ojson item_json(const SnapshotItem& i) { return ojson::array({i.name, i.repr}); }

ojson timer_json(const TimerRecord& r) {
    ojson o = ojson::object();
    o["id"] = r.id;
    o["kind"] = timer_kind_name(r.kind);
    o["when"] = number(r.when);
    put(o, "task", r.task, kNoTask);
    put(o, "where", r.where, kNoLoc);
    o["armed_step"] = r.armed_step;
    o["end"] = timer_end_name(r.end);
    put_ref(o, "end_step", r.end_step, kNoStep);
    return o;
}

// ---------------------------------------------------------------------------
// [SECTION] Writer: analysis section
// ---------------------------------------------------------------------------

ojson step_ref(StepId s) { return s == kNoStep ? ojson(nullptr) : ojson(s); }

ojson outcome_json(const OutcomeReport& out) {
    ojson o = ojson::object();
    o["kind"] = outcome_info(out.kind).id;
    o["summary"] = out.summary;
    put(o, "task", out.task, kNoTask);
    put(o, "error_type", out.error_type, std::string());
    put(o, "error_message", out.error_message, std::string());
    put(o, "where", out.where, kNoLoc);
    o["budget"] = budget_id(out.budget);
    ojson blocked = ojson::array();
    for (const OutcomeReport::Blocked& b : out.blocked) {
        ojson x = ojson::object();
        x["task"] = b.task;
        x["status"] = status_id(b.status);
        put(x, "object", b.object, kNoObject);
        put(x, "where", b.where, kNoLoc);
        x["since"] = b.since;
        x["related_step"] = step_ref(b.related_step);
        x["explanation"] = b.explanation;
        blocked.push_back(std::move(x));
    }
    o["blocked"] = std::move(blocked);
    return o;
}

ojson diagnostic_json(const Diagnostic& d) {
    ojson o = ojson::object();
    o["kind"] = diagnostic_kind_name(d.kind);
    o["step"] = d.step;
    put(o, "task", d.task, kNoTask);
    put(o, "object", d.object, kNoObject);
    put(o, "where", d.where, kNoLoc);
    o["message"] = d.message;
    o["related_step"] = step_ref(d.related_step);
    o["event"] = d.event == kNoEvent ? ojson(nullptr) : ojson(d.event);
    if (d.note)
        o["note"] = true;
    return o;
}

ojson metrics_json(const Metrics& m) {
    ojson o = ojson::object();
    o["finish_time"] = number(m.finish_time);
    o["iterations"] = m.iterations;
    o["steps"] = m.steps;
    o["events"] = m.events;
    o["tasks"] = m.tasks;
    o["wakeups"] = m.wakeups;
    o["wasted_wakeups"] = m.wasted_wakeups;
    o["rewaits"] = m.rewaits;
    o["lost_notifies"] = m.lost_notifies;
    o["late_wakeups"] = m.late_wakeups;
    o["unheard_notifies"] = m.unheard_notifies;
    o["lock_acquisitions"] = m.lock_acquisitions;
    o["lock_acquisitions_contended"] = m.lock_acquisitions_contended;
    o["lock_acquisitions_uncontended"] = m.lock_acquisitions_uncontended;
    o["total_blocked_time"] = number(m.total_blocked_time);
    o["max_blocked_time"] = number(m.max_blocked_time);
    o["max_condition_waiters"] = m.max_condition_waiters;
    o["diagnostics"] = m.diagnostics;
    ojson tasks = ojson::array();
    for (const TaskMetrics& t : m.per_task) {
        ojson x = ojson::object();
        x["task"] = t.task;
        x["name"] = t.name;
        x["total_blocked_time"] = number(t.total_blocked_time);
        x["max_blocked_time"] = number(t.max_blocked_time);
        x["wakeups"] = t.wakeups;
        x["wasted_wakeups"] = t.wasted_wakeups;
        tasks.push_back(std::move(x));
    }
    o["per_task"] = std::move(tasks);
    ojson objects = ojson::array();
    for (const ObjectMetrics& ob : m.per_object) {
        ojson x = ojson::object();
        x["object"] = ob.object;
        x["name"] = ob.name;
        x["kind"] = object_kind_name(ob.kind);
        x["total_blocked_time"] = number(ob.total_blocked_time);
        x["max_blocked_time"] = number(ob.max_blocked_time);
        x["max_waiters"] = ob.max_waiters;
        objects.push_back(std::move(x));
    }
    o["per_object"] = std::move(objects);
    return o;
}

// ---------------------------------------------------------------------------
// [SECTION] Writer: document
// ---------------------------------------------------------------------------

/// Compact JSON text. Invalid UTF-8 is replaced (U+FFFD) rather than rejected.
std::string dump(const ojson& v) { return v.dump(-1, ' ', false, ojson::error_handler_t::replace); }

class DocWriter {
  public:
    DocWriter() { m_out = "{\n"; }

    void value(const char* key, const ojson& v) {
        begin_key(key);
        m_out += dump(v);
    }

    /// An array with one element per line.
    template <class Vec, class Fn> void table(const char* key, const Vec& rows, Fn&& to_json) {
        begin_key(key);
        if (rows.empty()) {
            m_out += "[]";
            return;
        }
        m_out += "[\n";
        bool first = true;
        for (const auto& row : rows) {
            if (!first)
                m_out += ",\n";
            first = false;
            m_out += "    ";
            m_out += dump(to_json(row));
        }
        m_out += "\n  ]";
    }

    /// An object with one member per line (members dumped compactly).
    void section(const char* key, const std::vector<std::pair<const char*, ojson>>& members) {
        begin_key(key);
        m_out += "{\n";
        bool first = true;
        for (const auto& [k, v] : members) {
            if (!first)
                m_out += ",\n";
            first = false;
            m_out += "    ";
            m_out += dump(ojson(k));
            m_out += ": ";
            if (v.is_array() && !v.empty()) {
                m_out += "[\n";
                for (std::size_t i = 0; i < v.size(); ++i) {
                    m_out += "      ";
                    m_out += dump(v[i]);
                    m_out += i + 1 < v.size() ? ",\n" : "\n";
                }
                m_out += "    ]";
            } else {
                m_out += dump(v);
            }
        }
        m_out += "\n  }";
    }

    std::string finish() {
        m_out += "\n}\n";
        return std::move(m_out);
    }

  private:
    void begin_key(const char* key) {
        if (m_members++ != 0)
            m_out += ",\n";
        m_out += "  ";
        m_out += dump(ojson(key));
        m_out += ": ";
    }

    std::string m_out;
    int m_members = 0;
};

} // namespace

std::string write_trace_json(const Trace& trace, const TraceJsonOptions& options) {
    const TraceData& d = trace.data();
    DocWriter w;
    w.value("format", ojson(kTraceJsonFormat));
    w.value("version", ojson(kTraceJsonVersion));
    w.value("generator", ojson("condlab"));
    w.value("run", run_json(d.run));

    // Strings in id order: the pool is each string followed by '\0'.
    // (A trace built without strings or locations still gets the "" and "no location"
    // entries every loaded trace has.)
    std::vector<std::string_view> strings;
    strings.reserve(d.string_offsets.size());
    for (StringId i = 0; i < d.string_offsets.size(); ++i)
        strings.push_back(trace.str(i));
    if (strings.empty())
        strings.emplace_back();
    w.table("strings", strings, [](std::string_view s) { return ojson(s); });
    if (d.locs.empty())
        w.table("locs", std::vector<LocRecord>(1), loc_json);
    else
        w.table("locs", d.locs, loc_json);
    w.table("tasks", d.tasks, task_json);
    w.table("objects", d.objects, object_json);
    w.table("steps", d.steps, step_json);
    w.table("spans", d.spans, span_json);
    w.table("events", d.events, event_json);
    w.value("task_lists", ojson(d.task_lists));
    w.table("links", d.links, link_json);
    w.table("changes", d.changes, change_json);
    w.table("contents", d.contents, contents_json);
    w.value("content_items", ojson(d.content_items));
    w.table("snapshots", d.snapshots, snapshot_json);
    w.table("snapshot_scopes", d.snapshot_scopes, scope_json);
    w.table("snapshot_items", d.snapshot_items, item_json);
    w.table("timers", d.timers, timer_json);

    if (options.analysis) {
        const Analysis a = analyze(trace);
        ojson diags = ojson::array();
        for (const Diagnostic& x : a.diagnostics)
            diags.push_back(diagnostic_json(x));
        w.section("analysis", {{"outcome", outcome_json(a.outcome)},
                               {"diagnostics", std::move(diags)},
                               {"metrics", metrics_json(a.metrics)}});
    }
    return w.finish();
}

// ---------------------------------------------------------------------------
// [SECTION] Loader: typed field access with JSON-pointer errors
// ---------------------------------------------------------------------------

namespace {

std::string error_text(const std::string& where, const std::string& problem) {
    return "condlab trace JSON: " + where + ": " + problem;
}

} // namespace

TraceJsonError::TraceJsonError(std::string where, std::string problem)
    : std::runtime_error(error_text(where, problem)), m_where(std::move(where)),
      m_problem(std::move(problem)) {}

namespace {

[[noreturn]] void fail(const std::string& where, std::string problem) {
    throw TraceJsonError(where.empty() ? std::string("/") : where, std::move(problem));
}

std::string type_name(const json& v) { return v.type_name(); }

std::string child(const std::string& path, std::string_view key) {
    std::string p = path;
    p += '/';
    for (char c : key) // JSON pointer escaping
        if (c == '~')
            p += "~0";
        else if (c == '/')
            p += "~1";
        else
            p += c;
    return p;
}
std::string child(const std::string& path, std::size_t index) {
    return path + "/" + std::to_string(index);
}

/// An integer of type T, range-checked.
template <class T> T as_int(const json& v, const std::string& path) {
    static_assert(std::is_integral_v<T>);
    if (v.is_number_unsigned()) {
        const auto x = v.get<std::uint64_t>();
        if (x > static_cast<std::uint64_t>(std::numeric_limits<T>::max()))
            fail(path, "integer " + std::to_string(x) + " is out of range");
        return static_cast<T>(x);
    }
    if (v.is_number_integer()) {
        const auto x = v.get<std::int64_t>();
        if constexpr (std::is_unsigned_v<T>) {
            if (x < 0)
                fail(path, "expected a non-negative integer, got " + std::to_string(x));
            if (static_cast<std::uint64_t>(x) > std::numeric_limits<T>::max())
                fail(path, "integer " + std::to_string(x) + " is out of range");
        } else {
            if (x < std::numeric_limits<T>::min() || x > std::numeric_limits<T>::max())
                fail(path, "integer " + std::to_string(x) + " is out of range");
        }
        return static_cast<T>(x);
    }
    fail(path, "expected an integer, got " + type_name(v));
}

double as_double(const json& v, const std::string& path) {
    if (v.is_number())
        return v.get<double>();
    if (v.is_string()) {
        const std::string& s = v.get_ref<const std::string&>();
        if (s == "inf")
            return std::numeric_limits<double>::infinity();
        if (s == "-inf")
            return -std::numeric_limits<double>::infinity();
        if (s == "nan")
            return std::numeric_limits<double>::quiet_NaN();
    }
    fail(path, "expected a number, got " + type_name(v));
}

bool as_bool(const json& v, const std::string& path) {
    if (!v.is_boolean())
        fail(path, "expected true or false, got " + type_name(v));
    return v.get<bool>();
}

const std::string& as_string(const json& v, const std::string& path) {
    if (!v.is_string())
        fail(path, "expected a string, got " + type_name(v));
    return v.get_ref<const std::string&>();
}

template <class E, int N>
E as_enum(const json& v, const std::string& path, const char* (*name)(E), const char* what) {
    const std::string& s = as_string(v, path);
    for (int i = 0; i < N; ++i)
        if (s == name(static_cast<E>(i)))
            return static_cast<E>(i);
    fail(path, std::string("unknown ") + what + " \"" + s + "\"");
}

/// A JSON object's members, with the path for errors.
class Obj {
  public:
    Obj(const json& v, std::string path) : m_v(v), m_path(std::move(path)) {
        if (!v.is_object())
            fail(m_path, "expected an object, got " + type_name(v));
    }
    [[nodiscard]] const std::string& path() const noexcept { return m_path; }

    /// The member, or nullptr when absent.
    [[nodiscard]] const json* find(const char* key) const {
        auto it = m_v.find(key);
        return it == m_v.end() ? nullptr : &*it;
    }
    [[nodiscard]] const json& need(const char* key) const {
        const json* v = find(key);
        if (!v)
            fail(m_path, std::string("missing \"") + key + "\"");
        return *v;
    }
    template <class T> T integer(const char* key, T def) const {
        const json* v = find(key);
        return v ? as_int<T>(*v, child(m_path, key)) : def;
    }
    template <class T> T required_integer(const char* key) const {
        return as_int<T>(need(key), child(m_path, key));
    }
    /// Step / event references: absent or null = none.
    template <class T> T ref(const char* key, T none) const {
        const json* v = find(key);
        return v && !v->is_null() ? as_int<T>(*v, child(m_path, key)) : none;
    }
    [[nodiscard]] double number(const char* key) const {
        return as_double(need(key), child(m_path, key));
    }
    [[nodiscard]] bool boolean(const char* key, bool def) const {
        const json* v = find(key);
        return v ? as_bool(*v, child(m_path, key)) : def;
    }
    template <class E, int N>
    E enumeration(const char* key, const char* (*name)(E), const char* what) const {
        return as_enum<E, N>(need(key), child(m_path, key), name, what);
    }
    template <class E, int N>
    E enumeration(const char* key, const char* (*name)(E), const char* what, E def) const {
        const json* v = find(key);
        return v ? as_enum<E, N>(*v, child(m_path, key), name, what) : def;
    }

  private:
    const json& m_v;
    std::string m_path;
};

/// Calls fn(element, path) for every element of the required array `key` of `doc`.
template <class Fn> void each(const Obj& doc, const char* key, Fn&& fn) {
    const json& arr = doc.need(key);
    const std::string path = child(doc.path(), key);
    if (!arr.is_array())
        fail(path, "expected an array, got " + type_name(arr));
    for (std::size_t i = 0; i < arr.size(); ++i)
        fn(arr[i], child(path, i));
}

// ---------------------------------------------------------------------------
// [SECTION] Loader: records
// ---------------------------------------------------------------------------

/// A loop's outcome: completed, exception, deadlock or budget_exceeded (the outcome table's
/// ids); files written before the table say "raised" for exception.
OutcomeKind read_run_outcome(const Obj& o) {
    const json& v = o.need("outcome");
    const std::string path = child(o.path(), "outcome");
    if (v.is_string() && v.get_ref<const std::string&>() == "raised")
        return OutcomeKind::Exception;
    const auto kind = as_enum<OutcomeKind, kOutcomeKindCount>(v, path, run_outcome_id, "outcome");
    if (kind == OutcomeKind::SyntaxError || kind == OutcomeKind::UsageError)
        fail(path, std::string("\"") + run_outcome_id(kind) + "\" is not how a loop ends");
    return kind;
}

RunSummary read_run(const Obj& o) {
    RunSummary r;
    r.kind = read_run_outcome(o);
    r.budget = o.enumeration<BudgetKind, kBudgetKindCount>("budget", budget_id, "budget");
    r.iterations = o.required_integer<std::uint64_t>("iterations");
    r.finish_time = o.number("finish_time");
    r.main_task = o.integer<TaskId>("main_task", kNoTask);
    r.error_type = o.integer<StringId>("error_type", kEmptyString);
    r.error_message = o.integer<StringId>("error_message", kEmptyString);
    each(o, "blocked", [&](const json& v, const std::string& path) {
        Obj x(v, path);
        BlockedRecord b;
        b.task = x.required_integer<TaskId>("task");
        b.kind = x.enumeration<WaitKind, kWaitKindCount>("wait", wait_kind_name, "wait kind");
        b.object = x.integer<ObjectId>("object", kNoObject);
        b.where = x.integer<LocId>("where", kNoLoc);
        b.ready = x.boolean("ready", false);
        r.blocked.push_back(b);
    });
    return r;
}

/// A fixed-size JSON array ([a, b]) at `path`.
const json& pair_at(const json& v, const std::string& path) {
    if (!v.is_array() || v.size() != 2)
        fail(path, "expected an array of 2 integers");
    return v;
}

TaskRecord read_task(const Obj& o) {
    TaskRecord t;
    t.id = o.required_integer<TaskId>("id");
    t.name = o.integer<StringId>("name", kEmptyString);
    t.parent = o.integer<TaskId>("parent", kNoTask);
    t.created_where = o.integer<LocId>("created_where", kNoLoc);
    t.created_step = o.integer<StepId>("created_step", 0);
    t.first_span = o.integer<std::uint32_t>("first_span", 0);
    t.span_count = o.integer<std::uint32_t>("span_count", 0);
    return t;
}

ObjectRecord read_object(const Obj& o) {
    ObjectRecord r;
    r.id = o.required_integer<ObjectId>("id");
    r.kind = o.enumeration<ObjectKind, kObjectKindCount>("kind", object_kind_name, "object kind");
    r.label = o.integer<StringId>("label", kEmptyString);
    r.owner = o.integer<ObjectId>("owner", kNoObject);
    r.part = o.integer<ObjectId>("part", kNoObject);
    r.created_where = o.integer<LocId>("created_where", kNoLoc);
    r.created_step = o.integer<StepId>("created_step", 0);
    r.first_change = o.integer<std::uint32_t>("first_change", 0);
    r.change_count = o.integer<std::uint32_t>("change_count", 0);
    r.first_contents = o.integer<std::uint32_t>("first_contents", 0);
    r.contents_count = o.integer<std::uint32_t>("contents_count", 0);
    return r;
}

Step read_step(const Obj& o) {
    Step s;
    s.kind = o.enumeration<StepKind, kStepKindCount>("kind", step_kind_name, "step kind");
    s.time = o.number("time");
    s.iteration = o.required_integer<std::uint32_t>("iteration");
    s.task = o.integer<TaskId>("task", kNoTask);
    s.first_event = o.integer<EventId>("first_event", 0);
    return s;
}

SpanRecord read_span(const Obj& o) {
    SpanRecord s;
    s.begin = o.required_integer<Tick>("begin");
    s.status = o.enumeration<TaskStatus, kTaskStatusCount>("status", status_id, "task status");
    s.object = o.integer<ObjectId>("object", kNoObject);
    s.where = o.integer<LocId>("where", kNoLoc);
    return s;
}

TraceEvent read_event(const Obj& o) {
    TraceEvent e;
    e.step = o.required_integer<StepId>("step");
    e.kind = o.enumeration<EventKind, kEventKindCount>("kind", event_kind_name, "event kind");
    e.op = o.enumeration<PrimitiveOp, kPrimitiveOpCount>("op", primitive_op_id, "primitive op",
                                                         PrimitiveOp::LockAcquireFast);
    if (e.kind == EventKind::Primitive && !o.find("op"))
        fail(o.path(), "missing \"op\" (required for primitive events)");
    e.task = o.integer<TaskId>("task", kNoTask);
    e.object = o.integer<ObjectId>("object", kNoObject);
    e.a = o.integer<std::uint32_t>("a", 0);
    e.b = o.integer<std::uint32_t>("b", 0);
    e.value = o.integer<std::int64_t>("value", 0);
    e.reserved = o.integer<std::uint16_t>("reserved", 0);
    return e;
}

Link read_link(const Obj& o) {
    Link l;
    l.kind = o.enumeration<LinkKind, kLinkKindCount>("kind", link_kind_name, "link kind");
    l.from_event = o.ref<EventId>("from_event", kNoEvent);
    l.from_step = o.required_integer<StepId>("from_step");
    l.task = o.required_integer<TaskId>("task");
    l.to_step = o.ref<StepId>("to_step", kNoStep);
    l.to_event = o.ref<EventId>("to_event", kNoEvent);
    return l;
}

ObjectChange read_change(const Obj& o) {
    ObjectChange c;
    c.tick = o.required_integer<Tick>("tick");
    c.holder = o.integer<TaskId>("holder", kNoTask);
    c.value = o.integer<std::int32_t>("value", 0);
    c.waiters = o.integer<std::uint32_t>("waiters", 0);
    c.waiter_count = o.integer<std::uint16_t>("waiter_count", 0);
    c.flag = o.integer<std::uint8_t>("flag", 0);
    c.reserved = o.integer<std::uint8_t>("reserved", 0);
    return c;
}

ContentsRecord read_contents(const Obj& o) {
    ContentsRecord c;
    c.tick = o.required_integer<Tick>("tick");
    c.first_item = o.integer<std::uint32_t>("first_item", 0);
    c.item_count = o.integer<std::uint32_t>("item_count", 0);
    return c;
}

SnapshotRecord read_snapshot(const Obj& o) {
    SnapshotRecord s;
    s.step = o.required_integer<StepId>("step");
    s.scope = o.integer<TaskId>("scope", kNoTask);
    s.first_item = o.integer<std::uint32_t>("first_item", 0);
    s.item_count = o.integer<std::uint32_t>("item_count", 0);
    return s;
}

SnapshotScope read_scope(const Obj& o) {
    SnapshotScope s;
    s.scope = o.required_integer<TaskId>("scope");
    s.first = o.integer<std::uint32_t>("first", 0);
    s.count = o.integer<std::uint32_t>("count", 0);
    return s;
}

TimerRecord read_timer(const Obj& o) {
    TimerRecord r;
    r.id = o.required_integer<TimerId>("id");
    r.kind = o.enumeration<TimerKind, kTimerKindCount>("kind", timer_kind_name, "timer kind");
    r.when = o.number("when");
    r.task = o.integer<TaskId>("task", kNoTask);
    r.where = o.integer<LocId>("where", kNoLoc);
    r.armed_step = o.required_integer<StepId>("armed_step");
    r.end = o.enumeration<TimerEnd, kTimerEndCount>("end", timer_end_name, "timer end");
    r.end_step = o.ref<StepId>("end_step", kNoStep);
    return r;
}

// ---------------------------------------------------------------------------
// [SECTION] Loader: validation of cross-references
// ---------------------------------------------------------------------------

/// Checks that `[first, first + count)` lies within a table of `size` rows.
void check_range(std::uint64_t first, std::uint64_t count, std::size_t size,
                 const std::string& path, const char* table) {
    if (first + count > size)
        fail(path, "range [" + std::to_string(first) + ", " + std::to_string(first + count) +
                       ") is outside \"" + table + "\" (" + std::to_string(size) + " rows)");
}

/// Checks that `index` (when not `none`) is a row of a table of `size` rows.
void check_index(std::uint64_t index, std::size_t size, const std::string& path,
                 const char* table) {
    if (index >= size)
        fail(path, "index " + std::to_string(index) + " is outside \"" + table + "\" (" +
                       std::to_string(size) + " rows)");
}

void validate(const TraceData& d) {
    const std::size_t n_str = d.string_offsets.size();
    const std::size_t n_loc = d.locs.size();
    const std::size_t n_steps = d.steps.size();
    const std::size_t n_events = d.events.size();
    auto str = [&](StringId id, const std::string& path) {
        check_index(id, n_str, path, "strings");
    };
    auto loc = [&](LocId id, const std::string& path) { check_index(id, n_loc, path, "locs"); };

    for (std::size_t i = 0; i < d.locs.size(); ++i)
        str(d.locs[i].file, child(child("/locs", i), 0));
    for (std::size_t i = 0; i < d.tasks.size(); ++i) {
        const TaskRecord& t = d.tasks[i];
        const std::string p = child("/tasks", i);
        if (t.id == kNoTask)
            fail(child(p, "id"), "task id 0 is reserved for \"no task\"");
        if (i > 0 && t.id <= d.tasks[i - 1].id)
            fail(child(p, "id"), "task ids must increase (" + std::to_string(t.id) + " after " +
                                     std::to_string(d.tasks[i - 1].id) + ")");
        str(t.name, child(p, "name"));
        loc(t.created_where, child(p, "created_where"));
        check_range(t.first_span, t.span_count, d.spans.size(), p, "spans");
    }
    for (std::size_t i = 0; i < d.objects.size(); ++i) {
        const ObjectRecord& o = d.objects[i];
        const std::string p = child("/objects", i);
        if (o.id == kNoObject)
            fail(child(p, "id"), "object id 0 is reserved for \"no object\"");
        if (i > 0 && o.id <= d.objects[i - 1].id)
            fail(child(p, "id"), "object ids must increase (" + std::to_string(o.id) + " after " +
                                     std::to_string(d.objects[i - 1].id) + ")");
        str(o.label, child(p, "label"));
        loc(o.created_where, child(p, "created_where"));
        check_range(o.first_change, o.change_count, d.changes.size(), p, "changes");
        check_range(o.first_contents, o.contents_count, d.contents.size(), p, "contents");
    }
    for (std::size_t i = 0; i < d.steps.size(); ++i) {
        const Step& s = d.steps[i];
        const std::string p = child("/steps", i);
        check_range(s.first_event, 0, n_events, child(p, "first_event"), "events");
        if (i > 0 && s.first_event < d.steps[i - 1].first_event)
            fail(child(p, "first_event"), "steps' first events must not decrease");
    }
    for (std::size_t i = 0; i < d.spans.size(); ++i) {
        const SpanRecord& s = d.spans[i];
        loc(s.where, child(child("/spans", i), "where"));
    }
    for (std::size_t i = 0; i < d.events.size(); ++i) {
        const TraceEvent& e = d.events[i];
        const std::string p = child("/events", i);
        if (n_steps != 0)
            check_index(e.step, n_steps, child(p, "step"), "steps");
        if (e.kind == EventKind::Primitive)
            check_range(e.a, e.b, d.task_lists.size(), p, "task_lists");
    }
    for (std::size_t i = 0; i < d.links.size(); ++i) {
        const Link& l = d.links[i];
        const std::string p = child("/links", i);
        check_index(l.from_step, n_steps, child(p, "from_step"), "steps");
        if (l.to_step != kNoStep)
            check_index(l.to_step, n_steps, child(p, "to_step"), "steps");
        if (l.from_event != kNoEvent)
            check_index(l.from_event, n_events, child(p, "from_event"), "events");
        if (l.to_event != kNoEvent)
            check_index(l.to_event, n_events, child(p, "to_event"), "events");
    }
    for (std::size_t i = 0; i < d.changes.size(); ++i) {
        const ObjectChange& c = d.changes[i];
        check_range(c.waiters, c.waiter_count, d.task_lists.size(), child("/changes", i),
                    "task_lists");
    }
    for (std::size_t i = 0; i < d.contents.size(); ++i) {
        const ContentsRecord& c = d.contents[i];
        check_range(c.first_item, c.item_count, d.content_items.size(), child("/contents", i),
                    "content_items");
    }
    for (std::size_t i = 0; i < d.content_items.size(); ++i)
        str(d.content_items[i], child("/content_items", i));
    for (std::size_t i = 0; i < d.snapshots.size(); ++i) {
        const SnapshotRecord& s = d.snapshots[i];
        check_range(s.first_item, s.item_count, d.snapshot_items.size(), child("/snapshots", i),
                    "snapshot_items");
    }
    for (std::size_t i = 0; i < d.snapshot_scopes.size(); ++i) {
        const SnapshotScope& s = d.snapshot_scopes[i];
        check_range(s.first, s.count, d.snapshots.size(), child("/snapshot_scopes", i),
                    "snapshots");
    }
    for (std::size_t i = 0; i < d.snapshot_items.size(); ++i) {
        const std::string p = child("/snapshot_items", i);
        str(d.snapshot_items[i].name, child(p, 0));
        str(d.snapshot_items[i].repr, child(p, 1));
    }
    for (std::size_t i = 0; i < d.timers.size(); ++i) {
        const TimerRecord& r = d.timers[i];
        const std::string p = child("/timers", i);
        if (i > 0 && r.id <= d.timers[i - 1].id)
            fail(child(p, "id"), "timer ids must increase (" + std::to_string(r.id) + " after " +
                                     std::to_string(d.timers[i - 1].id) + ")");
        loc(r.where, child(p, "where"));
        if (n_steps != 0)
            check_index(r.armed_step, n_steps, child(p, "armed_step"), "steps");
        if (r.end_step != kNoStep)
            check_index(r.end_step, n_steps, child(p, "end_step"), "steps");
        if ((r.end == TimerEnd::Pending) != (r.end_step == kNoStep))
            fail(child(p, "end_step"), "a pending timer has no end step, an ended one has one");
    }
    for (std::size_t i = 0; i < d.events.size(); ++i) {
        const TraceEvent& e = d.events[i];
        if (e.kind != EventKind::TimerArmed)
            continue;
        const std::string p = child("/events", i);
        check_index(e.a, d.timers.size(), child(p, "a"), "timers");
        loc(e.b, child(p, "b"));
    }
    str(d.run.error_type, "/run/error_type");
    str(d.run.error_message, "/run/error_message");
    for (std::size_t i = 0; i < d.run.blocked.size(); ++i)
        loc(d.run.blocked[i].where, child(child("/run/blocked", i), "where"));
}

// ---------------------------------------------------------------------------
// [SECTION] Loader: document
// ---------------------------------------------------------------------------

json parse(std::string_view text) {
    try {
        return json::parse(text.begin(), text.end());
    } catch (const json::parse_error& e) {
        // Turn the byte offset into line and column.
        std::size_t line = 1, column = 1;
        const std::size_t end = std::min<std::size_t>(e.byte == 0 ? 0 : e.byte - 1, text.size());
        for (std::size_t i = 0; i < end; ++i) {
            if (text[i] == '\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
        }
        std::string what = e.what();
        // "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error ..."
        if (auto colon = what.find(": "); colon != std::string::npos)
            what = what.substr(colon + 2);
        throw TraceJsonError("line " + std::to_string(line) + ", column " + std::to_string(column),
                             "invalid JSON: " + what);
    }
}

} // namespace

Trace load_trace_json(std::string_view text) {
    const json doc_value = parse(text);
    const Obj doc(doc_value, "");

    const std::string& format = as_string(doc.need("format"), "/format");
    if (format != kTraceJsonFormat)
        fail("/format", "expected \"condlab-trace\", got \"" + format + "\"");
    const int version = as_int<int>(doc.need("version"), "/version");
    if (version < kTraceJsonOldestVersion || version > kTraceJsonVersion)
        fail("/version", "unsupported version " + std::to_string(version) +
                             " (this build reads versions " +
                             std::to_string(kTraceJsonOldestVersion) + " to " +
                             std::to_string(kTraceJsonVersion) + ")");

    TraceData d;
    d.run = read_run(Obj(doc.need("run"), "/run"));

    each(doc, "strings", [&](const json& v, const std::string& path) {
        const std::string& s = as_string(v, path);
        if (d.string_offsets.empty() && !s.empty())
            fail(path, "string 0 must be \"\"");
        d.string_offsets.push_back(static_cast<std::uint32_t>(d.string_pool.size()));
        d.string_pool += s;
        d.string_pool += '\0';
    });
    if (d.string_offsets.empty())
        fail("/strings", "expected at least the empty string \"\"");
    each(doc, "locs", [&](const json& v, const std::string& path) {
        const json& pr = pair_at(v, path);
        d.locs.push_back({as_int<StringId>(pr[0], child(path, 0)),
                          as_int<std::uint32_t>(pr[1], child(path, 1))});
    });
    if (d.locs.empty())
        fail("/locs", "expected at least the \"no location\" entry [0, 0]");
    each(doc, "tasks", [&](const json& v, const std::string& path) {
        d.tasks.push_back(read_task({v, path}));
    });
    each(doc, "objects", [&](const json& v, const std::string& path) {
        d.objects.push_back(read_object({v, path}));
    });
    each(doc, "steps", [&](const json& v, const std::string& path) {
        d.steps.push_back(read_step({v, path}));
    });
    each(doc, "spans", [&](const json& v, const std::string& path) {
        d.spans.push_back(read_span({v, path}));
    });
    each(doc, "events", [&](const json& v, const std::string& path) {
        d.events.push_back(read_event({v, path}));
    });
    each(doc, "task_lists", [&](const json& v, const std::string& path) {
        d.task_lists.push_back(as_int<TaskId>(v, path));
    });
    each(doc, "links", [&](const json& v, const std::string& path) {
        d.links.push_back(read_link({v, path}));
    });
    each(doc, "changes", [&](const json& v, const std::string& path) {
        d.changes.push_back(read_change({v, path}));
    });
    each(doc, "contents", [&](const json& v, const std::string& path) {
        d.contents.push_back(read_contents({v, path}));
    });
    each(doc, "content_items", [&](const json& v, const std::string& path) {
        d.content_items.push_back(as_int<StringId>(v, path));
    });
    each(doc, "snapshots", [&](const json& v, const std::string& path) {
        d.snapshots.push_back(read_snapshot({v, path}));
    });
    each(doc, "snapshot_scopes", [&](const json& v, const std::string& path) {
        d.snapshot_scopes.push_back(read_scope({v, path}));
    });
    each(doc, "snapshot_items", [&](const json& v, const std::string& path) {
        const json& pr = pair_at(v, path);
        d.snapshot_items.push_back(
            {as_int<StringId>(pr[0], child(path, 0)), as_int<StringId>(pr[1], child(path, 1))});
    });

    if (version >= 2) // version 1 had no timers
        each(doc, "timers", [&](const json& v, const std::string& path) {
            d.timers.push_back(read_timer({v, path}));
        });

    validate(d);
    return Trace(std::move(d));
}

std::optional<Trace> try_load_trace_json(std::string_view json_text, std::string* error) {
    try {
        return load_trace_json(json_text);
    } catch (const TraceJsonError& e) {
        if (error)
            *error = e.what();
    } catch (const std::exception& e) { // e.g. std::bad_alloc
        if (error)
            *error = std::string("condlab trace JSON: ") + e.what();
    }
    return std::nullopt;
}

} // namespace condlab
