#pragma once
// The seam between a task and the coroutine it drives. Native C++ coroutines and
// (in src/python) Python coroutines both implement it; the task's step / wake-up /
// cancel machinery is the same for both.
#include "runtime/ref_counted.h"
#include "runtime/small_alloc.h"

#include <any>
#include <exception>
#include <string>

namespace condlab {

class FutureState;

/// What one `coro.send(None)` / `coro.throw(exc)` did.
struct StepResult {
    enum class Kind : unsigned char {
        YieldedFuture, // suspended on `future`
        YieldedNone,   // bare yield (sleep(0)): run again next iteration
        Returned,      // finished with `value`
        Raised,        // finished with `error`
        BadYield,      // yielded something that is not a future: `error` is the RuntimeError
    };
    Kind kind = Kind::Returned;
    /// Raised with an exception that leaves the loop at once (Python: SystemExit,
    /// KeyboardInterrupt, which Task.__step stores and then re-raises): Loop::escape.
    bool escapes = false;
    Ref<FutureState> future;
    std::any value;
    std::exception_ptr error;
};

class CoroutineBackend {
  public:
    virtual ~CoroutineBackend() = default;
    // One backend per task: pooled like the task itself.
    static void* operator new(std::size_t size) { return small_allocate(size); }
    static void operator delete(void* p, std::size_t size) noexcept { small_free(p, size); }
    /// coro.send(None)
    virtual StepResult send() = 0;
    /// coro.throw(error): raised at the point where the coroutine is suspended.
    virtual StepResult throw_in(std::exception_ptr error) = 0;
    /// The coroutine's own name (Python: __qualname__), used for task names.
    [[nodiscard]] virtual std::string name() const { return {}; }

    /// Memory the next send / throw_in touches first (a coroutine frame), or null: the loop
    /// prefetches it a little before the task's turn.
    [[nodiscard]] const void* hot_address() const noexcept { return m_hot; }

  protected:
    const void* m_hot = nullptr;
};

} // namespace condlab
