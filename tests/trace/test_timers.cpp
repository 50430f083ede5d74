// Armed timers in the trace (TraceData::timers + TimerArmed events): kind, arming task and
// line, deadline, and how each ended, for every kind the runtime arms; their JSON round trip
// (format version 2, version 1 still read) and their Chrome trace spans.
#include "trace_test_support.h"

#include "runtime/gather.h"
#include "runtime/sleep.h"
#include "runtime/timeout.h"
#include "runtime/wait_for.h"
#include "trace/chrome_trace.h"
#include "trace/trace_json.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

using namespace condlab;
using namespace condlab::testing;

namespace {

class TraceTimers : public FrameLeakCheckBase {};

const char* const kFile = "lesson.py"; // what the Python layer would pass

Coro<std::any> idle(Loop& loop, double delay) {
    std::any r = co_await sleep(loop, delay);
    co_return r;
}

// Line 10: sleep(0.5) fires. Line 11: `async with timeout(1.0): await sleep(0.2)`: the
// body ends first, the timeout is cancelled. Line 12: wait_for(idle(5), 0.25) times out,
// the inner task's sleep is cancelled. Line 13: a call_later(100) still pending at the end.
Coro<void> timers_main(Loop& loop, Recorder& rec) {
    rec.line_executed(SourceLoc{kFile, 10});
    std::any slept = co_await sleep(loop, 0.5);
    rec.line_executed(SourceLoc{kFile, 11});
    Ref<Timeout> cm = timeout(loop, 1.0);
    cm->enter();
    try {
        slept = co_await sleep(loop, 0.2);
    } catch (...) {
        cm->exit(std::current_exception());
        throw;
    }
    cm->exit(nullptr);
    rec.line_executed(SourceLoc{kFile, 12});
    try {
        Awaitable aw = to_awaitable(idle(loop, 5.0));
        std::any r = co_await wait_for(loop, std::move(aw), 0.25);
        ADD_FAILURE() << "wait_for did not time out";
    } catch (const PyError& e) {
        EXPECT_EQ(e.type(), "TimeoutError");
    }
    rec.line_executed(SourceLoc{kFile, 13});
    HandleRef h = loop.call_later(
        100.0, [] {}, nullptr, TimerKind::Callback);
}

Coro<void> nothing() { co_return; }

Recorded record_timers(Loop& loop) {
    Recorder rec;
    loop.set_observer(&rec);
    Recorded r;
    r.outcome = loop.run(make_backend(timers_main(loop, rec)));
    loop.set_observer(nullptr);
    r.trace = rec.finish_shared(r.outcome);
    return r;
}

std::string row_text(const Trace& t, const TimerRecord& r) {
    char when[32];
    std::snprintf(when, sizeof when, "%.2f", r.when);
    return cat(timer_kind_name(r.kind), " ", r.task == kNoTask ? "-" : t.task_name(r.task), " @",
               std::to_string(t.line(r.where)), " t=", when, " ", timer_end_name(r.end));
}

TEST_F(TraceTimers, RecordsKindTaskLineDeadlineAndEnd) {
    Loop loop;
    const Recorded r = record_timers(loop);
    ASSERT_EQ(r.outcome.kind, OutcomeKind::Complete);
    const Trace& t = *r.trace;
    check_invariants(t);
    const std::string main = t.task_name(t.run().main_task);
    std::vector<std::string> rows;
    for (const TimerRecord& x : t.timers())
        rows.push_back(row_text(t, x));
    // The inner task of wait_for has no line of its own (it never ran a traced line).
    const std::string inner = t.task_name(t.timers()[4].task);
    EXPECT_NE(inner, main);
    EXPECT_EQ(rows, (std::vector<std::string>{
                        cat("sleep ", main, " @10 t=0.50 fired"),
                        cat("timeout ", main, " @11 t=1.50 cancelled"),
                        cat("sleep ", main, " @11 t=0.70 fired"),
                        cat("wait_for ", main, " @12 t=0.95 fired"),
                        cat("sleep ", inner, " @0 t=5.70 cancelled"),
                        cat("callback ", main, " @13 t=100.95 pending"),
                    }));

    for (std::size_t i = 0; i < t.timers().size(); ++i) {
        const TimerRecord& x = t.timers()[i];
        EXPECT_EQ(t.timer(x.id), &x);
        if (i > 0)
            EXPECT_GT(x.id, t.timers()[i - 1].id);
        // Its TimerArmed event: in the arming step, by the arming task, pointing at the row.
        const std::span<const TraceEvent> armed = t.step_events(x.armed_step);
        const auto e = std::find_if(armed.begin(), armed.end(), [&](const TraceEvent& ev) {
            return ev.kind == EventKind::TimerArmed && ev.a == i;
        });
        ASSERT_NE(e, armed.end()) << rows[i];
        EXPECT_EQ(e->task, x.task);
        EXPECT_EQ(e->b, x.where);
        EXPECT_EQ(static_cast<TimerId>(e->value), x.id);
        EXPECT_EQ(t.steps()[x.armed_step].task, x.task);
        // Its end: a Timer step opened by its TimerFired; a cancellation after arming.
        if (x.end == TimerEnd::Pending) {
            EXPECT_EQ(x.end_step, kNoStep);
            continue;
        }
        ASSERT_LT(x.end_step, t.step_count());
        EXPECT_GE(x.end_step, x.armed_step);
        if (x.end == TimerEnd::Fired) {
            EXPECT_EQ(t.steps()[x.end_step].kind, StepKind::Timer);
            const TraceEvent& first = t.step_events(x.end_step).front();
            EXPECT_EQ(first.kind, EventKind::TimerFired);
            EXPECT_EQ(static_cast<TimerId>(first.value), x.id);
            EXPECT_DOUBLE_EQ(t.steps()[x.end_step].time, x.when);
        } else {
            EXPECT_LT(t.steps()[x.end_step].time, x.when);
        }
    }
    EXPECT_EQ(t.timer(0), nullptr);
}

TEST_F(TraceTimers, JsonRoundTrip) {
    Loop loop;
    const Recorded r = record_timers(loop);
    const std::string text = write_trace_json(*r.trace);
    const Trace again = load_trace_json(text);
    EXPECT_EQ(write_trace_json(again), text);
    ASSERT_EQ(again.timers().size(), r.trace->timers().size());
    for (std::size_t i = 0; i < again.timers().size(); ++i) {
        const TimerRecord& a = again.timers()[i];
        const TimerRecord& b = r.trace->timers()[i];
        EXPECT_EQ(a.id, b.id);
        EXPECT_EQ(a.when, b.when);
        EXPECT_EQ(a.task, b.task);
        EXPECT_EQ(a.where, b.where);
        EXPECT_EQ(a.armed_step, b.armed_step);
        EXPECT_EQ(a.end_step, b.end_step);
        EXPECT_EQ(a.kind, b.kind);
        EXPECT_EQ(a.end, b.end);
    }
    const nlohmann::json doc = nlohmann::json::parse(text);
    EXPECT_EQ(doc["version"], 2);
    EXPECT_EQ(doc["timers"][1]["kind"], "timeout");
    EXPECT_EQ(doc["timers"][1]["end"], "cancelled");
    EXPECT_EQ(doc["timers"][5]["end"], "pending");
    EXPECT_FALSE(doc["timers"][5].contains("end_step"));
}

TEST_F(TraceTimers, JsonRejectsBadTimers) {
    Loop loop;
    const Recorded r = record_timers(loop);
    const nlohmann::json good = nlohmann::json::parse(write_trace_json(*r.trace));
    auto error = [](const nlohmann::json& doc) {
        std::string e;
        EXPECT_FALSE(try_load_trace_json(doc.dump(), &e).has_value());
        return e;
    };
    nlohmann::json doc = good;
    doc["timers"][0]["kind"] = "alarm";
    EXPECT_EQ(error(doc), "condlab trace JSON: /timers/0/kind: unknown timer kind \"alarm\"");
    doc = good;
    doc["timers"][5]["end"] = "fired"; // an end without an end step
    EXPECT_EQ(error(doc), "condlab trace JSON: /timers/5/end_step: a pending timer has no end "
                          "step, an ended one has one");
    doc = good;
    doc["timers"].erase(5); // the last TimerArmed event now points past the table
    EXPECT_NE(error(doc).find("is outside \"timers\" (5 rows)"), std::string::npos);
    // Version 1 had no timers: without timer events it still loads.
    Loop plain;
    const Recorded none = record_run(plain, nothing());
    nlohmann::json v1 = nlohmann::json::parse(write_trace_json(*none.trace));
    ASSERT_TRUE(v1["timers"].empty());
    v1["version"] = 1;
    v1.erase("timers");
    EXPECT_TRUE(try_load_trace_json(v1.dump()).has_value());
}

TEST_F(TraceTimers, ChromeTraceHasOneSpanPerTimer) {
    Loop loop;
    const Recorded r = record_timers(loop);
    const nlohmann::json doc = nlohmann::json::parse(write_chrome_trace(*r.trace));
    std::vector<std::string> begins;
    int ends = 0;
    for (const nlohmann::json& e : doc["traceEvents"]) {
        if (e.value("cat", "") != "timer")
            continue;
        if (e["ph"] == "b")
            begins.push_back(e["name"].get<std::string>() + " " +
                             e["args"]["end"].get<std::string>());
        else
            ++ends;
    }
    EXPECT_EQ(begins, (std::vector<std::string>{
                          "sleep deadline t=0.5 fired", "timeout deadline t=1.5 cancelled",
                          "sleep deadline t=0.7 fired", "wait_for deadline t=0.95 fired",
                          "sleep deadline t=5.7 cancelled", "callback deadline t=100.95 pending"}));
    EXPECT_EQ(ends, 6);
}

} // namespace
