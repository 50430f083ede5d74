#pragma once
// Transparent huge pages for the recorder's large arrays.
#include <cstddef>
#include <vector>

namespace condlab {

/// Asks the kernel to back the 2 MB-aligned part of [data, data + bytes) with transparent
/// huge pages (madvise MADV_HUGEPAGE; a no-op where that is unsupported). A million trace
/// events then fault in a few dozen 2 MB pages instead of about 16 000 small ones, each a
/// costly trap on a virtual machine (about 35 us each on a loaded 2-core one, where a
/// short lesson run still costs the same with its few huge pages as with small ones).
void advise_huge_pages(const void* data, std::size_t bytes) noexcept;

/// The same for a vector's whole capacity (call it after reserve()).
template <class T> void advise_huge_pages(const std::vector<T>& v) noexcept {
    advise_huge_pages(v.data(), v.capacity() * sizeof(T));
}

} // namespace condlab
