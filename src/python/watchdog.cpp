// The wall-clock watchdog thread (watchdog.h).
#include "python/watchdog.h"

#include "python/interpreter.h"
#include "python/run_context.h"

namespace condlab::python {

Watchdog& Watchdog::instance() {
    static Watchdog* w = new Watchdog(); // never destroyed: its thread runs until exit
    return *w;
}

void Watchdog::arm(RunContext& run, double seconds, Py_tracefunc trace) {
    std::lock_guard lock(m_mutex);
    m_armed = true;
    ++m_generation;
    m_run = &run;
    m_trace = trace;
    m_thread_id = PyThread_get_thread_ident();
    m_tstate = PyThreadState_Get();
    m_deadline =
        run.budget_state.started + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                       std::chrono::duration<double>(seconds));
    if (!m_thread.joinable())
        m_thread = std::thread([this] { loop(); });
    // A deadline after the one the thread sleeps until needs no wake-up (two context
    // switches per run, a tenth of an explored run's time): it wakes then and sleeps on.
    if (m_deadline < m_sleeps_until)
        m_cv.notify_all();
}

void Watchdog::disarm() {
    std::lock_guard lock(m_mutex);
    m_armed = false;
    m_run = nullptr;
}

void Watchdog::loop() {
    std::unique_lock lock(m_mutex);
    while (true) {
        if (!m_armed) {
            m_sleeps_until = std::chrono::steady_clock::time_point::max();
            m_cv.wait(lock);
            continue;
        }
        m_sleeps_until = m_deadline;
        if (m_cv.wait_until(lock, m_sleeps_until) != std::cv_status::timeout || !m_armed ||
            std::chrono::steady_clock::now() < m_deadline)
            continue;
        const std::uint64_t generation = m_generation;
        lock.unlock();
        fire(generation);
        lock.lock();
    }
}

void Watchdog::fire(std::uint64_t generation) {
    PyGILState_STATE gil = PyGILState_Ensure(); // the runner is paused from here on
    {
        std::lock_guard lock(m_mutex);
        if (m_armed && m_generation == generation && m_run) {
            m_run->budget_state.watchdog_fired = true;
            // From now on the trace function raises at every program line (a program
            // catching the abort cannot go on), like a budget hit with line counting.
            _PyEval_SetTrace(m_tstate, m_trace, nullptr);
            PyThreadState_SetAsyncExc(m_thread_id, globals().abort_error.ptr());
            m_deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(100);
        }
    }
    PyGILState_Release(gil);
}

void consume_async_exception() {
    if (PyThreadState_Get()->async_exc == nullptr)
        return;
    PyObject* ns = PyDict_New();
    PyObject* r = ns ? PyRun_String("None", Py_eval_input, ns, ns) : nullptr;
    Py_XDECREF(r);
    Py_XDECREF(ns);
    PyErr_Clear();
}

} // namespace condlab::python
