// A compare computed off the UI thread (the window): the two runs and their comparison on a
// thread of their own, the result adopted by the UI thread when it is in. The embedded
// CPython serialises runs (python::RunLock), so a compare waits for a player run and back.
#pragma once

#include "lesson/compare.h"

#include <atomic>
#include <chrono>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

namespace condlab::app {

class CompareJob {
  public:
    using Work = std::function<lesson::CompareResult()>;
    /// Starts `work` on its own thread.
    explicit CompareJob(Work work);
    /// Joins the thread (the runs end within their budgets).
    ~CompareJob();
    CompareJob(const CompareJob&) = delete;
    CompareJob& operator=(const CompareJob&) = delete;

    [[nodiscard]] bool finished() const { return m_finished.load(); }
    /// The result once finished (once; rethrows what the work threw).
    [[nodiscard]] lesson::CompareResult take();
    /// Seconds since the job started.
    [[nodiscard]] double seconds() const;
    /// Blocks until finished (screenshots, tests).
    void wait();

  private:
    std::chrono::steady_clock::time_point m_started = std::chrono::steady_clock::now();
    std::mutex m_mutex;
    std::optional<lesson::CompareResult> m_result;
    std::exception_ptr m_error;
    std::atomic<bool> m_finished{false};
    std::thread m_thread; ///< last: starts after the members it uses exist
};

inline CompareJob::CompareJob(Work work)
    : m_thread([this, work = std::move(work)] {
          std::optional<lesson::CompareResult> result;
          std::exception_ptr error;
          try {
              result = work();
          } catch (...) {
              error = std::current_exception();
          }
          std::lock_guard lock(m_mutex);
          m_result = std::move(result);
          m_error = error;
          m_finished.store(true);
      }) {}

inline CompareJob::~CompareJob() {
    if (m_thread.joinable())
        m_thread.join();
}

inline lesson::CompareResult CompareJob::take() {
    wait();
    std::lock_guard lock(m_mutex);
    if (m_error)
        std::rethrow_exception(m_error);
    lesson::CompareResult out = std::move(*m_result);
    m_result.reset();
    return out;
}

inline double CompareJob::seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_started).count();
}

inline void CompareJob::wait() {
    if (m_thread.joinable())
        m_thread.join();
}

} // namespace condlab::app
