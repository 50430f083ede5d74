// Base of the synchronisation primitives' bindings (runtime/lock.h, condition.h, event.h,
// semaphore.h, queue.h, barrier.h).
#pragma once

#include "python/bind_common.h"
#include "python/loop_binding.h"

namespace condlab::python::bind {

/// The type of PrimitiveW (for primitive_key()).
extern PyTypeObject* g_primitive_type;

/// Base of the primitive wrappers: an ObjectId labelled after its first variable.
class PrimitiveW : public Bound {
  public:
    ~PrimitiveW() override {
        if (RunContext* r = current_run())
            r->snapshots.forget_pending_label(this);
    }
    void register_label(ObjectId id) { run().snapshots.add_pending_label(id, this); }
    /// The loop its waiting paths bound it to (asyncio's _LoopBoundMixin).
    LoopBinding binding{};
};

inline std::string waiters_suffix(std::size_t n) {
    return n ? ", waiters:" + std::to_string(n) : std::string();
}

} // namespace condlab::python::bind
