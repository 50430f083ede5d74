#pragma once
// Helpers for the trace tests: run a native scenario with a Recorder attached, render
// spans as golden strings, check structural invariants.
#include "runtime/coro.h"
#include "runtime/loop.h"
#include "runtime/task.h"
#include "trace/analysis.h"
#include "trace/recorder.h"

#include <gtest/gtest.h>

#include <memory>
#include <source_location>
#include <string>
#include <vector>

namespace condlab::testing {

/// Concatenates strings (avoids `"lit" + std::string&&`, which trips g++ 12's
/// -Wrestrict false positive at -O2). FIXME(gcc12): PR105329.
template <class... A> std::string cat(const A&... parts) {
    std::string out;
    (out.append(std::string_view(parts)), ...);
    return out;
}

/// Checks no native coroutine frame outlives a test.
class FrameLeakCheckBase : public ::testing::Test {
  protected:
    void SetUp() override { m_frames = live_coroutine_frames(); }
    void TearDown() override { EXPECT_EQ(live_coroutine_frames(), m_frames) << "leaked frames"; }

  private:
    long m_frames = 0;
};

/// The SourceLoc of the caller (what the Python layer would report).
inline SourceLoc here(std::source_location l = std::source_location::current()) {
    return SourceLoc{l.file_name(), static_cast<std::uint32_t>(l.line())};
}

struct Recorded {
    RunOutcome outcome;
    std::shared_ptr<const Trace> trace;
};

/// asyncio.run(coro) with a Recorder attached.
template <class T> Recorded record_run(Loop& loop, Coro<T> coro, const Budget& budget = {}) {
    Recorder rec;
    loop.set_observer(&rec);
    Recorded r;
    r.outcome = loop.run(make_backend(std::move(coro)), budget);
    loop.set_observer(nullptr);
    r.trace = rec.finish_shared(r.outcome);
    return r;
}

/// A task's spans as "status(object)@iteration", e.g. "waiting_on_condition(cond)@3".
inline std::vector<std::string> span_list(const Trace& t, TaskId task) {
    std::vector<std::string> out;
    for (const SpanView& s : t.spans(task)) {
        std::string e = status_id(s.status);
        if (s.object != kNoObject) {
            e += '(';
            e += t.object_name(s.object);
            e += ')';
        }
        e += '@';
        e += std::to_string(t.point(s.begin).iteration);
        out.push_back(std::move(e));
    }
    return out;
}

inline TaskId task_named(const Trace& t, std::string_view name) {
    for (const TaskRecord& r : t.tasks())
        if (t.str(r.name) == name)
            return r.id;
    ADD_FAILURE() << "no task named " << name;
    return kNoTask;
}

inline ObjectId object_named(const Trace& t, std::string_view name) {
    for (const ObjectRecord& r : t.objects())
        if (t.object_name(r.id) == name)
            return r.id;
    ADD_FAILURE() << "no object named " << name;
    return kNoObject;
}

inline std::vector<DiagnosticKind> diagnostic_kinds(const std::vector<Diagnostic>& ds) {
    std::vector<DiagnosticKind> out;
    for (const Diagnostic& d : ds)
        out.push_back(d.kind);
    return out;
}

inline std::size_t count_kind(const std::vector<Diagnostic>& ds, DiagnosticKind k) {
    std::size_t n = 0;
    for (const Diagnostic& d : ds)
        n += d.kind == k;
    return n;
}

/// Structural invariants every recorded trace must satisfy.
inline void check_invariants(const Trace& t) {
    const Tick end = t.end_tick();
    ASSERT_GT(t.step_count(), 0u);
    // Steps: events grouped, times and iterations non-decreasing.
    for (StepId s = 0; s < t.step_count(); ++s) {
        const Step& st = t.steps()[s];
        if (s > 0) {
            EXPECT_GE(st.time, t.steps()[s - 1].time);
            EXPECT_GE(st.iteration, t.steps()[s - 1].iteration);
            EXPECT_GE(st.first_event, t.steps()[s - 1].first_event);
        }
        for (const TraceEvent& e : t.step_events(s))
            EXPECT_EQ(e.step, s);
        if (st.kind == StepKind::Task) {
            EXPECT_EQ(t.task_state_at(st.task, s), TaskStatus::Running) << "step " << s;
            EXPECT_NE(t.task_state_after(st.task, s), TaskStatus::Running) << "step " << s;
        }
    }
    // Spans: cover [0, end) without gaps, no empty span, Running only on own steps.
    for (const TaskRecord& r : t.tasks()) {
        std::vector<SpanView> spans = t.spans(r.id);
        ASSERT_FALSE(spans.empty());
        EXPECT_EQ(spans.front().begin, 0u);
        EXPECT_EQ(spans.front().status, TaskStatus::NotStarted);
        EXPECT_EQ(spans.back().end, end);
        for (std::size_t i = 0; i < spans.size(); ++i) {
            EXPECT_LT(spans[i].begin, spans[i].end) << t.task_name(r.id) << " span " << i;
            if (i)
                EXPECT_EQ(spans[i].begin, spans[i - 1].end);
            if (spans[i].status == TaskStatus::Running) {
                EXPECT_FALSE(tick_is_end(spans[i].begin));
                EXPECT_EQ(spans[i].end, spans[i].begin + 1);
                const Step& st = t.steps()[tick_step(spans[i].begin)];
                EXPECT_EQ(st.task, r.id);
            }
        }
    }
    // Links point forward.
    for (const Link& l : t.links())
        if (l.to_step != kNoStep)
            EXPECT_LT(l.from_step, l.to_step);
}

} // namespace condlab::testing
