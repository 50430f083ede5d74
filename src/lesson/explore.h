#pragma once
// The schedule explorer (docs/timing-model.md): re-runs a program from scratch once per
// schedule, with line tracing off and the schedule's durations substituted, until one run
// ends the way --until asks; then shrinks that schedule to the fewest deviations and says
// in words what it changed.
//
//   dfs     every schedule with at most `bound` deviations (a deviation: one timer made to
//           fire earlier or later than CPython's order for the program's own durations),
//           deviations at increasing choice points; exhaustive for the bound, no pruning.
//   random  `runs` random walks of 1..bound deviations from CPython's schedule (seeded).
//   pct     `runs` runs of PCT (Burckhardt et al., ASPLOS 2010) over tasks' timers (seeded).
#include "lesson/explore_schedule.h"
#include "lesson/runner.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace condlab::lesson {

enum class ExploreStrategy : std::uint8_t { Dfs, Random, Pct };

/// What ends the search: a run with one outcome of the table, any outcome but complete, or
/// none (the survey of every outcome, explore_outcomes.h).
struct ExploreUntil {
    enum class Which : std::uint8_t { Any, Outcome, Never };
    Which which = Which::Any;
    OutcomeKind outcome = OutcomeKind::Deadlock; // Which::Outcome: the one that ends it

    static constexpr ExploreUntil any() noexcept { return {}; }
    static constexpr ExploreUntil never() noexcept { return {Which::Never}; }
    static constexpr ExploreUntil reaching(OutcomeKind kind) noexcept {
        return {Which::Outcome, kind};
    }
    bool operator==(const ExploreUntil&) const = default;
};

/// The outcomes a search can be asked to reach (--until, `# goal: schedule`): deadlock,
/// exception or budget, by their names in the outcome table (nullopt: another word).
[[nodiscard]] std::optional<OutcomeKind> parse_searched_outcome(std::string_view name) noexcept;

/// "dfs" / "random" / "pct" and "any" or parse_searched_outcome's names (nullopt: unknown).
std::optional<ExploreStrategy> parse_explore_strategy(std::string_view text);
std::optional<ExploreUntil> parse_explore_until(std::string_view text);
[[nodiscard]] bool meets(ExploreUntil until, Outcome outcome) noexcept;

struct ExploreOptions {
    ExploreStrategy strategy = ExploreStrategy::Dfs;
    int bound = 2;          // K: deviations (dfs, random), change points (pct)
    std::uint64_t runs = 0; // dfs: a cap (0: none); random / pct: samples (0: 1000)
    std::uint64_t seed = 1; // random / pct
    ExploreUntil until = ExploreUntil::any();
    RunOptions run = quiet_run_options();
    /// Called after each schedule with the count so far; false cancels the search.
    std::function<bool(std::uint64_t)> progress{};
    /// Called after each schedule with the durations it used and its result.
    std::function<void(const Schedule&, const RunResult&)> on_run{};

    /// Line tracing, trace and analysis off: what one explored run needs.
    static RunOptions quiet_run_options();
};

struct ExploreResult {
    bool found = false;
    Outcome outcome = Outcome::Complete; // of the counterexample (or of the default run)
    Schedule schedule;                   // the counterexample, shrunk (empty if none)
    /// Its deviations in words, one per substituted timer, and the whole in one line:
    /// "producer's `sleep(2.0)` at line 67 ends before consumer's `sleep(1.0)` at line 58
    /// → deadlock".
    std::vector<std::string> deviations;
    std::string sentence;
    std::string summary;                         // the counterexample run's summary line
    std::uint64_t explored = 0;                  // schedules run by the search (not the shrinking)
    std::uint64_t shrink_runs = 0;               // runs spent shrinking
    bool exhaustive = false;                     // dfs ran every schedule within the bound
    bool cancelled = false;                      // progress() said stop
    Outcome default_outcome = Outcome::Complete; // CPython's own schedule
    std::string error;                           // usage / syntax error of the default run
};

/// Runs `lesson` with `overrides` once per schedule until one meets options.until.
ExploreResult explore(const Lesson& lesson, const Overrides& overrides,
                      const ExploreOptions& options);

/// One run with a schedule's durations (and its overrides). `record`, when given, is the
/// strategy used (it then records the run's timers and choice points); it must have been
/// made from `schedule`.
RunResult run_schedule(const Lesson& lesson, const Schedule& schedule, RunOptions options,
                       ScheduleStrategy* record = nullptr);

/// The deviations of `schedule` in words (one run with an observer that notes each timer's
/// task and line), and their sentence ending "→ <outcome>".
struct ScheduleWords {
    std::vector<std::string> deviations;
    std::string sentence;
    RunResult run;
    /// What the run's strategy recorded, and every timer in words by number - 1
    /// ("consumer's `sleep(1.0)` at line 66"): the window's event-loop mode.
    std::vector<TimerRecord> timers;
    std::vector<ChoiceRecord> choices;
    std::vector<std::string> timer_names;
};
ScheduleWords describe_schedule(const Lesson& lesson, const Schedule& schedule,
                                const RunOptions& options);

} // namespace condlab::lesson
