#include "trace/keep_freed_memory.h"

#include <cstdlib> // defines __GLIBC__ on glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace condlab {

void keep_freed_memory_in_process() noexcept {
#if defined(__GLIBC__)
    static const bool done = [] {
        // Blocks up to 1 GB come from the heap; glibc's default maps anything above
        // 128 KB (raised to at most 32 MB as blocks are freed).
        constexpr int kMmapThreshold = 1 << 30;
        // Free memory at the top of the heap goes back to the kernel only beyond 2 GB.
        constexpr int kTrimThreshold = 0x7FFFFFFF;
        (void)mallopt(M_MMAP_THRESHOLD, kMmapThreshold);
        (void)mallopt(M_TRIM_THRESHOLD, kTrimThreshold);
        return true;
    }();
    (void)done;
#endif
}

} // namespace condlab
