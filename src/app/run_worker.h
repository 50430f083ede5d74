// Runs programs off the UI thread, so frames keep coming during a long run.
//
// One worker thread does every run (the embedded CPython has one interpreter and a GIL:
// all Python calls of the player stay on this thread) and builds the playhead index of the
// finished run; the UI thread polls take() each frame and adopts the result. Only the
// newest request matters: a request replaces one that has not started, and the result of
// an older run is dropped. stop() abandons the current request (the window keeps the
// previous trace) and ends the run at once: RunOptions::stop is checked where the budgets
// are (every 64 loop iterations, every 1024 program lines), so it ends within milliseconds
// with BudgetKind::Stopped and its summary ("stopped by you: task w at line 9") is kept
// for the window. A newer request ends a running older one the same way.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "app/playhead_index.h"
#include "lesson/explore_schedule.h"
#include "lesson/lesson.h"
#include "lesson/runner.h"

namespace condlab::app {

struct RunRequest {
    std::shared_ptr<const lesson::Lesson> lesson;
    lesson::Overrides overrides;
    lesson::RunOptions options;
    /// A schedule's strategy (options.timer_strategy points to it): lives as long as the run.
    std::shared_ptr<lesson::ScheduleStrategy> strategy{};
};

struct FinishedRun {
    std::uint64_t id = 0;
    std::unique_ptr<lesson::RunResult> result;
    PlayheadIndex index;
    double wall_ms = 0; ///< run + index
};

/// Runs `request` and builds its index (what the worker does; synchronous players call it).
FinishedRun execute_run(const lesson::RunFunction& run, RunRequest request, std::uint64_t id,
                        Observer* progress = nullptr);

class RunWorker {
  public:
    /// `on_finished` is called on the worker thread after each run (e.g. to wake the UI).
    explicit RunWorker(lesson::RunFunction run, std::function<void()> on_finished = {});
    ~RunWorker();
    RunWorker(const RunWorker&) = delete;
    RunWorker& operator=(const RunWorker&) = delete;

    /// Queues a run (replacing a queued one that has not started); returns its id.
    std::uint64_t submit(RunRequest request);
    /// The finished run of the newest request, once (non-blocking).
    std::optional<FinishedRun> take();
    /// Forgets the newest request and ends its run now: its result is dropped, its summary
    /// kept (stopped_summary()).
    void stop();
    /// The summary of the last run stop() ended ("stopped by you: ..."); empty after a
    /// newer submit().
    [[nodiscard]] std::string stopped_summary() const;
    /// No run is executing on the worker thread (a stopped run has ended).
    [[nodiscard]] bool idle() const;
    /// A request is queued or running and not yet taken or stopped.
    [[nodiscard]] bool busy() const;
    /// Seconds since the newest request was submitted (0 when not busy).
    [[nodiscard]] double busy_seconds() const;
    /// Steps (task slices) the current run has made so far.
    [[nodiscard]] std::uint64_t steps_so_far() const { return m_steps.load(); }
    /// Blocks until the newest request is finished (tests, screenshots).
    void wait();

  private:
    void loop();

    lesson::RunFunction m_run;
    std::function<void()> m_on_finished;
    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    std::optional<RunRequest> m_queued;
    std::uint64_t m_queued_id = 0;
    std::uint64_t m_wanted = 0; ///< id of the newest request (0: none wanted)
    std::optional<FinishedRun> m_done;
    std::chrono::steady_clock::time_point m_submitted{};
    std::atomic<std::uint64_t> m_steps{0};
    std::atomic<bool> m_stop{false}; ///< the executing run's RunOptions::stop
    bool m_executing = false;        ///< a run is executing (guarded by m_mutex)
    bool m_stopped_by_user = false;  ///< stop() ended the executing run
    std::string m_stopped_summary;
    std::uint64_t m_next_id = 1;
    bool m_quit = false;
    std::thread m_thread; ///< last: starts after the members it uses exist
};

} // namespace condlab::app
