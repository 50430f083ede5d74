#pragma once
// A schedule (docs/timing-model.md): the durations it substitutes, per timer creation number,
// plus the program's parameter overrides; its JSON file; and the timer strategy that applies
// it to a run and records what the run's timers and choice points were.
#include "lesson/lesson.h"
#include "runtime/timer_strategy.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace condlab::lesson {

/// Timers are numbered from 1 in creation order (every call_at of the run counts).
using TimerNumber = std::uint64_t;

/// "Cancel now" (docs/timing-model.md): task.cancel() of the `task`-th created task, delivered
/// by a timer at `at` pushed at the choice point whose clock is before `at` and whose next
/// deadline is not before it (runtime CancelFork). `point` > 0 instead delivers it at that
/// choice point (1-based) with the clock unchanged: a what-if CPython cannot replay (the
/// window says so), used when no deadline fits between the clock and the next timer.
struct CancelAt {
    TaskId task = kNoTask;
    double at = 0;
    std::uint64_t point = 0;
    [[nodiscard]] bool reproducible() const { return point == 0; }
    friend bool operator==(const CancelAt&, const CancelAt&) = default;
};

struct Schedule {
    Overrides overrides;
    /// Timer number -> the duration it gets (seconds after its creation, >= 1e-9).
    std::map<TimerNumber, double> durations;
    std::vector<CancelAt> cancels{};
    /// Every cancel can be replayed by the reference harness.
    [[nodiscard]] bool reproducible() const;
    friend bool operator==(const Schedule&, const Schedule&) = default;
};

/// The smallest substituted duration: a timer never falls due in the iteration it is made.
inline constexpr double kMinDuration = 1e-9;

/// One timer of a run.
struct TimerRecord {
    TimerId id = 0;
    TaskId task = kNoTask;
    double created = 0;            // the clock when it was made
    double default_when = 0;       // the deadline the program asked for
    double when = 0;               // the deadline it got
    bool immediate = false;        // due at once (never substituted: not a choice)
    std::uint64_t fired_group = 0; // 1-based choice point whose group fired it (0: never)
    std::uint32_t fired_rank = 0;  // its place in that group (0 first)
    bool settled = false;          // fired or cancelled, as the last choice point saw
    [[nodiscard]] double default_duration() const { return default_when - created; }
};

/// A choice point of a run, the pending timers by number in CPython's firing order.
struct ChoiceRecord {
    double now = 0;
    std::vector<TimerNumber> pending;
    std::vector<double> when; // their deadlines, same order
    std::size_t due = 0;      // the group CPython fires next: pending[0, due)
};

/// Applies a schedule's durations when timers are made and records the run's timers and
/// choice points. Subclasses may choose durations while the run goes (random, pct).
class ScheduleStrategy : public TimerStrategy {
  public:
    explicit ScheduleStrategy(const Schedule& schedule)
        : m_durations(schedule.durations), m_cancels(schedule.cancels),
          m_delivered(schedule.cancels.size(), 0) {}
    double timer_deadline(TimerId id, TaskId task, double now, double when) override;
    void choice_point(const ChoicePoint& point) override;
    std::optional<CancelFork> fork(double now, double next_when) override;

    /// Timers by number - 1.
    [[nodiscard]] const std::vector<TimerRecord>& timers() const { return m_timers; }
    [[nodiscard]] const std::vector<ChoiceRecord>& choices() const { return m_choices; }
    /// The durations this run substituted (the schedule's, and those chosen while running).
    [[nodiscard]] const std::map<TimerNumber, double>& durations() const { return m_durations; }
    /// Per schedule cancel (same order): the 1-based choice point it was delivered at (0:
    /// never, the run did not reach its place).
    [[nodiscard]] const std::vector<std::uint64_t>& cancels_delivered() const {
        return m_delivered;
    }

  protected:
    /// A duration for timer `number` that has none in the schedule (default: keep its own).
    /// Not called for immediate timers.
    virtual std::optional<double> choose(TimerNumber /*number*/, const TimerRecord& /*timer*/) {
        return std::nullopt;
    }
    /// Deadlines of the timers pending now (not cancelled, not fired), with their numbers.
    [[nodiscard]] std::vector<std::pair<double, TimerNumber>> pending_now() const;

  private:
    std::map<TimerNumber, double> m_durations;
    std::vector<TimerRecord> m_timers;
    std::vector<ChoiceRecord> m_choices;
    std::map<TimerId, TimerNumber> m_by_id;
    std::vector<CancelAt> m_cancels;
    std::vector<std::uint64_t> m_delivered;
};

/// Writes a schedule file (docs/timing-model.md); `notes` (the deviations in words) are for
/// readers only.
std::string schedule_to_json(const Schedule& schedule, const std::string& program,
                             const std::vector<std::string>& notes = {});
/// Reads one. Throws std::runtime_error("PATH: cause") for a bad file.
Schedule load_schedule(const std::string& path);
Schedule parse_schedule(const std::string& text, const std::string& path);

} // namespace condlab::lesson
