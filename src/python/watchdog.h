#pragma once
// The wall-clock watchdog of runs without a trace function (ProgramOptions::count_lines off).
//
// Without a trace function nothing inside Python code checks the wall clock, so a thread
// does: at the deadline it takes the GIL (the running thread hands it over within the
// switch interval, 5 ms, at its next eval-breaker check) and raises the abort exception
// asynchronously in the running thread; again every 100 ms while the run goes on (the
// program might catch it). Loops that stay in C++ are stopped by the loop's own check.
#include <Python.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace condlab::python {

class RunContext;

class Watchdog {
  public:
    static Watchdog& instance();

    /// Fires `seconds` after run.budget_state.started unless disarmed first; firing installs
    /// `trace` (so a program that catches the abort stops at its next line) and raises the abort
    /// exception.
    void arm(RunContext& run, double seconds, Py_tracefunc trace);
    /// No wake-up: at its deadline the thread finds nothing armed.
    void disarm();

  private:
    Watchdog() = default;
    void loop();
    void fire(std::uint64_t generation);

    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::thread m_thread;
    bool m_armed = false;
    std::uint64_t m_generation = 0;
    RunContext* m_run = nullptr;
    Py_tracefunc m_trace = nullptr;
    unsigned long m_thread_id = 0;
    PyThreadState* m_tstate = nullptr;
    std::chrono::steady_clock::time_point m_deadline;
    // What the thread waits for: max while nothing is armed (it has not started: the same).
    std::chrono::steady_clock::time_point m_sleeps_until =
        std::chrono::steady_clock::time_point::max();
};

/// An abort the watchdog raised too late (the program had ended) is still pending: let it
/// be raised (and drop it) by running one trivial expression. Clearing it with
/// PyThreadState_SetAsyncExc(id, NULL) would leave CPython 3.11's eval breaker signalled
/// for good, which makes a traced frame spin forever on its RESUME instruction.
void consume_async_exception();

} // namespace condlab::python
