// Chrome Trace Event JSON: golden file and a structural check of what Perfetto needs
// (X slices nest per track, flows pair up and bind to slices, async spans close,
// metadata names every track), plus the time mapping.
#include "exporter_test_support.h"
#include "runtime/runtime_test_support.h"

#include "trace/chrome_trace.h"
#include "trace/trace_json.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

using namespace condlab;
using namespace condlab::testing::exporters;
using nlohmann::json;

namespace {

class ChromeTraceTest : public condlab::testing::FrameLeakCheck {};

struct Slice {
    std::int64_t ts = 0;
    std::int64_t end = 0;
};

/// True when [ts] lies inside some X slice of `slices` (begin <= ts < end).
bool inside_some(const std::vector<Slice>& slices, std::int64_t ts) {
    return std::any_of(slices.begin(), slices.end(),
                       [&](const Slice& s) { return s.ts <= ts && ts < s.end; });
}

/// Counts found by the structural check, for scenario-specific assertions.
struct ChromeSummary {
    std::size_t slices = 0, flows = 0, async_spans = 0, counters = 0, thread_instants = 0;
    std::vector<std::string> global_instants;
    std::map<std::string, std::int64_t> max_counter; // "name/arg" -> max value
    std::set<std::string> flow_names;
};

/// The structural check: everything ui.perfetto.dev relies on.
ChromeSummary check_chrome(const std::string& text) {
    ChromeSummary sum;
    json doc;
    try {
        doc = json::parse(text);
    } catch (const std::exception& e) {
        ADD_FAILURE() << "not JSON: " << e.what();
        return sum;
    }
    EXPECT_TRUE(doc.is_object());
    EXPECT_EQ(doc.value("displayTimeUnit", ""), "ms");
    const json& events = doc["traceEvents"];
    EXPECT_TRUE(events.is_array());

    std::map<std::int64_t, std::vector<Slice>> x_by_tid;
    std::set<std::int64_t> used_tids, named_tids, sorted_tids;
    using FlowKey = std::tuple<std::string, std::string, std::int64_t>;    // cat, name, id
    std::map<FlowKey, std::pair<int, int>> flow_count;                     // s, f
    std::map<FlowKey, std::pair<std::int64_t, std::int64_t>> flow_ts;      // s.ts, f.ts
    std::vector<std::tuple<std::int64_t, std::int64_t, bool>> flow_points; // tid, ts, is_start
    std::map<FlowKey, std::vector<std::pair<char, std::int64_t>>> async_events;

    for (const json& e : events) {
        EXPECT_TRUE(e.contains("name") && e["name"].is_string()) << e.dump();
        EXPECT_TRUE(e.contains("ph") && e["ph"].is_string()) << e.dump();
        EXPECT_EQ(e.value("pid", -1), kChromePid) << e.dump();
        const std::string ph = e["ph"];
        const std::int64_t tid = e.value("tid", std::int64_t{-1});
        if (ph == "M") {
            if (e["name"] == "thread_name") {
                EXPECT_FALSE(e["args"]["name"].get<std::string>().empty());
                named_tids.insert(tid);
            } else if (e["name"] == "thread_sort_index") {
                EXPECT_TRUE(e["args"]["sort_index"].is_number_integer());
                sorted_tids.insert(tid);
            }
            continue;
        }
        used_tids.insert(tid);
        EXPECT_TRUE(e["ts"].is_number_integer()) << e.dump();
        const std::int64_t ts = e["ts"];
        EXPECT_GE(ts, 0) << e.dump();
        if (ph == "X") {
            EXPECT_TRUE(e["dur"].is_number_integer()) << e.dump();
            const std::int64_t dur = e["dur"];
            EXPECT_GE(dur, 0) << e.dump();
            x_by_tid[tid].push_back({ts, ts + dur});
            ++sum.slices;
        } else if (ph == "s" || ph == "f") {
            const FlowKey key{e.value("cat", ""), e["name"], e["id"].get<std::int64_t>()};
            if (ph == "s") {
                ++flow_count[key].first;
                flow_ts[key].first = ts;
            } else {
                EXPECT_EQ(e.value("bp", ""), "e") << e.dump();
                ++flow_count[key].second;
                flow_ts[key].second = ts;
            }
            flow_points.emplace_back(tid, ts, ph == "s");
            sum.flow_names.insert(e["name"]);
        } else if (ph == "b" || ph == "e") {
            const FlowKey key{e.value("cat", ""), e["name"], e["id"].get<std::int64_t>()};
            async_events[key].emplace_back(ph[0], ts);
        } else if (ph == "C") {
            EXPECT_TRUE(e["args"].is_object() && !e["args"].empty()) << e.dump();
            for (const auto& [k, v] : e["args"].items()) {
                EXPECT_TRUE(v.is_number()) << e.dump();
                std::int64_t& m = sum.max_counter[e["name"].get<std::string>() + "/" + k];
                m = std::max(m, v.get<std::int64_t>());
            }
            ++sum.counters;
        } else if (ph == "i") {
            const std::string scope = e.value("s", "");
            EXPECT_TRUE(scope == "t" || scope == "g") << e.dump();
            if (scope == "g")
                sum.global_instants.push_back(e["name"]);
            else
                ++sum.thread_instants;
        } else {
            ADD_FAILURE() << "unexpected phase " << ph;
        }
    }

    // Metadata names and orders every track in use.
    for (std::int64_t tid : used_tids) {
        EXPECT_TRUE(named_tids.contains(tid)) << "no thread_name for tid " << tid;
        EXPECT_TRUE(sorted_tids.contains(tid)) << "no thread_sort_index for tid " << tid;
    }

    // X slices on one track nest: no partial overlap.
    for (auto& [tid, slices] : x_by_tid) {
        std::vector<Slice> sorted = slices;
        std::sort(sorted.begin(), sorted.end(), [](const Slice& a, const Slice& b) {
            return a.ts != b.ts ? a.ts < b.ts : a.end > b.end;
        });
        std::vector<Slice> stack;
        for (const Slice& s : sorted) {
            while (!stack.empty() && stack.back().end <= s.ts)
                stack.pop_back();
            if (!stack.empty()) {
                EXPECT_LE(s.end, stack.back().end)
                    << "tid " << tid << ": [" << s.ts << ", " << s.end << ") overlaps ["
                    << stack.back().ts << ", " << stack.back().end << ")";
            }
            stack.push_back(s);
        }
    }

    // Every flow start has exactly one finish, later, and both bind to a slice.
    for (const auto& [key, n] : flow_count) {
        EXPECT_EQ(n.first, 1) << "flow " << std::get<2>(key) << " starts";
        EXPECT_EQ(n.second, 1) << "flow " << std::get<2>(key) << " finishes";
        EXPECT_LT(flow_ts[key].first, flow_ts[key].second) << "flow " << std::get<2>(key);
        ++sum.flows;
    }
    for (const auto& [tid, ts, start] : flow_points)
        EXPECT_TRUE(inside_some(x_by_tid[tid], ts))
            << (start ? "flow start" : "flow finish") << " at " << ts << " on tid " << tid
            << " is not inside a slice";

    // Async spans: every "b" has its "e" (same cat, name, id), in order.
    for (const auto& [key, seq] : async_events) {
        int open = 0;
        std::int64_t last = -1;
        for (const auto& [ph, ts] : seq) {
            EXPECT_GE(ts, last);
            last = ts;
            open += ph == 'b' ? 1 : -1;
            EXPECT_GE(open, 0) << "\"e\" without \"b\" for id " << std::get<2>(key);
            EXPECT_LE(open, 1) << "overlapping holds of id " << std::get<2>(key);
            sum.async_spans += ph == 'b';
        }
        EXPECT_EQ(open, 0) << "\"b\" without \"e\" for id " << std::get<2>(key);
    }
    return sum;
}

} // namespace

TEST_F(ChromeTraceTest, LostWakeupGolden) {
    Loop loop;
    Recording r = lost_wakeup(loop);
    ASSERT_EQ(r.outcome.kind, OutcomeKind::Deadlock);
    expect_golden("lost_wakeup.chrome.json", write_chrome_trace(*r.trace));
}

TEST_F(ChromeTraceTest, LostWakeupStructure) {
    Loop loop;
    Recording r = lost_wakeup(loop);
    const ChromeSummary s = check_chrome(write_chrome_trace(*r.trace));
    EXPECT_EQ(s.global_instants, (std::vector<std::string>{"DEADLOCK"}));
    EXPECT_GT(s.slices, 10u);
    EXPECT_GE(s.async_spans, 2u); // the producer's and the consumer's hold of cond.lock
    EXPECT_EQ(s.max_counter.at("cond waiters/waiters"), 1);
    EXPECT_FALSE(s.flow_names.contains("notify")); // the notify woke nobody
}

TEST_F(ChromeTraceTest, HerdStructure) {
    Loop loop;
    Recording r = herd(loop);
    const std::string text = write_chrome_trace(*r.trace);
    expect_golden("herd.chrome.json", text);
    const ChromeSummary s = check_chrome(text);
    EXPECT_EQ(s.global_instants, (std::vector<std::string>{"COMPLETED"}));
    EXPECT_TRUE(s.flow_names.contains("notify"));
    EXPECT_EQ(s.max_counter.at("cond waiters/waiters"), 3);
    EXPECT_EQ(s.thread_instants, 3u); // "took N" printed by each consumer
    std::size_t notify_links = 0;
    for (const Link& l : r.trace->links())
        notify_links += l.kind == LinkKind::Notify && l.to_step != kNoStep;
    EXPECT_GE(notify_links, 3u);
    EXPECT_GE(s.flows, notify_links);
}

TEST_F(ChromeTraceTest, KitchenSinkStructure) {
    Loop loop;
    Recording r = kitchen_sink(loop);
    const ChromeSummary s = check_chrome(write_chrome_trace(*r.trace));
    EXPECT_EQ(s.global_instants, (std::vector<std::string>{"COMPLETED"}));
    EXPECT_TRUE(s.flow_names.contains("lock")); // worker#1's release -> worker#2's grant
    EXPECT_GE(s.async_spans, 2u);
    EXPECT_GE(s.thread_instants, 4u); // outputs, the exception, the warning
}

TEST_F(ChromeTraceTest, SameAfterJsonRoundTrip) {
    Loop loop;
    Recording r = herd(loop);
    EXPECT_EQ(write_chrome_trace(*r.trace),
              write_chrome_trace(load_trace_json(write_trace_json(*r.trace))));
}

TEST_F(ChromeTraceTest, TimeMapGivesStepsWidthAndKeepsSleepsToScale) {
    Loop loop;
    Recording r = lost_wakeup(loop);
    const Trace& t = *r.trace;
    const ChromeTimeMap map(t);
    std::int64_t offset = 0;
    for (StepId s = 0; s < t.step_count(); ++s) {
        EXPECT_LT(map.step_begin(s), map.step_end(s));
        if (s + 1 < t.step_count())
            EXPECT_LT(map.step_end(s), map.step_begin(s + 1));
        // begin = round(time * 1e6) + accumulated widths
        EXPECT_EQ(map.step_begin(s), std::llround(t.steps()[s].time * 1e6) + offset);
        offset += map.step_end(s) - map.step_begin(s) + 1;
        EXPECT_EQ(map.tick(tick_begin(s)), map.step_begin(s));
        EXPECT_EQ(map.tick(tick_end(s)), map.step_end(s));
        for (EventId e = t.step_first_event(s); e < t.step_first_event(s + 1); ++e) {
            EXPECT_EQ(map.event_step(e), s);
            if (map.slot(e) >= 0) {
                EXPECT_GT(map.event_begin(e), map.step_begin(s) + 1);
                EXPECT_LT(map.event_begin(e) + 2, map.step_end(s));
            }
        }
    }
    // The producer notifies at t=0.5 and the consumer waits from t=1.5: one virtual
    // second apart, i.e. about 1 000 000 µs (plus a few µs of step widths).
    StepId notify = kNoStep, wait = kNoStep;
    for (const TraceEvent& e : t.events()) {
        if (e.kind == EventKind::Primitive && e.op == PrimitiveOp::ConditionNotify)
            notify = e.step;
        if (e.kind == EventKind::Primitive && e.op == PrimitiveOp::ConditionWait)
            wait = e.step;
    }
    ASSERT_NE(notify, kNoStep);
    ASSERT_NE(wait, kNoStep);
    const std::int64_t gap = map.step_begin(wait) - map.step_begin(notify);
    EXPECT_GE(gap, 1'000'000);
    EXPECT_LT(gap, 1'000'100);
    EXPECT_EQ(gap, 1'000'024); // docs/trace-json.md quotes this figure
    EXPECT_EQ(map.tick(t.end_tick()), map.step_begin(static_cast<StepId>(t.step_count())));
    EXPECT_EQ(map.end(), map.tick(t.end_tick()));
    // Open spans are drawn on for a tail after the end of the run.
    EXPECT_EQ(map.tail_end(),
              map.end() + std::max<std::int64_t>(1000, (map.end() - map.step_begin(0)) / 10));
}

TEST_F(ChromeTraceTest, EmptyTraceIsValid) {
    const ChromeSummary s = check_chrome(write_chrome_trace(Trace{}));
    EXPECT_EQ(s.slices, 0u);
    EXPECT_EQ(s.global_instants, (std::vector<std::string>{"COMPLETED"}));
}
