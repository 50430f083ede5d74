// asyncio's _LoopBoundMixin (3.11.2 mixins.py) for condlab's primitives: a primitive is
// bound to the running loop by the `self._get_loop()` of its first *waiting* path (a
// contended Lock.acquire, Event.wait on an unset event, Condition.wait, a Semaphore.acquire
// that must wait, Queue.get on an empty / put on a full queue, Queue.join's internal Event,
// a Barrier's internal Condition); waiting later in another loop raises RuntimeError(
// f'{self!r} is bound to a different event loop'). Paths that do not wait never bind.
#pragma once

#include "python/run_context.h"
#include "runtime/coroutine_backend.h"

#include <cstdint>
#include <memory>
#include <string>

namespace condlab::python {

/// The loop one primitive (or one of its internal objects) is bound to.
class LoopBinding {
  public:
    /// Bound to the loop running now: no waiting path can raise (no check needed).
    [[nodiscard]] bool current(const RunContext& run) const noexcept {
        return m_loop != 0 && m_loop == run.running_loop_id;
    }
    /// `self._get_loop()`: binds to the running loop (0 when none runs, as None) on first
    /// use; RuntimeError("<describe> is bound to a different event loop") if another runs.
    void get_loop(const RunContext& run, const std::string& describe);
    /// The same, `describe` being repr(self).
    void get_loop(const RunContext& run, PyObject* self);

  private:
    std::uint64_t m_loop = 0;
};

/// The check of a primitive's awaitable at its first step (`self` is the primitive's
/// wrapper): nothing when it will not wait or is bound to the running loop; throws the
/// RuntimeError; or returns the coroutine that runs instead (Condition.wait: the lock is
/// released and taken back before the error propagates).
using BindCheck = std::unique_ptr<CoroutineBackend> (*)(PyObject* self);

/// `inner`, checked by `check(self)` at its first step unless `binding` is current (the
/// common case costs nothing more).
std::unique_ptr<CoroutineBackend> loop_bound(const LoopBinding& binding, const RunContext& run,
                                             std::unique_ptr<CoroutineBackend> inner,
                                             PyObject* self, BindCheck check);

} // namespace condlab::python
