#include "runtime/small_alloc.h"

#include <utility>

namespace condlab {

#if CONDLAB_POOLING
namespace detail {

constinit thread_local Pools t_pools{};

namespace {
// Frees a thread's cached blocks when the thread ends; created on first use only.
struct PoolsCleanup {
    ~PoolsCleanup() {
        for (std::size_t c = 0; c < kClasses; ++c) {
            FreeBlock* head = std::exchange(t_pools.heads[c], nullptr);
            while (head)
                ::operator delete(std::exchange(head, head->next));
            t_pools.counts[c] = 0;
        }
    }
};
} // namespace

void* small_allocate_slow(std::size_t size) {
    if (size == 0 || size > kMaxPooled)
        return ::operator new(size);
    return ::operator new((size_class(size) + 1) * kGranule); // any block of its class fits
}

void small_free_slow(void* p, std::size_t size) noexcept {
    if (!p)
        return;
    if (size == 0 || size > kMaxPooled || t_pools.counts[size_class(size)] >= kMaxCached) {
        ::operator delete(p);
        return;
    }
    // The first pooled free of this thread: register the cleanup, then pool the block.
    thread_local PoolsCleanup cleanup;
    (void)cleanup;
    t_pools.cleanup_registered = true;
    small_free(p, size);
}

} // namespace detail
#endif

} // namespace condlab
