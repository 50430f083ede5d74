#include "runtime/timeout.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace condlab {

namespace {
const char* state_value(Timeout::State s) {
    switch (s) {
    case Timeout::State::Created:
        return "created";
    case Timeout::State::Entered:
        return "active";
    case Timeout::State::Expiring:
        return "expiring";
    case Timeout::State::Expired:
        return "expired";
    case Timeout::State::Exited:
        return "finished";
    }
    return "?";
}

/// Python's repr of round(x, 3) for the common cases (shortest round-trip form).
std::string float_repr(double x) {
    double r = std::round(x * 1000.0) / 1000.0;
    char buf[64];
    for (int prec = 1; prec <= 17; ++prec) {
        std::snprintf(buf, sizeof buf, "%.*g", prec, r);
        if (std::strtod(buf, nullptr) == r)
            break;
    }
    std::string s = buf;
    if (s.find_first_of(".eEn") == std::string::npos)
        s += ".0";
    return s;
}
} // namespace

Timeout::Timeout(Loop& loop, std::optional<double> when) : m_loop(&loop), m_when(when) {}

Timeout::~Timeout() {
    // The timer callback points at this object without owning it (no Timeout <-> handle
    // cycle); a Timeout dropped while armed must not fire.
    if (m_timeout_handler)
        m_timeout_handler->cancel();
}

void Timeout::reschedule(std::optional<double> when) {
    if (m_state != State::Entered) {
        if (m_state == State::Created)
            throw python_runtime_error("Timeout has not been entered");
        throw python_runtime_error(std::string("Cannot change state of ") + state_value(m_state) +
                                   " Timeout");
    }
    m_when = when;
    if (m_timeout_handler)
        m_timeout_handler->cancel();
    if (!when)
        m_timeout_handler = nullptr;
    else if (*when <= m_loop->time())
        m_timeout_handler = m_loop->call_soon_handle([this] { on_timeout(); });
    else
        m_timeout_handler = m_loop->call_at(
            *when, [this] { on_timeout(); }, nullptr, TimerKind::Timeout);
}

std::string Timeout::repr() const {
    std::string info;
    if (m_state == State::Entered)
        info = std::string(" when=") + (m_when ? float_repr(*m_when) : "None");
    return std::string("<Timeout [") + state_value(m_state) + "]" + info + ">";
}

void Timeout::enter() {
    if (m_state != State::Created)
        throw python_runtime_error("Timeout has already been entered");
    TaskState* task = m_loop->current_task();
    if (task == nullptr)
        throw python_runtime_error("Timeout should be used inside a task");
    m_state = State::Entered;
    m_task = Task(task);
    m_cancelling = task->cancelling();
    reschedule(m_when);
}

void Timeout::exit(std::exception_ptr exc) {
    if (m_timeout_handler) {
        m_timeout_handler->cancel();
        m_timeout_handler = nullptr;
    }
    if (m_state == State::Expiring) {
        m_state = State::Expired;
        Task task = std::move(m_task);
        bool exactly_cancelled = false;
        if (exc) {
            try {
                std::rethrow_exception(exc);
            } catch (const PyError& e) {
                exactly_cancelled = e.type() == "CancelledError";
            } catch (...) {
            }
        }
        // No new cancel requests since enter(): this timeout is handling it.
        if (task->uncancel() <= m_cancelling && exactly_cancelled) {
            PyError err = timeout_error();
            err.set_cause(exc);
            throw err;
        }
    } else if (m_state == State::Entered) {
        m_state = State::Exited;
        m_task = nullptr;
    }
}

void Timeout::on_timeout() {
    m_task->cancel();
    m_state = State::Expiring;
    m_timeout_handler = nullptr; // drop the reference early
}

Ref<Timeout> timeout(Loop& loop, std::optional<double> delay) {
    return make_ref<Timeout>(loop,
                             delay ? std::optional<double>(loop.time() + *delay) : std::nullopt);
}

Ref<Timeout> timeout_at(Loop& loop, std::optional<double> when) {
    return make_ref<Timeout>(loop, when);
}

} // namespace condlab
