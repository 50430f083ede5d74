#pragma once
// A scheduled callback that can be cancelled: what call_soon / call_at return.
#include "runtime/observer.h"
#include "runtime/ref_counted.h"
#include "runtime/unique_function.h"

namespace condlab {

class Loop;

class Handle : public RefCounted {
  public:
    /// Marks the callback cancelled; it will be skipped when its turn comes.
    /// A cancelled timer stays in the heap (counted) until the loop cleans it up.
    void cancel();
    [[nodiscard]] bool cancelled() const noexcept { return m_cancelled; }
    /// Deadline of a timer handle (0 for call_soon handles).
    [[nodiscard]] double when() const noexcept { return m_when; }
    [[nodiscard]] TimerId id() const noexcept { return m_id; }

  private:
    friend class Loop;
    Handle(Loop* loop, UniqueFunction<void()> fn, double when, TimerId id, bool timer)
        : m_timer(timer), m_loop(loop), m_when(when), m_id(id), m_fn(std::move(fn)) {}
    /// A timer whose callable is built in place (the loop sets the id when it is scheduled).
    template <class F>
    Handle(Loop* loop, F&& fn, double when)
        : m_timer(true), m_loop(loop), m_when(when), m_id(0), m_fn(std::forward<F>(fn)) {}

    /// Calls the callback in place (no move out of the handle), then drops it. cancel() from
    /// inside the callback leaves it alone until it returns.
    void run() {
        struct Done {
            Handle& h;
            ~Done() {
                h.m_running = false;
                h.m_fn = nullptr;
            }
        } done{*this};
        m_running = true;
        m_fn();
    }

    /// A timer again, with a new callable and deadline (Loop::new_timer reuses a spare one).
    template <class F> void reuse_as_timer(F&& fn, double when) {
        m_fn.emplace(std::forward<F>(fn));
        m_when = when;
        m_timer = true;
        m_cancelled = false;
        m_scheduled = false;
    }

    // The flags first: they fill the reference count's line (the tail of RefCounted), where
    // the loop reads them for every due timer, before the callback's line is fetched.
    bool m_timer;
    bool m_cancelled = false;
    bool m_scheduled = false; // still in the timer heap
    bool m_running = false;   // its callback is running (see run())
    Loop* m_loop;
    const void* m_hint = nullptr; // what the callback touches first (prefetched by the loop)
    double m_when;
    TimerId m_id;
    UniqueFunction<void()> m_fn;
};

using HandleRef = Ref<Handle>;

} // namespace condlab
