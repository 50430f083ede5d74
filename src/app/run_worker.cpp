// Runs programs off the UI thread (run_worker.h).
#include "app/run_worker.h"

#include "app/startup_clock.h"

#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <utility>

namespace condlab::app {

namespace {

/// Counts the steps of the running program (the progress the window shows).
class StepCounter : public Observer {
  public:
    explicit StepCounter(std::atomic<std::uint64_t>& steps) : m_steps(steps) {}
    void on_task_running(TaskId /*task*/) override {
        m_steps.fetch_add(1, std::memory_order_relaxed);
    }
    void on_callback(TimerId /*handle*/) override {
        m_steps.fetch_add(1, std::memory_order_relaxed);
    }

  private:
    std::atomic<std::uint64_t>& m_steps;
};

} // namespace

FinishedRun execute_run(const lesson::RunFunction& run, RunRequest request, std::uint64_t id,
                        Observer* progress) {
    const auto t0 = std::chrono::steady_clock::now();
    FinishedRun done;
    done.id = id;
    if (progress != nullptr && request.options.extra_observer == nullptr)
        request.options.extra_observer = progress;
    // The start-up report (startup_clock.h) shows where the process's first run falls.
    static std::atomic<bool> reported_first_run{false};
    const bool first_run = !reported_first_run.exchange(true);
    if (first_run)
        report_startup_phase("first run started (worker)");
    done.result = std::make_unique<lesson::RunResult>(
        run(*request.lesson, request.overrides, request.options));
    if (first_run)
        report_startup_phase("first run finished (worker)");
    done.index = build_playhead_index(done.result->trace.get());
    done.wall_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    return done;
}

RunWorker::RunWorker(lesson::RunFunction run, std::function<void()> on_finished)
    : m_run(std::move(run)), m_on_finished(std::move(on_finished)), m_thread([this] { loop(); }) {}

RunWorker::~RunWorker() {
    {
        std::lock_guard lock(m_mutex);
        m_quit = true;
        m_queued.reset();
    }
    m_cv.notify_all();
    m_thread.join();
}

std::uint64_t RunWorker::submit(RunRequest request) {
    std::uint64_t id = 0;
    {
        std::lock_guard lock(m_mutex);
        id = m_next_id++;
        m_queued = std::move(request);
        m_queued_id = id;
        m_wanted = id;
        m_done.reset();
        m_submitted = std::chrono::steady_clock::now();
        m_stopped_summary.clear();
        if (m_executing)
            m_stop.store(true); // its result would be dropped: end it now
    }
    m_cv.notify_all();
    return id;
}

std::optional<FinishedRun> RunWorker::take() {
    std::lock_guard lock(m_mutex);
    if (!m_done || m_done->id != m_wanted)
        return std::nullopt;
    std::optional<FinishedRun> out = std::move(m_done);
    m_done.reset();
    m_wanted = 0;
    return out;
}

void RunWorker::stop() {
    std::lock_guard lock(m_mutex);
    m_queued.reset();
    if (m_executing && m_wanted != 0) {
        m_stop.store(true);
        m_stopped_by_user = true;
    }
    m_wanted = 0;
    m_done.reset();
    m_cv.notify_all();
}

std::string RunWorker::stopped_summary() const {
    std::lock_guard lock(m_mutex);
    return m_stopped_summary;
}

bool RunWorker::idle() const {
    std::lock_guard lock(m_mutex);
    return !m_executing && !m_queued;
}

bool RunWorker::busy() const {
    std::lock_guard lock(m_mutex);
    return m_wanted != 0;
}

double RunWorker::busy_seconds() const {
    std::lock_guard lock(m_mutex);
    if (m_wanted == 0)
        return 0.0;
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_submitted).count();
}

void RunWorker::wait() {
    std::unique_lock lock(m_mutex);
    m_cv.wait(lock, [this] { return m_wanted == 0 || (m_done && m_done->id == m_wanted); });
}

void RunWorker::loop() {
    // The window's frames come first: on a busy machine the run yields the CPU to them
    // (Linux: a thread's nice value is its own).
    ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 10);
    StepCounter counter(m_steps);
    std::unique_lock lock(m_mutex);
    while (true) {
        m_cv.wait(lock, [this] { return m_quit || m_queued.has_value(); });
        if (m_quit)
            return;
        RunRequest request = std::move(*m_queued);
        const std::uint64_t id = m_queued_id;
        m_queued.reset();
        m_executing = true;
        m_stopped_by_user = false;
        m_stop.store(false);
        request.options.stop = &m_stop;
        lock.unlock();
        m_steps.store(0);
        FinishedRun done = execute_run(m_run, std::move(request), id, &counter);
        lock.lock();
        m_executing = false;
        if (m_stopped_by_user && done.result)
            m_stopped_summary = done.result->summary;
        if (id == m_wanted) {
            m_done = std::move(done);
        } else {
            // Dropped (stopped or superseded): free it outside the lock.
            lock.unlock();
            done = FinishedRun{};
            lock.lock();
        }
        m_cv.notify_all();
        if (m_on_finished)
            m_on_finished();
    }
}

} // namespace condlab::app
