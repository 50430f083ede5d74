// The timeline's pure layout: axis (trace position <-> x), view (offset, scale), lanes,
// object segments, markers, arrows, playhead and hit testing. No ImGui: everything here
// is unit tested (tests/app/test_timeline_layout.cpp); timeline_view.cpp only draws it.
//
// [SECTION] Axis
// [SECTION] View (offset, scale)
// [SECTION] Lanes, segments, markers
// [SECTION] Arrows and playhead
// [SECTION] Hit testing
//
// Positions
// ---------
// A trace position is a continuous *tick* (double): tick 2s is the beginning of step s,
// 2s+1 its end (see trace/trace.h). The axis maps ticks to *units* (double) and back;
// the view maps units to pixels: x = (u - offset) * scale. All in double precision, so
// deep zoom on a long trace stays exact.
//
// Axis modes
// ----------
// Steps are grouped by loop iteration. Each iteration group g has a body width W and is
// followed by a gap G(dt) before the next group, dt = time(g+1) - time(g). The steps of
// a group split its body equally; inside a step, the running half [2s, 2s+1) takes the
// first half of the step's width, the rest (2s+1 .. next step) the other half + any gap.
//   iteration: W = 1,         G(dt) = 0                 (each iteration equal width)
//   time:      W = fan,       G(dt) = dt                (units are seconds; sleeps to
//              scale; iterations at the same instant fanned out, `fan` each, where
//              fan = time_fan_fraction * max(finish time, 1e-3))
//   hybrid:    W = 1,         G(dt) = k * log2(1 + dt / t0)   (default)
//              Short sleeps are to scale (G ~ 1.44 k dt / t0 for dt << t0), long ones
//              compressed logarithmically: with t0 = 1 ms and k = 4, a 1 ms sleep is 4
//              iteration widths, 1 s about 40, 1000 s about 80.
#pragma once

#include "trace/trace.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace condlab {
struct OutcomeReport; // trace/analysis.h
} // namespace condlab

namespace condlab::app {

// ---------------------------------------------------------------------------
// [SECTION] Axis
// ---------------------------------------------------------------------------

enum class AxisMode : std::uint8_t { Iteration, Time, Hybrid };
const char* axis_mode_name(AxisMode mode) noexcept; // "iteration", "time", "hybrid"

struct AxisParams {
    double time_fan_fraction = 1e-3; ///< time mode: width of one iteration / run length
    double hybrid_t0 = 1e-3;         ///< hybrid: seconds that are "one unit of log"
    double hybrid_k = 4.0;           ///< hybrid: iteration widths per doubling of a sleep
};

class TimelineAxis {
  public:
    TimelineAxis() = default;
    TimelineAxis(const Trace& trace, AxisMode mode, const AxisParams& params = {});

    [[nodiscard]] AxisMode mode() const noexcept { return m_mode; }
    /// Units of the whole run (position of end_tick()).
    [[nodiscard]] double total_units() const noexcept {
        return m_tick_units.empty() ? 0.0 : m_tick_units.back();
    }
    [[nodiscard]] Tick end_tick() const noexcept {
        return m_tick_units.empty() ? 0 : static_cast<Tick>(m_tick_units.size() - 1);
    }
    /// Tick (continuous, clamped to [0, end_tick]) -> unit. O(1).
    [[nodiscard]] double tick_to_unit(double tick) const noexcept;
    /// Unit -> tick (continuous, clamped). O(log n). Inverse of tick_to_unit where the
    /// axis is strictly increasing.
    [[nodiscard]] double unit_to_tick(double unit) const noexcept;
    /// The step whose ticks contain `unit` (clamped to [0, steps - 1]).
    [[nodiscard]] StepId step_at_unit(double unit) const noexcept;

  private:
    AxisMode m_mode = AxisMode::Hybrid;
    std::vector<double> m_tick_units; // unit of every integer tick 0..end_tick
};

/// The narrowest step of `axis` in units (from a step's start to the next step's start).
[[nodiscard]] double narrowest_step_units(const TimelineAxis& axis);
/// The 6 px rule for zero-time moments: at fit zoom (the whole run over `lanes_width`
/// pixels) every step - every change of a task's state - should be at least `min_px` wide.
/// Returns `preferred` when its axis does that; else the iteration axis (no time gaps, so
/// the widest steps) when it is wider; else `preferred`.
[[nodiscard]] AxisMode readable_axis(const Trace& trace, AxisMode preferred, double lanes_width,
                                     double min_px = 6.0);

// ---------------------------------------------------------------------------
// [SECTION] View
// ---------------------------------------------------------------------------

/// x = (unit - offset) * scale, x relative to the left edge of the lanes' area.
struct TimelineView {
    double offset = 0.0;
    double scale = 1.0; // pixels per unit

    static constexpr double kMinScale = 1e-12;
    static constexpr double kMaxScale = 1e12;

    [[nodiscard]] double to_x(double unit) const noexcept { return (unit - offset) * scale; }
    [[nodiscard]] double to_unit(double x) const noexcept { return offset + x / scale; }
    /// Multiplies the scale by `factor`, keeping the unit under pixel `x` fixed.
    void zoom_at(double x, double factor) noexcept;
    /// Moves the content by `dx` pixels (positive: content moves right).
    void pan(double dx) noexcept { offset -= dx / scale; }
    /// Shows [0, total_units] in `width` pixels with `margin` pixels each side.
    void fit(double total_units, double width, double margin = 8.0) noexcept;
};

// ---------------------------------------------------------------------------
// [SECTION] Lanes, segments, markers
// ---------------------------------------------------------------------------

enum class LaneKind : std::uint8_t { Task, Lock, Condition, Object };

/// An object lane's state over [begin, next begin).
enum class SegmentState : std::uint8_t {
    Idle,            // nothing drawn (lock free, no waiters)
    Held,            // lock held
    HeldWithWaiters, // lock held while others wait
    Waiters,         // condition / event / semaphore / ...: `value` tasks waiting
    Set,             // event set
};
const char* segment_state_name(SegmentState s) noexcept;

struct ObjectSegment {
    Tick begin = 0;
    SegmentState state = SegmentState::Idle;
    std::uint32_t value = 0; // waiter count
    TaskId holder = kNoTask;
};

/// Ordered by significance (a cluster of markers shows its most significant kind).
/// cancel_requested: task.cancel() asked this task to stop (lesson 20); deadline: a timeout
/// fired on this task's wait (a timer woke a task that was not sleeping: wait_for,
/// asyncio.timeout) - the trace has no record of when the timer was created, so the mark
/// spans the wait it ended.
enum class EventMarkerKind : std::uint8_t {
    Notify,
    NotifyAll,
    EventSet,
    Output,
    CancelRequested,
    Deadline,
    Exception
};
const char* marker_kind_name(EventMarkerKind k) noexcept;

struct Marker {
    double tick = 0.0; // 2s + 0.5: the middle of the step's running part
    EventId event = kNoEvent;
    EventMarkerKind kind = EventMarkerKind::Notify;
    /// deadline: the tick the wait it ended began (the deadline was armed then or before);
    /// else -1.
    double since = -1.0;
    std::uint32_t link = 0; ///< deadline: index into trace.links()
};

/// The deadline of a Timeout or WaitFor timer (trace.timers()) on the lane of the task that
/// armed it, drawn from the moment it was armed: where the wait would time out, whether or
/// not it did. Sleep timers get none (the sleeping span already ends at its deadline), nor
/// do the program's own call_at / call_later callbacks.
struct DeadlineMark {
    std::uint32_t timer = 0; ///< index into trace.timers()
    double armed_tick = 0.0; ///< event_tick(armed_step)
    double tick = 0.0;       ///< the deadline: event_tick(its Timer step) when it fired, else
                             ///< deadline_tick(trace, when)
    double ended_tick = 0.0; ///< where the timer ended: == tick when it fired, event_tick of
                             ///< the cancelling step, or end_tick() when still pending
    bool reached = false;    ///< it fired (ended the wait / cancelled the block)
    bool past_end = false;   ///< the deadline is after the run's last step (drawn at its end)
};

/// Where virtual time `when` falls on the tick axis: tick_begin of a step at exactly that
/// time; between two steps, linearly between the end of the earlier and the beginning of the
/// later one; end_tick() when every step is earlier. (For a deadline that never fired.)
[[nodiscard]] double deadline_tick(const Trace& trace, double when);

/// The deadline mark of timer row `timer` of the trace, if it has one (a Timeout or WaitFor
/// timer armed by a task).
[[nodiscard]] std::optional<DeadlineMark> deadline_mark(const Trace& trace, std::uint32_t timer);
/// The deadline marks of the timers `task` armed, ordered by armed tick.
[[nodiscard]] std::vector<DeadlineMark> deadline_marks(const Trace& trace, TaskId task);

/// The kind of a deadline's timer in a person's words: "asyncio.timeout", "wait_for", ...
[[nodiscard]] const char* deadline_kind_text(TimerKind kind) noexcept;

struct Lane {
    LaneKind kind = LaneKind::Task;
    TaskId task = kNoTask;       // task lanes
    ObjectId object = kNoObject; // object lanes
    std::string name;            // task name / object name
    std::string detail;          // lane_detail(): "blocked 1.2 s" / "Lock" / "Condition"
    double blocked_time = 0.0;   // task lanes: virtual seconds spent blocked
    /// Task lanes of a deadlocked run: blocked when the run ended (OutcomeReport::blocked), so
    /// the last span never ends; drawn continuing past the end of the run.
    bool blocked_forever = false;
    double blocked_since = 0.0; // blocked_forever: virtual time it began waiting
    float y = 0.0f;             // top, relative to the lanes' area
    float h = 0.0f;
    std::vector<ObjectSegment> segments; // object lanes (idle ones kept: they end others)
    std::vector<Marker> markers;         // ordered by tick
    std::vector<DeadlineMark> deadlines; // task lanes: ordered by armed tick
};

struct LaneMetrics {
    float task_height = 20.0f;
    float object_height = 14.0f;
    float gap = 4.0f;
    float section_gap = 10.0f; // between task lanes and object lanes
};

struct TimelineLayout {
    std::vector<Lane> lanes; // tasks (by id), then objects (by id)
    float height = 0.0f;
    /// Lane index of a task / object (-1 if none).
    [[nodiscard]] int lane_of_task(TaskId t) const noexcept;
    [[nodiscard]] int lane_of_object(ObjectId o) const noexcept;
    /// The lane at y (-1 if none; gaps belong to no lane).
    [[nodiscard]] int lane_at(float y) const noexcept;
};

/// Lanes for every task and every Lock / Condition / Event / Semaphore / Queue / Barrier,
/// with segments, markers and blocked time. O(spans + events + changes).
/// `outcome`: the run's analysis outcome (its blocked tasks are blocked forever in a
/// deadlock); nullptr: analyze_outcome(trace) when the run deadlocked.
TimelineLayout build_layout(const Trace& trace, const LaneMetrics& m = {},
                            const OutcomeReport* outcome = nullptr);

/// A task lane's detail text: "blocked 1.2 s", or "blocked forever (since t=1.5 s)" when
/// blocked_forever, or "" when the task never waited on anything but time.
std::string lane_detail(const Lane& l);

/// Virtual seconds a task spent blocked (is_blocked(status)).
double blocked_time(const Trace& trace, TaskId task);

/// Short text for a duration in seconds ("0 s", "250 ms", "1.5 s", "12 µs").
std::string format_seconds(double s);

// ---------------------------------------------------------------------------
// [SECTION] Arrows and playhead
// ---------------------------------------------------------------------------

struct Arrow {
    std::uint32_t link = 0; // index into trace.links()
    LinkKind kind = LinkKind::Notify;
    int from_lane = -1;
    int to_lane = -1;
    double from_tick = 0.0; // 2 * from_step + 0.5
    double to_tick = 0.0;   // tick_begin(to_step)
};

/// Arrow for one link (notify -> woken task's resume, lock release -> next owner's grant),
/// or nullopt when it has no endpoint on a lane or never resumed.
std::optional<Arrow> arrow_for_link(const Trace& trace, const TimelineLayout& layout,
                                    std::uint32_t link_index);

/// Notify / Lock (and EventSet) arrows whose target step is in [first, last]; empty when
/// more than `max_count` would be produced (too dense to read: drawing them would cost
/// more than it shows). Links are ordered by to_step, so this is a binary search.
std::vector<Arrow> visible_arrows(const Trace& trace, const TimelineLayout& layout, StepId first,
                                  StepId last, std::size_t max_count);

/// The arrows into or out of task lane `lane` whose target step is in [first, last] (the
/// first `max_count`): drawn for the selected task even where visible_arrows() gives up.
std::vector<Arrow> lane_arrows(const Trace& trace, const TimelineLayout& layout, int lane,
                               StepId first, StepId last, std::size_t max_count);

/// The playhead's tick: the middle of step `s`'s running part.
constexpr double playhead_tick(StepId s) noexcept { return 2.0 * s + 0.5; }
/// The tick where events of step `s` are drawn (markers, arrow tails).
constexpr double event_tick(StepId s) noexcept { return 2.0 * s + 0.5; }

// ---------------------------------------------------------------------------
// [SECTION] Hit testing
// ---------------------------------------------------------------------------

struct Hit {
    int lane = -1;
    std::optional<std::size_t> span;     // task lane: index into trace.spans(task)
    std::optional<std::size_t> segment;  // object lane: index into lane.segments
    std::optional<std::size_t> marker;   // index into lane.markers
    std::optional<std::size_t> deadline; // index into lane.deadlines (when no marker is hit)
    Tick tick = 0;                       // the tick under x
};

/// What is at (x, y), both relative to the lanes' area. Markers win within
/// `marker_radius` pixels, then a deadline's tick; the span / segment covering the tick
/// under x is reported too.
Hit hit_test(const Trace& trace, const TimelineLayout& layout, const TimelineAxis& axis,
             const TimelineView& view, double x, float y, double marker_radius = 4.0);

/// Index of the span of `task` covering tick t (O(log n)).
std::size_t span_index_at(const Trace& trace, TaskId task, Tick t);
/// Index of the segment of an object lane covering tick t (0 if none).
std::size_t segment_index_at(const Lane& lane, Tick t);

} // namespace condlab::app
