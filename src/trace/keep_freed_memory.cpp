#include "trace/keep_freed_memory.h"

#include "trace/huge_pages.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib> // defines __GLIBC__ on glibc

#if defined(__GLIBC__)
#include <malloc.h>
#include <unistd.h>
#endif

namespace condlab {

namespace {

#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
/// Grows the heap by `bytes` of address space (no memory is touched, so none is used) and
/// advises huge pages for it: the blocks malloc later carves out of it then fault in 2 MB at
/// a time. Keeping freed memory (M_TRIM_THRESHOLD below) keeps the grown heap.
void advise_huge_pages_for_heap_growth(std::size_t bytes) noexcept {
    void* block = std::malloc(bytes); // from the heap's top: M_MMAP_THRESHOLD is above it
    if (block == nullptr)
        return; // no address space to spare (strict overcommit): small pages it is
    const auto begin = reinterpret_cast<std::uintptr_t>(block);
    const auto end = reinterpret_cast<std::uintptr_t>(sbrk(0));
    if (end > begin && end - begin <= bytes + (std::size_t{1} << 20)) // the heap's top block
        advise_huge_pages(block, end - begin);
    std::free(block); // merges into the top chunk, which stays (writes only its header)
}
#endif

} // namespace

void keep_freed_memory_in_process() noexcept {
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
    static const bool done = [] {
        // Blocks up to 1 GB come from the heap; glibc's default maps anything above
        // 128 KB (raised to at most 32 MB as blocks are freed).
        constexpr int kMmapThreshold = 1 << 30;
        // Free memory at the top of the heap goes back to the kernel only beyond 2 GB.
        constexpr int kTrimThreshold = 0x7FFFFFFF;
        (void)mallopt(M_MMAP_THRESHOLD, kMmapThreshold);
        (void)mallopt(M_TRIM_THRESHOLD, kTrimThreshold);
        // One heap for every thread: the recorder's worker thread grows the trace's arrays,
        // and glibc would serve it from an arena of its own, without the advice below.
        (void)mallopt(M_ARENA_MAX, 1);
        // A stress run's trace and command log fault in about 50 MB: in small pages that
        // was about a quarter of the whole process's CPU time (measured on wait_for_stress.py).
        if (!std::getenv("NOHUGE"))
            advise_huge_pages_for_heap_growth(std::size_t{512} << 20);
        return true;
    }();
    (void)done;
#endif
}

} // namespace condlab
