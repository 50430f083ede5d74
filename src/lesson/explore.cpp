// The schedule explorer (see explore.h and docs/timing-model.md).
//
// [SECTION] Options and one run
// [SECTION] Deviations: the alternatives at a choice point
// [SECTION] dfs
// [SECTION] random
// [SECTION] pct
// [SECTION] Shrinking and explore()
#include "lesson/explore.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <set>

namespace condlab::lesson {

// ---------------------------------------------------------------------------
// [SECTION] Options and one run
// ---------------------------------------------------------------------------

std::optional<ExploreStrategy> parse_explore_strategy(std::string_view text) {
    if (text == "dfs")
        return ExploreStrategy::Dfs;
    if (text == "random")
        return ExploreStrategy::Random;
    if (text == "pct")
        return ExploreStrategy::Pct;
    return std::nullopt;
}

namespace {

/// The outcomes a search looks for: the ways a schedule can make a run go wrong.
bool is_searched(OutcomeKind kind) noexcept {
    return kind == Outcome::Deadlock || kind == Outcome::Exception || kind == Outcome::Budget;
}

} // namespace

std::optional<OutcomeKind> parse_searched_outcome(std::string_view name) noexcept {
    const std::optional<OutcomeKind> kind = outcome_named(name);
    if (kind && is_searched(*kind))
        return kind;
    return std::nullopt;
}

std::optional<ExploreUntil> parse_explore_until(std::string_view text) {
    if (text == "any")
        return ExploreUntil::any();
    if (const std::optional<OutcomeKind> kind = parse_searched_outcome(text))
        return ExploreUntil::reaching(*kind);
    return std::nullopt;
}

bool meets(ExploreUntil until, Outcome outcome) noexcept {
    switch (until.which) {
    case ExploreUntil::Which::Any:
        return is_searched(outcome);
    case ExploreUntil::Which::Outcome:
        return outcome == until.outcome;
    case ExploreUntil::Which::Never:
        return false;
    }
    return false;
}

RunOptions ExploreOptions::quiet_run_options() {
    RunOptions o;
    o.line_trace = false;
    o.record_trace = false;
    o.analyze = false;
    return o;
}

RunResult run_schedule(const Lesson& lesson, const Schedule& schedule, RunOptions options,
                       ScheduleStrategy* record) {
    ScheduleStrategy own(schedule);
    options.timer_strategy = record ? record : &own;
    return run(lesson, schedule.overrides, options);
}

namespace {

/// One explored run: its outcome and what its strategy saw.
struct Observed {
    Outcome outcome = Outcome::Complete;
    std::vector<TimerRecord> timers;
    std::vector<ChoiceRecord> choices;
    std::map<TimerNumber, double> durations; // what it substituted (pct adds while running)
};

/// The state of one search: counts runs, stops on a find, the budget or a cancel.
struct Search {
    const Lesson& lesson;
    const ExploreOptions& options;
    Schedule base; // the overrides, no durations
    std::uint64_t runs = 0;
    std::uint64_t cap = 0; // 0: none
    bool stop = false;     // found, capped or cancelled
    bool cancelled = false;
    bool capped = false;
    std::optional<Schedule> found{};
    Outcome found_outcome = Outcome::Complete;
    std::set<std::map<TimerNumber, double>> seen{};

    Observed run_with(ScheduleStrategy& strategy, const Schedule& schedule,
                      RunResult* result = nullptr) {
        RunResult r = run_schedule(lesson, schedule, options.run, &strategy);
        ++runs;
        Observed o{r.outcome, strategy.timers(), strategy.choices(), strategy.durations()};
        if (options.on_run)
            options.on_run(Schedule{schedule.overrides, o.durations}, r);
        if (meets(options.until, o.outcome) && !found) {
            found = Schedule{schedule.overrides, o.durations};
            found_outcome = o.outcome;
            stop = true;
        }
        if (options.progress && !options.progress(runs)) {
            cancelled = true;
            stop = true;
        }
        if (cap && runs >= cap && !stop) {
            capped = true;
            stop = true;
        }
        if (result)
            *result = std::move(r);
        return o;
    }
    Observed run(const Schedule& schedule) {
        ScheduleStrategy s(schedule);
        return run_with(s, schedule);
    }
};

// ---------------------------------------------------------------------------
// [SECTION] Deviations: the alternatives at a choice point
// ---------------------------------------------------------------------------

struct Alternative {
    TimerNumber timer = 0;
    double duration = 0;
};

/// The deviations possible at choice point `c`, each one timer with a new duration (timers
/// the schedule already changes are left alone):
/// - a timer other than CPython's first fires first, alone (its deadline halfway between
///   the clock and CPython's first deadline); the first of a group of ties, alone;
/// - a timer due later fires together with CPython's group (its deadline = the group's);
/// - a member of a group of ties fires after the group (halfway to the next deadline).
std::vector<Alternative> alternatives(const Observed& run, std::size_t c,
                                      const std::map<TimerNumber, double>& fixed) {
    std::vector<Alternative> out;
    const ChoiceRecord& cp = run.choices[c];
    const std::size_t n = cp.pending.size();
    if (n == 0 || cp.due == 0)
        return out;
    const double first = cp.when[0];
    auto add = [&](std::size_t i, double when) {
        const TimerNumber t = cp.pending[i];
        if (fixed.contains(t))
            return;
        const double d = when - run.timers[t - 1].created;
        if (d >= kMinDuration && when >= cp.now + kMinDuration)
            out.push_back(Alternative{t, d});
    };
    const double early = cp.now + (first - cp.now) / 2;
    if (early < first) {
        for (std::size_t i = 1; i < n; ++i)
            add(i, early);
        if (cp.due > 1)
            add(0, early);
    }
    for (std::size_t i = cp.due; i < n; ++i)
        add(i, first);
    if (cp.due > 1) {
        const double next = cp.due < n ? cp.when[cp.due] : first + (first - cp.now);
        const double late = first + (next - first) / 2;
        if (late >= first + kMinDuration)
            for (std::size_t i = 0; i < cp.due; ++i)
                add(i, late);
    }
    return out;
}

Schedule with(const Schedule& s, const Alternative& a) {
    Schedule out = s;
    out.durations[a.timer] = a.duration;
    return out;
}

// ---------------------------------------------------------------------------
// [SECTION] dfs
// ---------------------------------------------------------------------------

void dfs(Search& search, const Schedule& node, const Observed& run, std::size_t after, int depth) {
    if (depth >= search.options.bound)
        return;
    for (std::size_t c = after; c < run.choices.size() && !search.stop; ++c) {
        for (const Alternative& a : alternatives(run, c, node.durations)) {
            if (search.stop)
                return;
            Schedule child = with(node, a);
            if (!search.seen.insert(child.durations).second)
                continue;
            Observed child_run = search.run(child);
            if (!search.stop)
                dfs(search, child, child_run, c + 1, depth + 1);
        }
    }
}

// ---------------------------------------------------------------------------
// [SECTION] random
// ---------------------------------------------------------------------------

void random_walks(Search& search, const Observed& root, std::uint64_t samples) {
    std::mt19937_64 rng(search.options.seed);
    for (std::uint64_t s = 0; s < samples && !search.stop; ++s) {
        Schedule node = search.base;
        Observed run = root;
        std::size_t after = 0;
        const int depth = 1 + static_cast<int>(rng() % std::max(1, search.options.bound));
        for (int d = 0; d < depth && !search.stop; ++d) {
            std::vector<std::pair<std::size_t, Alternative>> all;
            for (std::size_t c = after; c < run.choices.size(); ++c)
                for (const Alternative& a : alternatives(run, c, node.durations))
                    all.emplace_back(c, a);
            if (all.empty())
                break;
            const auto& [c, a] = all[rng() % all.size()];
            node = with(node, a);
            after = c + 1;
            run = search.run(node);
        }
    }
}

// ---------------------------------------------------------------------------
// [SECTION] pct
// ---------------------------------------------------------------------------

/// PCT over timers: each task gets a random priority (d + U[0,1)) when it first makes a
/// timer; at d-1 random timer creations (change points, among the k timers CPython's
/// schedule makes) the creating task drops to priority d-i, below every initial one. A new
/// timer's deadline is placed after the pending timers of tasks with at least its task's
/// priority and before those of lower priority; its own deadline is kept when it already
/// lies there.
class PctStrategy final : public ScheduleStrategy {
  public:
    PctStrategy(const Schedule& s, std::uint64_t seed, int depth, std::uint64_t k)
        : ScheduleStrategy(s), m_rng(seed), m_depth(depth) {
        for (int i = 1; i < depth && k > 0; ++i)
            m_change.emplace(1 + m_rng() % k, depth - i);
    }

  private:
    double priority(TaskId task) {
        auto [it, added] = m_priority.try_emplace(task, 0.0);
        if (added)
            it->second = m_depth + std::uniform_real_distribution<double>(0, 1)(m_rng);
        return it->second;
    }
    std::optional<double> choose(TimerNumber number, const TimerRecord& t) override {
        double p = priority(t.task);
        if (auto c = m_change.find(number); c != m_change.end())
            p = m_priority[t.task] = c->second;
        double higher = t.created, lower = std::numeric_limits<double>::infinity();
        for (const auto& [when, other] : pending_now()) {
            const double q = priority(timers()[other - 1].task);
            if (q >= p)
                higher = std::max(higher, when);
            else
                lower = std::min(lower, when);
        }
        if (t.default_when >= higher + kMinDuration && t.default_when < lower)
            return std::nullopt; // already in place
        const double when = std::isfinite(lower)
                                ? higher + (lower - higher) / 2
                                : higher + std::max(t.default_duration() / 2, 2 * kMinDuration);
        const double d = when - t.created;
        if (d < kMinDuration)
            return std::nullopt;
        return d;
    }

    std::mt19937_64 m_rng;
    int m_depth;
    std::map<TimerNumber, double> m_change; // timer number -> the priority its task drops to
    std::map<TaskId, double> m_priority;
};

void pct(Search& search, const Observed& root, std::uint64_t samples) {
    const std::uint64_t k = std::max<std::uint64_t>(1, root.timers.size());
    std::mt19937_64 seeds(search.options.seed);
    for (std::uint64_t s = 0; s < samples && !search.stop; ++s) {
        PctStrategy strategy(search.base, seeds(), search.options.bound + 1, k);
        search.run_with(strategy, search.base);
    }
}

// ---------------------------------------------------------------------------
// [SECTION] Shrinking and explore()
// ---------------------------------------------------------------------------

/// Drops substitutions while the outcome still meets `until`, one at a time, until none can
/// go: a schedule with the fewest deviations this greedy pass finds.
Schedule shrink(const Lesson& lesson, Schedule s, const ExploreOptions& options, Outcome& outcome,
                std::uint64_t& runs) {
    bool changed = true;
    while (changed && runs < 10000) {
        changed = false;
        for (auto it = s.durations.begin(); it != s.durations.end(); ++it) {
            Schedule smaller = s;
            smaller.durations.erase(it->first);
            RunResult r = run_schedule(lesson, smaller, options.run);
            ++runs;
            if (meets(options.until, r.outcome)) {
                s = std::move(smaller);
                outcome = r.outcome;
                changed = true;
                break;
            }
        }
    }
    return s;
}

} // namespace

ExploreResult explore(const Lesson& lesson, const Overrides& overrides,
                      const ExploreOptions& options) {
    ExploreResult result;
    Search search{lesson, options, Schedule{overrides, {}}};
    const bool dfs_search = options.strategy == ExploreStrategy::Dfs;
    search.cap = dfs_search ? options.runs : 0;
    // CPython's own schedule first: an error there is the program's, not a timing's.
    RunResult first;
    ScheduleStrategy root_strategy(search.base);
    Observed root = search.run_with(root_strategy, search.base, &first);
    if (first.outcome == Outcome::UsageError || first.outcome == Outcome::SyntaxError) {
        result.outcome = first.outcome;
        result.error = first.summary.empty() ? first.stderr_text : first.summary;
        return result;
    }
    result.default_outcome = root.outcome;
    search.seen.insert({});
    if (!search.stop) {
        const std::uint64_t samples = options.runs ? options.runs : 1000;
        switch (options.strategy) {
        case ExploreStrategy::Dfs:
            dfs(search, search.base, root, 0, 0);
            break;
        case ExploreStrategy::Random:
            random_walks(search, root, samples);
            break;
        case ExploreStrategy::Pct:
            pct(search, root, samples);
            break;
        }
    }
    result.explored = search.runs;
    result.cancelled = search.cancelled;
    result.exhaustive = dfs_search && !search.found && !search.capped && !search.cancelled;
    if (!search.found)
        return result;
    result.found = true;
    result.outcome = search.found_outcome;
    result.schedule = shrink(lesson, *search.found, options, result.outcome, result.shrink_runs);
    ScheduleWords words = describe_schedule(lesson, result.schedule, options.run);
    result.deviations = std::move(words.deviations);
    result.sentence = std::move(words.sentence);
    result.summary = words.run.summary;
    result.outcome = words.run.outcome;
    return result;
}

} // namespace condlab::lesson
