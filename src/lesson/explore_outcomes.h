#pragma once
// Every outcome within a bound (the window's Explore view): runs the dfs explorer over every
// schedule with at most `bound` deviations (lesson/explore.h, no stop at a find) in a
// background thread and groups the runs by outcome ("complete", "deadlock",
// "exception ValueError", ...): how many schedules reach each, and the shortest example (the
// fewest deviations, the first found among equals) with its deviations in words and where
// each deviating timer lies (task, creation, deadline) for the timeline to mark.
#include "lesson/explore.h"

#include <atomic>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

namespace condlab::lesson {

/// A timer the example made early or late.
struct DeviatedTimer {
    TimerNumber number = 0;
    TaskId task = kNoTask;
    double created = 0;
    double when = 0;         // the deadline it got
    double default_when = 0; // the one the program asked for
};

struct OutcomeClass {
    std::string key; // "complete", "deadlock", "exception ValueError", "budget"
    Outcome outcome = Outcome::Complete;
    std::uint64_t count = 0; // schedules that end this way
    Schedule shortest;       // the fewest deviations
    // Filled once the search is over (one described run per class):
    std::vector<std::string> deviations; // in words, one per deviating timer
    std::string sentence;                // the whole, "… → deadlock"
    std::vector<DeviatedTimer> marks;
};

/// The key of a run's outcome: its outcome name, with the exception's class name.
std::string outcome_key(const RunResult& result);

struct OutcomeSurvey {
    std::vector<OutcomeClass> classes; // in order of first appearance (CPython's first)
    std::uint64_t explored = 0;
    bool exhaustive = false; // every schedule within the bound was run
    bool cancelled = false;
    std::string error; // the program does not run at all
};

/// Runs the survey synchronously (`stop` is checked after each schedule; `progress` gets the
/// count so far).
OutcomeSurvey survey_outcomes(const Lesson& lesson, const Overrides& overrides, int bound,
                              std::stop_token stop = {},
                              const std::function<void(std::uint64_t)>& progress = {});

/// A survey in a background thread (progress, cancel, the result when done).
class OutcomeSurveyJob {
  public:
    OutcomeSurveyJob() = default;
    ~OutcomeSurveyJob();
    OutcomeSurveyJob(const OutcomeSurveyJob&) = delete;
    OutcomeSurveyJob& operator=(const OutcomeSurveyJob&) = delete;

    /// Cancels a running survey, then starts one (lesson copied).
    void start(const Lesson& lesson, const Overrides& overrides, int bound);
    /// Asks the thread to stop after its current run; returns at once.
    void cancel();
    /// Waits for the thread.
    void wait();
    [[nodiscard]] bool running() const noexcept { return m_running.load(); }
    [[nodiscard]] std::uint64_t explored() const noexcept { return m_explored.load(); }
    /// Increases when a survey finishes.
    [[nodiscard]] std::uint64_t version() const noexcept { return m_version.load(); }
    /// The last finished survey (copy).
    [[nodiscard]] OutcomeSurvey result() const;

  private:
    mutable std::mutex m_mutex; // guards m_result
    OutcomeSurvey m_result;
    std::atomic<bool> m_running{false};
    std::atomic<std::uint64_t> m_explored{0}, m_version{0};
    std::jthread m_thread; // last member: joined first on destruction
};

} // namespace condlab::lesson
