#include "runtime/small_alloc.h"

#include <new>
#include <utility>

#if defined(__SANITIZE_ADDRESS__)
#define CONDLAB_POOLING 0
#else
#define CONDLAB_POOLING 1
#endif

namespace condlab {

#if CONDLAB_POOLING
namespace {
constexpr std::size_t kGranule = 16;
constexpr std::size_t kMaxPooled = 1024;
constexpr std::size_t kClasses = kMaxPooled / kGranule;
constexpr std::size_t kMaxCached = 1 << 16; // blocks kept per size class

struct FreeBlock {
    FreeBlock* next;
};

struct Pools {
    FreeBlock* heads[kClasses];
    std::size_t counts[kClasses];
    bool cleanup_registered;
};

// Trivially destructible, so every access is a plain TLS load (no init guard).
constinit thread_local Pools t_pools{};

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

void register_cleanup() {
    thread_local PoolsCleanup cleanup;
    (void)cleanup;
    t_pools.cleanup_registered = true;
}

std::size_t size_class(std::size_t size) { return (size + kGranule - 1) / kGranule - 1; }
} // namespace

void* small_allocate(std::size_t size) {
    if (size == 0 || size > kMaxPooled)
        return ::operator new(size);
    std::size_t c = size_class(size);
    if (FreeBlock* b = t_pools.heads[c]) {
        t_pools.heads[c] = b->next;
        --t_pools.counts[c];
        return b;
    }
    return ::operator new((c + 1) * kGranule);
}

void small_free(void* p, std::size_t size) noexcept {
    if (!p)
        return;
    if (size == 0 || size > kMaxPooled) {
        ::operator delete(p);
        return;
    }
    std::size_t c = size_class(size);
    if (t_pools.counts[c] >= kMaxCached) {
        ::operator delete(p);
        return;
    }
    if (!t_pools.cleanup_registered)
        register_cleanup();
    auto* b = static_cast<FreeBlock*>(p);
    b->next = t_pools.heads[c];
    t_pools.heads[c] = b;
    ++t_pools.counts[c];
}
#else
void* small_allocate(std::size_t size) { return ::operator new(size); }
void small_free(void* p, std::size_t) noexcept { ::operator delete(p); }
#endif

} // namespace condlab
