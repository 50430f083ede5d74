// condlab trace JSON: golden file, exact round trip (bytes, raw arrays and queries),
// loader errors with their locations.
#include "exporter_test_support.h"
#include "runtime/runtime_test_support.h"

#include "trace/analysis.h"
#include "trace/text_timeline.h"
#include "trace/trace_json.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <set>

using namespace condlab;
using namespace condlab::testing::exporters;

namespace {

class TraceJsonTest : public condlab::testing::FrameLeakCheck {};

// [SECTION] Raw equality of two TraceData (field by field)

template <class T, class Eq>
void expect_rows(const std::vector<T>& a, const std::vector<T>& b, const char* table, Eq eq) {
    ASSERT_EQ(a.size(), b.size()) << table;
    for (std::size_t i = 0; i < a.size(); ++i)
        EXPECT_TRUE(eq(a[i], b[i])) << table << " row " << i;
}

void expect_same_data(const TraceData& a, const TraceData& b) {
    EXPECT_EQ(a.string_pool, b.string_pool);
    EXPECT_EQ(a.string_offsets, b.string_offsets);
    expect_rows(a.locs, b.locs, "locs",
                [](auto& x, auto& y) { return x.file == y.file && x.line == y.line; });
    expect_rows(a.tasks, b.tasks, "tasks", [](auto& x, auto& y) {
        return x.id == y.id && x.name == y.name && x.parent == y.parent &&
               x.created_where == y.created_where && x.created_step == y.created_step &&
               x.first_span == y.first_span && x.span_count == y.span_count;
    });
    expect_rows(a.objects, b.objects, "objects", [](auto& x, auto& y) {
        return x.id == y.id && x.kind == y.kind && x.label == y.label && x.owner == y.owner &&
               x.part == y.part && x.created_where == y.created_where &&
               x.created_step == y.created_step && x.first_change == y.first_change &&
               x.change_count == y.change_count && x.first_contents == y.first_contents &&
               x.contents_count == y.contents_count;
    });
    expect_rows(a.steps, b.steps, "steps", [](auto& x, auto& y) {
        return std::memcmp(&x.time, &y.time, sizeof(double)) == 0 && x.iteration == y.iteration &&
               x.task == y.task && x.first_event == y.first_event && x.kind == y.kind;
    });
    expect_rows(a.spans, b.spans, "spans", [](auto& x, auto& y) {
        return x.begin == y.begin && x.object == y.object && x.where == y.where &&
               x.status == y.status;
    });
    expect_rows(a.events, b.events, "events",
                [](auto& x, auto& y) { return std::memcmp(&x, &y, sizeof(TraceEvent)) == 0; });
    EXPECT_EQ(a.task_lists, b.task_lists);
    expect_rows(a.links, b.links, "links", [](auto& x, auto& y) {
        return x.from_event == y.from_event && x.from_step == y.from_step && x.task == y.task &&
               x.to_step == y.to_step && x.to_event == y.to_event && x.kind == y.kind;
    });
    expect_rows(a.changes, b.changes, "changes", [](auto& x, auto& y) {
        return x.tick == y.tick && x.holder == y.holder && x.value == y.value &&
               x.waiters == y.waiters && x.waiter_count == y.waiter_count && x.flag == y.flag &&
               x.reserved == y.reserved;
    });
    expect_rows(a.contents, b.contents, "contents", [](auto& x, auto& y) {
        return x.tick == y.tick && x.first_item == y.first_item && x.item_count == y.item_count;
    });
    EXPECT_EQ(a.content_items, b.content_items);
    expect_rows(a.snapshots, b.snapshots, "snapshots", [](auto& x, auto& y) {
        return x.step == y.step && x.scope == y.scope && x.first_item == y.first_item &&
               x.item_count == y.item_count;
    });
    expect_rows(a.snapshot_scopes, b.snapshot_scopes, "snapshot_scopes", [](auto& x, auto& y) {
        return x.scope == y.scope && x.first == y.first && x.count == y.count;
    });
    expect_rows(a.snapshot_items, b.snapshot_items, "snapshot_items",
                [](auto& x, auto& y) { return x.name == y.name && x.repr == y.repr; });
    EXPECT_EQ(a.run.kind, b.run.kind);
    EXPECT_EQ(a.run.budget, b.run.budget);
    EXPECT_EQ(a.run.iterations, b.run.iterations);
    EXPECT_EQ(std::memcmp(&a.run.finish_time, &b.run.finish_time, sizeof(double)), 0);
    EXPECT_EQ(a.run.main_task, b.run.main_task);
    EXPECT_EQ(a.run.error_type, b.run.error_type);
    EXPECT_EQ(a.run.error_message, b.run.error_message);
    expect_rows(a.run.blocked, b.run.blocked, "run.blocked", [](auto& x, auto& y) {
        return x.task == y.task && x.kind == y.kind && x.object == y.object && x.where == y.where &&
               x.ready == y.ready;
    });
}

// [SECTION] Query equality: what a consumer of the Trace sees

void expect_same_queries(const Trace& a, const Trace& b) {
    ASSERT_EQ(a.step_count(), b.step_count());
    ASSERT_EQ(a.end_tick(), b.end_tick());
    for (const TaskRecord& t : a.tasks()) {
        EXPECT_EQ(a.task_name(t.id), b.task_name(t.id));
        const std::vector<SpanView> sa = a.spans(t.id), sb = b.spans(t.id);
        ASSERT_EQ(sa.size(), sb.size());
        for (std::size_t i = 0; i < sa.size(); ++i) {
            EXPECT_EQ(sa[i].status, sb[i].status);
            EXPECT_EQ(sa[i].begin, sb[i].begin);
            EXPECT_EQ(sa[i].end, sb[i].end);
            EXPECT_EQ(sa[i].object, sb[i].object);
            const SourceLoc la = a.loc(sa[i].where), lb = b.loc(sb[i].where);
            EXPECT_EQ(std::string(la.file ? la.file : ""), std::string(lb.file ? lb.file : ""));
            EXPECT_EQ(la.line, lb.line);
        }
        for (StepId s = 0; s < a.step_count(); ++s) {
            EXPECT_EQ(a.task_state_at(t.id, s), b.task_state_at(t.id, s));
            EXPECT_EQ(a.task_state_after(t.id, s), b.task_state_after(t.id, s));
        }
    }
    for (const ObjectRecord& o : a.objects()) {
        EXPECT_EQ(a.object_name(o.id), b.object_name(o.id));
        for (Tick t = 0; t < a.end_tick(); ++t) {
            const ObjectState x = a.object_state_at_tick(o.id, t);
            const ObjectState y = b.object_state_at_tick(o.id, t);
            EXPECT_EQ(x.locked, y.locked);
            EXPECT_EQ(x.set, y.set);
            EXPECT_EQ(x.holder, y.holder);
            EXPECT_EQ(x.value, y.value);
            EXPECT_EQ(std::vector<TaskId>(x.waiters.begin(), x.waiters.end()),
                      std::vector<TaskId>(y.waiters.begin(), y.waiters.end()));
            EXPECT_EQ(x.contents, y.contents);
            EXPECT_EQ(x.changed_at, y.changed_at);
        }
    }
    for (StepId s = 0; s < a.step_count(); ++s) {
        const std::vector<SnapshotEntryView> va = a.snapshot_at(s), vb = b.snapshot_at(s);
        ASSERT_EQ(va.size(), vb.size());
        for (std::size_t i = 0; i < va.size(); ++i) {
            EXPECT_EQ(va[i].scope, vb[i].scope);
            EXPECT_EQ(va[i].name, vb[i].name);
            EXPECT_EQ(va[i].repr, vb[i].repr);
        }
        const Link* la = a.link_into(s);
        const Link* lb = b.link_into(s);
        ASSERT_EQ(la == nullptr, lb == nullptr);
        if (la)
            EXPECT_EQ(la->from_step, lb->from_step);
        const auto ea = a.step_events(s), eb = b.step_events(s);
        ASSERT_EQ(ea.size(), eb.size());
        for (std::size_t i = 0; i < ea.size(); ++i) {
            const auto wa = a.woken(ea[i]), wb = b.woken(eb[i]);
            EXPECT_EQ(std::vector<TaskId>(wa.begin(), wa.end()),
                      std::vector<TaskId>(wb.begin(), wb.end()));
        }
    }
    EXPECT_EQ(a.step_at_time(1.0), b.step_at_time(1.0));
    EXPECT_EQ(a.step_at_iteration(3), b.step_at_iteration(3));
    // Analysis and the other exporters agree.
    const Analysis x = analyze(a), y = analyze(b);
    EXPECT_EQ(x.outcome.summary, y.outcome.summary);
    EXPECT_EQ(x.diagnostics.size(), y.diagnostics.size());
    EXPECT_EQ(x.metrics.wakeups, y.metrics.wakeups);
    EXPECT_EQ(render_text_timeline(a, 100), render_text_timeline(b, 100));
}

void expect_round_trip(const Trace& trace) {
    const std::string first = write_trace_json(trace);
    const Trace loaded = load_trace_json(first);
    const std::string second = write_trace_json(loaded);
    EXPECT_EQ(first, second);
    expect_same_data(trace.data(), loaded.data());
    expect_same_queries(trace, loaded);
    // Without the analysis section too.
    const std::string bare = write_trace_json(trace, {.analysis = false});
    EXPECT_EQ(bare, write_trace_json(load_trace_json(bare), {.analysis = false}));
    EXPECT_EQ(bare.find("\"analysis\""), std::string::npos);
}

/// The message of the TraceJsonError thrown by load_trace_json(text).
std::string load_error(const std::string& text) {
    try {
        (void)load_trace_json(text);
    } catch (const TraceJsonError& e) {
        return e.what();
    }
    return "(no error)";
}

/// A small valid document, edited by the error tests.
nlohmann::json small_doc() {
    Loop loop;
    Recording r = lost_wakeup(loop);
    return nlohmann::json::parse(write_trace_json(*r.trace, {.analysis = false}));
}

} // namespace

// [SECTION] Golden file and round trips

TEST_F(TraceJsonTest, LostWakeupGolden) {
    Loop loop;
    Recording r = lost_wakeup(loop);
    ASSERT_EQ(r.outcome.kind, OutcomeKind::Deadlock);
    expect_golden("lost_wakeup.trace.json", write_trace_json(*r.trace));
}

TEST_F(TraceJsonTest, HeaderAndTables) {
    Loop loop;
    Recording r = lost_wakeup(loop);
    const nlohmann::json doc = nlohmann::json::parse(write_trace_json(*r.trace));
    EXPECT_EQ(doc["format"], "condlab-trace");
    EXPECT_EQ(doc["version"], 2);
    for (const char* table : {"strings", "locs", "tasks", "objects", "steps", "spans", "events",
                              "task_lists", "links", "changes", "contents", "content_items",
                              "snapshots", "snapshot_scopes", "snapshot_items", "timers"})
        EXPECT_TRUE(doc.contains(table) && doc[table].is_array()) << table;
    EXPECT_EQ(doc["run"]["outcome"], "deadlock");
    EXPECT_EQ(doc["analysis"]["outcome"]["kind"], "deadlock");
    EXPECT_EQ(doc["strings"][0], "");
    EXPECT_EQ(doc["tasks"].size(), r.trace->tasks().size());
    EXPECT_EQ(doc["events"].size(), r.trace->events().size());
}

TEST_F(TraceJsonTest, RoundTripLostWakeup) {
    Loop loop;
    Recording r = lost_wakeup(loop);
    expect_round_trip(*r.trace);
}

TEST_F(TraceJsonTest, RoundTripHerd) {
    Loop loop;
    Recording r = herd(loop);
    ASSERT_EQ(r.outcome.kind, OutcomeKind::Complete);
    expect_round_trip(*r.trace);
}

TEST_F(TraceJsonTest, RoundTripKitchenSink) {
    Loop loop;
    Recording r = kitchen_sink(loop);
    const TraceData& d = r.trace->data();
    // The scenario exercises every table.
    EXPECT_FALSE(d.snapshots.empty());
    EXPECT_FALSE(d.snapshot_items.empty());
    EXPECT_FALSE(d.contents.empty());
    EXPECT_FALSE(d.content_items.empty());
    EXPECT_FALSE(d.links.empty());
    EXPECT_FALSE(d.changes.empty());
    bool output = false, exception = false, warning = false;
    for (const TraceEvent& e : d.events) {
        output = output || e.kind == EventKind::Output;
        exception = exception || e.kind == EventKind::Exception;
        warning = warning || e.kind == EventKind::Warning;
    }
    EXPECT_TRUE(output && exception && warning);
    expect_round_trip(*r.trace);
    // Strings with quotes, newlines and UTF-8 survive.
    const Trace loaded = load_trace_json(write_trace_json(*r.trace));
    bool found = false;
    for (StringId i = 0; i < loaded.data().string_offsets.size(); ++i)
        found = found || loaded.str(i) == "bad \"value\"\n2";
    EXPECT_TRUE(found);
    std::vector<std::string> reprs;
    for (const SnapshotEntryView& v :
         loaded.snapshot_at(static_cast<StepId>(loaded.step_count() - 1)))
        reprs.push_back(std::string(v.repr));
    EXPECT_EQ(reprs, (std::vector<std::string>{"[1, 2]", "'caf\xc3\xa9'"}));
}

TEST_F(TraceJsonTest, RoundTripHandBuiltData) {
    // Odd values the recorder does not produce: non-finite times, sentinels, big ints.
    TraceData d;
    d.string_pool = std::string("\0a\0", 3);
    d.string_offsets = {0, 1};
    d.locs = {{}, {1, 4000000000u}};
    d.tasks = {{.id = 7, .name = 1, .first_span = 0, .span_count = 1}};
    d.spans = {{.begin = 0, .where = 1, .status = TaskStatus::NotStarted}};
    d.steps = {{.time = -0.0, .iteration = 4294967295u, .kind = StepKind::Loop},
               {.time = 1e-300, .iteration = 4294967295u, .kind = StepKind::Loop}};
    d.events = {{.kind = EventKind::TimerFired,
                 .step = 1,
                 .value = std::numeric_limits<std::int64_t>::min()}};
    d.links = {{.from_step = 0, .task = 7}};
    d.run.finish_time = std::numeric_limits<double>::infinity();
    d.run.iterations = std::numeric_limits<std::uint64_t>::max();
    const Trace trace(d);
    const std::string text = write_trace_json(trace, {.analysis = false});
    const Trace loaded = load_trace_json(text);
    EXPECT_EQ(write_trace_json(loaded, {.analysis = false}), text);
    expect_same_data(trace.data(), loaded.data());
    EXPECT_TRUE(std::signbit(loaded.steps()[0].time));
    EXPECT_EQ(loaded.links()[0].to_step, kNoStep);
    EXPECT_EQ(loaded.links()[0].from_event, kNoEvent);
}

TEST_F(TraceJsonTest, AnalysisOfEventsNamingUnknownHugeTaskIds) {
    // A hand-edited file may name a task id no task record has: the analysis keeps its
    // per-task state for such ids aside instead of sizing a table by the id.
    TraceData d;
    d.string_pool = std::string("\0", 1);
    d.string_offsets = {0};
    d.locs = {{}};
    d.tasks = {{.id = 1, .first_span = 0, .span_count = 1}};
    d.spans = {{.begin = 0, .status = TaskStatus::Done}};
    d.steps = {{.time = 0.0, .iteration = 1, .kind = StepKind::Loop}};
    d.task_lists = {4000000000u};
    d.events = {{.kind = EventKind::Line, .step = 0, .task = 4000000001u, .a = 0},
                {.kind = EventKind::Primitive,
                 .op = PrimitiveOp::ConditionNotifyAll,
                 .step = 0,
                 .task = 4000000001u,
                 .object = 9,
                 .a = 0,
                 .b = 1},
                {.kind = EventKind::Primitive,
                 .op = PrimitiveOp::ConditionReacquire,
                 .step = 0,
                 .task = 4000000000u,
                 .object = 9},
                {.kind = EventKind::Primitive,
                 .op = PrimitiveOp::ConditionWait,
                 .step = 0,
                 .task = 4000000000u,
                 .object = 9,
                 .value = wait_guard::kWaitFor | wait_guard::kWaitForAgain}};
    const Trace loaded = load_trace_json(write_trace_json(Trace(d), {.analysis = false}));
    const Analysis a = analyze(loaded);
    EXPECT_EQ(a.metrics.wakeups, 1u);
    ASSERT_EQ(a.diagnostics.size(), 1u); // woken by notify_all, its wait_for waited again
    EXPECT_EQ(a.diagnostics[0].kind, DiagnosticKind::WastedWakeup);
    EXPECT_EQ(a.diagnostics[0].task, 4000000000u);
}

TEST_F(TraceJsonTest, EmptyTrace) {
    const Trace empty;
    const std::string text = write_trace_json(empty, {.analysis = false});
    const Trace loaded = load_trace_json(text);
    EXPECT_EQ(loaded.step_count(), 0u);
    EXPECT_EQ(write_trace_json(loaded, {.analysis = false}), text);
}

TEST_F(TraceJsonTest, EnumIdentifiersAreUniqueAndStable) {
    std::set<std::string> ops, outcomes, budgets;
    for (int i = 0; i <= static_cast<int>(PrimitiveOp::BarrierBroken); ++i)
        ops.insert(primitive_op_id(static_cast<PrimitiveOp>(i)));
    EXPECT_EQ(ops.size(), static_cast<std::size_t>(PrimitiveOp::BarrierBroken) + 1);
    EXPECT_FALSE(ops.contains("?"));
    for (OutcomeKind k : {OutcomeKind::Complete, OutcomeKind::Exception, OutcomeKind::Deadlock,
                          OutcomeKind::Budget})
        outcomes.insert(run_outcome_id(k));
    EXPECT_EQ(outcomes.size(), 4u);
    for (int i = 0; i <= static_cast<int>(BudgetKind::Output); ++i)
        budgets.insert(budget_id(static_cast<BudgetKind>(i)));
    EXPECT_EQ(budgets.size(), 6u);
    EXPECT_STREQ(primitive_op_id(PrimitiveOp::ConditionNotify), "condition_notify");
    EXPECT_STREQ(run_outcome_id(OutcomeKind::Deadlock), "deadlock");
    EXPECT_STREQ(run_outcome_id(OutcomeKind::Exception), "exception"); // the outcome table's id
    EXPECT_STREQ(budget_id(BudgetKind::VirtualTime), "virtual_time");
}

// [SECTION] Loader errors: clear message, with what and where

TEST_F(TraceJsonTest, SyntaxErrorHasLineAndColumn) {
    const std::string msg =
        load_error("{\n  \"format\": \"condlab-trace\",\n  \"version\": 1,,\n}");
    EXPECT_NE(msg.find("condlab trace JSON: line 3, column"), std::string::npos) << msg;
    EXPECT_NE(msg.find("invalid JSON"), std::string::npos) << msg;
}

TEST_F(TraceJsonTest, WrongFormatOrVersion) {
    nlohmann::json doc = small_doc();
    doc["format"] = "chrome";
    EXPECT_EQ(load_error(doc.dump()),
              "condlab trace JSON: /format: expected \"condlab-trace\", got \"chrome\"");
    doc = small_doc();
    doc["version"] = 3;
    EXPECT_EQ(load_error(doc.dump()), "condlab trace JSON: /version: unsupported version 3 (this "
                                      "build reads versions 1 to 2)");
    EXPECT_EQ(load_error("[]"), "condlab trace JSON: /: expected an object, got array");
}

// Files written before the one outcome table (issue 20) name an exception "raised"; the
// reader still takes them, and refuses outcomes a loop cannot have.
TEST_F(TraceJsonTest, RunOutcomeOldRaisedIsException) {
    nlohmann::json doc = small_doc();
    doc["run"]["outcome"] = "raised";
    EXPECT_EQ(load_trace_json(doc.dump()).run().kind, OutcomeKind::Exception);
    doc["run"]["outcome"] = "exception";
    EXPECT_EQ(load_trace_json(doc.dump()).run().kind, OutcomeKind::Exception);
    doc["run"]["outcome"] = "budget_exceeded";
    EXPECT_EQ(load_trace_json(doc.dump()).run().kind, OutcomeKind::Budget);
    doc["run"]["outcome"] = "syntax_error";
    EXPECT_EQ(load_error(doc.dump()),
              "condlab trace JSON: /run/outcome: \"syntax_error\" is not how a loop ends");
    doc["run"]["outcome"] = "finished";
    EXPECT_EQ(load_error(doc.dump()),
              "condlab trace JSON: /run/outcome: unknown outcome \"finished\"");
}

TEST_F(TraceJsonTest, MissingTable) {
    nlohmann::json doc = small_doc();
    doc.erase("spans");
    EXPECT_EQ(load_error(doc.dump()), "condlab trace JSON: /: missing \"spans\"");
}

TEST_F(TraceJsonTest, BadFieldsNameTheirPath) {
    nlohmann::json doc = small_doc();
    doc["events"][2]["kind"] = "explosion";
    EXPECT_EQ(load_error(doc.dump()),
              "condlab trace JSON: /events/2/kind: unknown event kind \"explosion\"");

    doc = small_doc();
    doc["spans"][1]["status"] = 3;
    EXPECT_EQ(load_error(doc.dump()),
              "condlab trace JSON: /spans/1/status: expected a string, got number");

    doc = small_doc();
    doc["steps"][0]["iteration"] = -1;
    EXPECT_EQ(load_error(doc.dump()),
              "condlab trace JSON: /steps/0/iteration: expected a non-negative integer, got -1");

    doc = small_doc();
    doc["tasks"][0]["span_count"] = 1.5;
    EXPECT_EQ(load_error(doc.dump()),
              "condlab trace JSON: /tasks/0/span_count: expected an integer, got number");

    doc = small_doc();
    doc["changes"][0]["waiter_count"] = 70000;
    EXPECT_EQ(load_error(doc.dump()),
              "condlab trace JSON: /changes/0/waiter_count: integer 70000 is out of range");

    doc = small_doc();
    doc["locs"][1] = {1};
    EXPECT_EQ(load_error(doc.dump()),
              "condlab trace JSON: /locs/1: expected an array of 2 integers");

    doc = small_doc();
    doc["strings"][0] = "x";
    EXPECT_EQ(load_error(doc.dump()), "condlab trace JSON: /strings/0: string 0 must be \"\"");
}

TEST_F(TraceJsonTest, DanglingReferencesAreRejected) {
    nlohmann::json doc = small_doc();
    const std::size_t n_spans = doc["spans"].size();
    doc["tasks"][0]["span_count"] = n_spans + 1;
    const std::string msg = load_error(doc.dump());
    EXPECT_NE(msg.find("condlab trace JSON: /tasks/0: range [0, "), std::string::npos) << msg;
    EXPECT_NE(msg.find("is outside \"spans\""), std::string::npos) << msg;

    doc = small_doc();
    doc["tasks"][0]["name"] = 100000;
    EXPECT_NE(load_error(doc.dump()).find("/tasks/0/name: index 100000 is outside \"strings\""),
              std::string::npos);

    doc = small_doc();
    doc["links"] = nlohmann::json::array(
        {{{"kind", "notify"}, {"from_step", 0}, {"task", 1}, {"to_step", 99999}}});
    EXPECT_NE(load_error(doc.dump()).find("/links/0/to_step: index 99999 is outside \"steps\""),
              std::string::npos);

    doc = small_doc();
    doc["tasks"][1]["id"] = doc["tasks"][0]["id"];
    EXPECT_NE(load_error(doc.dump()).find("/tasks/1/id: task ids must increase"),
              std::string::npos);

    doc = small_doc();
    doc["events"][0]["step"] = 100000;
    EXPECT_NE(load_error(doc.dump()).find("/events/0/step: index 100000 is outside \"steps\""),
              std::string::npos);
}

TEST_F(TraceJsonTest, UnknownKeysAreIgnored) {
    nlohmann::json doc = small_doc();
    doc["comment"] = "added by hand";
    doc["tasks"][0]["colour"] = "green";
    doc["analysis"] = {{"anything", 1}};
    EXPECT_NO_THROW((void)load_trace_json(doc.dump()));
}

TEST_F(TraceJsonTest, TryLoadReportsTheMessage) {
    std::string error;
    EXPECT_FALSE(try_load_trace_json("{\"format\": 1}", &error).has_value());
    EXPECT_EQ(error, "condlab trace JSON: /format: expected a string, got number");
    Loop loop;
    Recording r = lost_wakeup(loop);
    std::optional<Trace> t = try_load_trace_json(write_trace_json(*r.trace), &error);
    ASSERT_TRUE(t.has_value());
    EXPECT_EQ(t->step_count(), r.trace->step_count());
}

TEST_F(TraceJsonTest, ErrorCarriesWhereAndProblem) {
    try {
        (void)load_trace_json("{\"format\": \"condlab-trace\", \"version\": \"1\"}");
        FAIL() << "no error";
    } catch (const TraceJsonError& e) {
        EXPECT_EQ(e.where(), "/version");
        EXPECT_EQ(e.problem(), "expected an integer, got string");
    }
}
