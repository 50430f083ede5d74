#include "runtime/coro.h"

namespace condlab {

namespace detail {
std::atomic<long> g_live_frames{0};
}

long live_coroutine_frames() noexcept {
    return detail::g_live_frames.load(std::memory_order_relaxed);
}

StepResult NativeDriver::throw_in(std::exception_ptr error) {
    if (!m_started) {
        // Python: throwing into a coroutine that never ran raises at once; the body never runs.
        m_stack.clear();
        StepResult r;
        r.kind = StepResult::Kind::Raised;
        r.error = std::move(error);
        return r;
    }
    m_pending = std::move(error);
    return drive();
}

StepResult NativeDriver::drive() {
    m_started = true;
    // Trampoline: resume the innermost coroutine until it yields to the task or the root ends.
    while (true) {
        Frame top = m_stack.back();
        top.handle.resume();
        if (m_yield) {
            StepResult r;
            r.kind = *m_yield;
            r.future = std::move(m_yielded);
            m_yield.reset();
            return r;
        }
        if (!top.handle.done())
            continue; // it awaited a child coroutine: run the child next
        m_stack.pop_back();
        if (!m_stack.empty())
            continue; // the parent picks up the child's result
        StepResult r;
        if (top.promise->error) {
            r.kind = StepResult::Kind::Raised;
            r.error = top.promise->error;
        } else {
            r.kind = StepResult::Kind::Returned;
            r.value = root_value();
        }
        return r;
    }
}

} // namespace condlab
