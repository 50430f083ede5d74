#include "runtime/coro.h"

#include <mutex>
#include <vector>

namespace condlab {

namespace detail {

constinit thread_local FrameCount t_frame_count{};

namespace {
// The shares of running threads, and what ended threads left (frames may be created on one
// thread and destroyed on another, so a share can be negative).
struct Registry {
    std::mutex mutex;
    std::vector<FrameCount*> threads;
    long retired = 0;
};
Registry& registry() {
    static Registry* r = new Registry; // never destroyed: threads may end after main
    return *r;
}

struct Unregister {
    ~Unregister() {
        Registry& r = registry();
        std::lock_guard lock(r.mutex);
        r.retired += t_frame_count.live.load(std::memory_order_relaxed);
        t_frame_count.live.store(0, std::memory_order_relaxed);
        std::erase(r.threads, &t_frame_count);
    }
};
} // namespace

void register_frame_count() {
    thread_local Unregister unregister;
    (void)unregister;
    Registry& r = registry();
    std::lock_guard lock(r.mutex);
    r.threads.push_back(&t_frame_count);
    t_frame_count.registered = true;
}

} // namespace detail

long live_coroutine_frames() noexcept {
    detail::Registry& r = detail::registry();
    std::lock_guard lock(r.mutex);
    long n = r.retired;
    for (const detail::FrameCount* c : r.threads)
        n += c->live.load(std::memory_order_relaxed);
    return n;
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

// Inline: it ends nearly every step (a call here costs more than the copy of it).
[[gnu::always_inline]] inline StepResult NativeDriver::take_yield() {
    m_hot = m_stack.back().handle.address(); // resumed first at the next step
    StepResult r;
    r.kind = *m_yield;
    r.future = std::move(m_yielded);
    m_yield.reset();
    return r;
}

StepResult NativeDriver::drive() {
    m_started = true;
    if (m_hook) {
        std::exchange(m_hook, nullptr)->on_wake(*this);
        if (m_yield)
            return take_yield(); // the hook suspended again
    }
    // Trampoline: resume the innermost coroutine until it yields to the task or the root ends.
    while (true) {
        Frame top = m_stack.back();
        top.handle.resume();
        if (m_yield)
            return take_yield();
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
