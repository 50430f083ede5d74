#pragma once
// A fix goal decided in a background thread (what the window does when the program changes):
// progress is atomic, cancel() stops it between two runs, and the cells decided so far can be
// read while it runs (poll version() each frame). check_fix_goal() is the synchronous form.
#include "lesson/fix_goal_check.h"

#include <atomic>
#include <cstdint>
#include <mutex>
#include <thread>

namespace condlab::lesson {

class FixGoalCheck {
  public:
    FixGoalCheck() = default;
    ~FixGoalCheck();
    FixGoalCheck(const FixGoalCheck&) = delete;
    FixGoalCheck& operator=(const FixGoalCheck&) = delete;

    /// Cancels a running check, then decides `goal` for `program` over the grid of `shipped`
    /// (both copied). Grid errors (fix_goal_axes()) throw here, before any thread starts.
    void start(const Lesson& program, const Lesson& shipped, const FixGoal& goal,
               RunFunction runner = {});
    /// Asks the thread to stop after its current run; returns at once.
    void cancel();
    /// Waits for the thread (after cancel() or completion).
    void wait();

    [[nodiscard]] bool running() const noexcept { return m_running.load(); }
    [[nodiscard]] std::size_t done() const noexcept { return m_done.load(); }
    [[nodiscard]] std::size_t total() const noexcept { return m_total.load(); }
    /// 0..1.
    [[nodiscard]] float progress() const noexcept;
    /// Increases each time a cell is decided (and when the check ends).
    [[nodiscard]] std::uint64_t version() const noexcept { return m_version.load(); }
    /// The cells decided so far (all of them once running() is false and it was not
    /// cancelled), with the counts; `cancelled` is set after cancel().
    [[nodiscard]] FixGoalResult snapshot() const;

  private:
    mutable std::mutex m_mutex; // guards m_result
    FixGoalResult m_result;
    std::atomic<bool> m_running{false};
    std::atomic<std::size_t> m_done{0}, m_total{0};
    std::atomic<std::uint64_t> m_version{0};
    std::jthread m_thread; // last member: joined first on destruction
};

} // namespace condlab::lesson
