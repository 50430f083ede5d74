#pragma once
// A per-thread free-list allocator for the runtime's many small, short-lived objects
// (futures, tasks, handles, coroutine frames). A loop and its objects live on one
// thread, so no locking is needed; a block freed on another thread simply joins that
// thread's lists. Fresh blocks are carved from large chunks (huge pages where the
// kernel offers them); a finished thread's blocks go to the next thread
// (small_alloc.cpp). Under AddressSanitizer it falls back to plain new/delete so
// use-after-free stays detectable. The common paths are inline: every future, task
// and frame goes through them.
#include <cstddef>
#include <new>

#if defined(__SANITIZE_ADDRESS__)
#define CONDLAB_POOLING 0
#else
#define CONDLAB_POOLING 1
#endif

namespace condlab {

#if CONDLAB_POOLING
namespace detail {
inline constexpr std::size_t kGranule = 16;
inline constexpr std::size_t kMaxPooled = 1024;
inline constexpr std::size_t kClasses = kMaxPooled / kGranule;
inline constexpr std::size_t kMaxCached = 1 << 16; // blocks kept per size class

struct FreeBlock {
    FreeBlock* next;
};

struct Pools {
    FreeBlock* heads[kClasses];
    std::size_t counts[kClasses];
    bool cleanup_registered;
};

// Trivially destructible and constinit, so every access is a plain TLS load (no init guard).
extern constinit thread_local Pools t_pools;

void* small_allocate_slow(std::size_t size);
void small_free_slow(void* p, std::size_t size) noexcept;

inline std::size_t size_class(std::size_t size) noexcept {
    return (size + kGranule - 1) / kGranule - 1;
}
} // namespace detail

inline void* small_allocate(std::size_t size) {
    if (size != 0 && size <= detail::kMaxPooled) {
        detail::Pools& pools = detail::t_pools;
        std::size_t c = detail::size_class(size);
        if (detail::FreeBlock* b = pools.heads[c]) {
            pools.heads[c] = b->next;
            --pools.counts[c];
            return b;
        }
    }
    return detail::small_allocate_slow(size);
}

inline void small_free(void* p, std::size_t size) noexcept {
    detail::Pools& pools = detail::t_pools;
    if (p && size != 0 && size <= detail::kMaxPooled && pools.cleanup_registered) {
        std::size_t c = detail::size_class(size);
        if (pools.counts[c] < detail::kMaxCached) {
            auto* b = static_cast<detail::FreeBlock*>(p);
            b->next = pools.heads[c];
            pools.heads[c] = b;
            ++pools.counts[c];
            return;
        }
    }
    detail::small_free_slow(p, size);
}
#else
inline void* small_allocate(std::size_t size) { return ::operator new(size); }
inline void small_free(void* p, std::size_t) noexcept { ::operator delete(p); }
#endif

} // namespace condlab
