#pragma once
// A per-thread free-list allocator for the runtime's many small, short-lived objects
// (futures, tasks, handles, coroutine frames). A loop and its objects live on one
// thread, so no locking is needed; a block freed on another thread simply joins that
// thread's lists. Under AddressSanitizer it falls back to plain new/delete so
// use-after-free stays detectable.
#include <cstddef>

namespace condlab {

void* small_allocate(std::size_t size);
void small_free(void* p, std::size_t size) noexcept;

} // namespace condlab
