#pragma once
// Chrome Trace Event JSON for ui.perfetto.dev and chrome://tracing.
//
//   std::string text = write_chrome_trace(trace); // {"traceEvents":[...],"displayTimeUnit":"ms"}
//
// What is in it (docs/trace-json.md, "Chrome Trace Event export"):
//   - pid 1 ("condlab"); one thread track per task (tid = task id) named by thread_name
//     metadata and ordered by thread_sort_index; an "event loop" track (tid kLoopTid)
//     for callbacks, timers and loop steps, counters and the outcome instant;
//   - state slices ("X", cat "state"), one per span, back to back on the task's track;
//   - each recorded operation as a small nested "X" slice (cat "op") inside the running
//     slice of its step: "cond.notify", "lock.release", "create_task", ...;
//   - causal links as flow arrows: "s" inside the source operation's slice, "f" with
//     "bp":"e" inside the woken task's next running slice (same id, cat "wake", name =
//     the link kind: "notify", "lock", "event_set", ...);
//   - lock holds as async "b"/"e" spans (cat "lock", id = lock object id);
//   - every armed timer as an async "b"/"e" span (cat "timer", id = timer id) on the track
//     of the task that armed it, from its arming step to the step it fired or was
//     cancelled in (on to the tail if pending), named "<kind> deadline t=<when>";
//   - counters ("C"): condition and lock waiter counts, semaphore values, queue sizes;
//   - output lines, exceptions and warnings as thread instants ("i", "s":"t");
//   - a global instant ("i", "s":"g") for the outcome: DEADLOCK, EXCEPTION, ...
//
// Time mapping (virtual time keeps its scale, every step gets width):
//   m(s)   = number of marked events of step s (every event but Line / ObjectCreated /
//            TimerArmed)
//   W(s)   = 2 + 3 m(s)                      µs: the width of step s
//   B(0)   = round(time(0) * 1e6)
//   B(s+1) = round(time(s+1) * 1e6) + sum_{k <= s} (W(k) + 1)
//   tick_begin(s) -> B(s), tick_end(s) -> B(s) + W(s), end of the trace -> B(N)
//   the k-th marked event of s: slice [B(s) + 2 + 3k, B(s) + 4 + 3k), its flow start or
//   instant at B(s) + 3 + 3k; a flow finish at B(to_step) + 1.
// So 1 s of virtual time is 1 000 000 µs and consecutive steps are a few µs apart.
// Spans (and lock holds) still open when the run ended are drawn on for a tail of
// max(1000 µs, 10% of B(N) - B(0)) after B(N), so that the final states (waiting on
// cond, done, ...) stay visible; the outcome instant sits at B(N).
#include "trace/trace.h"

#include <cstdint>
#include <string>
#include <vector>

namespace condlab {

/// The tid of the event loop's own track.
inline constexpr std::int64_t kChromeLoopTid = 1'000'000'000;
inline constexpr std::int64_t kChromePid = 1;

/// The tick -> microseconds mapping described above.
class ChromeTimeMap {
  public:
    explicit ChromeTimeMap(const Trace& trace);

    [[nodiscard]] std::int64_t step_begin(StepId s) const noexcept;
    [[nodiscard]] std::int64_t step_end(StepId s) const noexcept;
    [[nodiscard]] std::int64_t tick(Tick t) const noexcept;
    /// B(N): the end of the run (where the outcome instant is drawn).
    [[nodiscard]] std::int64_t end() const noexcept { return m_begin.back(); }
    /// Where spans still open at the end of the run are drawn to.
    [[nodiscard]] std::int64_t tail_end() const noexcept;
    /// Slot of a marked event within its step (-1 for Line / ObjectCreated / TimerArmed).
    [[nodiscard]] int slot(EventId e) const noexcept;
    /// The step an event belongs to (by the steps' event ranges).
    [[nodiscard]] StepId event_step(EventId e) const noexcept;
    /// Start of the slice of a marked event (its step's begin + 1 if unmarked).
    [[nodiscard]] std::int64_t event_begin(EventId e) const noexcept;
    /// Middle of the slice of a marked event: where its flow starts / its instant sits.
    [[nodiscard]] std::int64_t event_mid(EventId e) const noexcept;

    /// Whether an event of this kind gets a slot in its step.
    static bool is_marked(EventKind kind) noexcept;

  private:
    std::vector<std::int64_t> m_begin; // per step, plus one for the end of the trace
    std::vector<std::int64_t> m_width; // per step
    std::vector<std::int32_t> m_slot;  // per event
    std::vector<StepId> m_event_step;  // per event
};

/// The trace as Chrome Trace Event JSON (one event per line, deterministic bytes).
std::string write_chrome_trace(const Trace& trace);

} // namespace condlab
