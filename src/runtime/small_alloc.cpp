#include "runtime/small_alloc.h"

#include <cstdlib>
#include <mutex>
#include <utility>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace condlab {

#if CONDLAB_POOLING
namespace detail {

constinit thread_local Pools t_pools{};

namespace {

// Fresh blocks are carved from big chunks instead of one malloc each: packed without
// malloc's headers, and after the first chunk 2 MB-aligned and backed by transparent huge
// pages. A loop of 10 000 sleeping tasks spreads its tasks, frames, futures and handles
// over several MB, and with 4 KB pages most of those touches also missed the TLB. The
// first chunk keeps small pages, so a short run never pays for zeroing a whole huge page.
constexpr std::size_t kHugePage = std::size_t{2} << 20;
constexpr std::size_t kFirstChunk = std::size_t{1} << 20;
constexpr std::size_t kChunk = std::size_t{8} << 20;

struct Region {
    char* next = nullptr;
    char* end = nullptr;
};

// What a thread carves fresh blocks from.
constinit thread_local Region t_region{};
constinit thread_local bool t_had_chunk = false;
// Set when the thread's pools were handed back (thread exit): later frees go to `shared`.
constinit thread_local bool t_pools_gone = false;

// Blocks and chunk remainders that no thread holds: handed back by finished threads (or
// beyond a thread's cache limit), taken by the next thread that runs dry. Chunks are
// never unmapped, since any thread may still free a block of any chunk.
struct Shared {
    std::mutex mutex;
    FreeBlock* heads[kClasses] = {};
    std::size_t counts[kClasses] = {};
    std::vector<Region> regions;
};
Shared& shared() {
    static Shared* s = new Shared; // never destroyed: threads may free blocks at exit
    return *s;
}

char* map_chunk(std::size_t bytes, bool huge) {
    void* p = std::aligned_alloc(huge ? kHugePage : 64, bytes);
    if (!p)
        throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (huge) // advice only: where THP is off, small pages remain
        (void)madvise(p, bytes, MADV_HUGEPAGE);
#endif
    return static_cast<char*>(p);
}

// Hands a thread's cached blocks and its chunk remainder to `shared` when the thread ends;
// created on the thread's first pooled allocation or free.
struct PoolsCleanup {
    ~PoolsCleanup() {
        Shared& s = shared();
        std::lock_guard lock(s.mutex);
        for (std::size_t c = 0; c < kClasses; ++c) {
            FreeBlock* head = std::exchange(t_pools.heads[c], nullptr);
            if (!head)
                continue;
            FreeBlock* tail = head;
            while (tail->next)
                tail = tail->next;
            tail->next = s.heads[c];
            s.heads[c] = head;
            s.counts[c] += std::exchange(t_pools.counts[c], 0);
        }
        if (t_region.next != t_region.end)
            s.regions.push_back(std::exchange(t_region, Region{}));
        t_pools.cleanup_registered = false;
        t_pools_gone = true;
    }
};

void register_cleanup() {
    thread_local PoolsCleanup cleanup;
    (void)cleanup;
    t_pools.cleanup_registered = true;
}

// Takes `shared`'s blocks of class c, or else its last chunk remainder. False if it has
// neither.
bool refill_from_shared(std::size_t c) {
    Shared& s = shared();
    std::lock_guard lock(s.mutex);
    if (s.heads[c]) {
        t_pools.heads[c] = std::exchange(s.heads[c], nullptr);
        t_pools.counts[c] = std::exchange(s.counts[c], 0);
        return true;
    }
    if (s.regions.empty())
        return false;
    t_region = s.regions.back();
    s.regions.pop_back();
    return true;
}

void* carve(std::size_t block) {
    if (static_cast<std::size_t>(t_region.end - t_region.next) < block) {
        const std::size_t bytes = t_had_chunk ? kChunk : kFirstChunk;
        t_region.next = map_chunk(bytes, t_had_chunk); // (a remainder < 1 KB is dropped)
        t_region.end = t_region.next + bytes;
        t_had_chunk = true;
    }
    return std::exchange(t_region.next, t_region.next + block);
}

void give_to_shared(void* p, std::size_t c) noexcept {
    Shared& s = shared();
    std::lock_guard lock(s.mutex);
    auto* b = static_cast<FreeBlock*>(p);
    b->next = s.heads[c];
    s.heads[c] = b;
    ++s.counts[c];
}

} // namespace

void* small_allocate_slow(std::size_t size) {
    if (size == 0 || size > kMaxPooled)
        return ::operator new(size);
    const std::size_t c = size_class(size);
    const std::size_t block = (c + 1) * kGranule; // any block of its class fits
    if (t_pools_gone) // (thread exit) freed later to `shared`, like any block
        return ::operator new(block);
    if (!t_pools.cleanup_registered)
        register_cleanup();
    if (static_cast<std::size_t>(t_region.end - t_region.next) < block && refill_from_shared(c) &&
        t_pools.heads[c])
        return small_allocate(size);
    return carve(block);
}

void small_free_slow(void* p, std::size_t size) noexcept {
    if (!p)
        return;
    if (size == 0 || size > kMaxPooled) {
        ::operator delete(p);
        return;
    }
    const std::size_t c = size_class(size);
    if (t_pools_gone || t_pools.counts[c] >= kMaxCached) {
        give_to_shared(p, c);
        return;
    }
    // The first pooled free of this thread: register the cleanup, then pool the block.
    register_cleanup();
    small_free(p, size);
}

} // namespace detail
#endif

} // namespace condlab
