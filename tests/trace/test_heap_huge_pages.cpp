// keep_freed_memory_in_process(): large blocks come from the heap, whose grown part has
// huge pages advised (the kernel reports that per mapping in /proc/self/smaps).
#include "trace/keep_freed_memory.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>

namespace {

/// The "THPeligible" figure of the mapping that holds `p`, or -1 when none says.
[[maybe_unused]] int thp_eligible_at(const void* p) {
    const auto at = reinterpret_cast<std::uintptr_t>(p);
    std::ifstream smaps("/proc/self/smaps");
    std::string line;
    bool inside = false;
    while (std::getline(smaps, line)) {
        std::uintptr_t lo = 0, hi = 0;
        char dash = 0;
        std::istringstream head(line);
        if (head >> std::hex >> lo >> dash >> hi && dash == '-') {
            inside = lo <= at && at < hi;
            continue;
        }
        if (inside && line.rfind("THPeligible:", 0) == 0)
            return std::atoi(line.c_str() + 12);
    }
    return -1;
}

[[maybe_unused]] std::string thp_mode() {
    std::ifstream f("/sys/kernel/mm/transparent_hugepage/enabled");
    std::string s;
    std::getline(f, s);
    return s;
}

constexpr std::size_t kBytes = std::size_t{16} << 20; // a stress run's event array

// The executables call keep_freed_memory_in_process() first thing in main, before any thread
// has its own malloc arena; in this shared test binary other tests start threads, so the
// call is made before any test runs, as in main.
class KeepFreedMemoryFirst : public ::testing::Environment {
  public:
    void SetUp() override { condlab::keep_freed_memory_in_process(); }
};
[[maybe_unused]] ::testing::Environment* const keep_freed_memory_first =
    ::testing::AddGlobalTestEnvironment(new KeepFreedMemoryFirst);

/// Whether the middle of a block of kBytes that `allocate` makes after
/// keep_freed_memory_in_process() lies where huge pages are advised (the middle: the block's
/// 2 MB-aligned part is what the advice covers). Skips where that cannot be seen.
template <class Allocate> void expect_advised(Allocate allocate) {
#if defined(__SANITIZE_ADDRESS__) || !defined(__GLIBC__)
    (void)allocate;
    GTEST_SKIP() << "ASan's and other allocators have their own heaps";
#else
    const std::string mode = thp_mode();
    if (mode.find("[never]") != std::string::npos || mode.empty())
        GTEST_SKIP() << "transparent huge pages are off here";
    condlab::keep_freed_memory_in_process();
    const std::unique_ptr<char[]> block = allocate();
    EXPECT_EQ(thp_eligible_at(block.get() + kBytes / 2), 1) << "THP mode: " << mode;
#endif
}

} // namespace

TEST(HeapHugePages, ALargeBlockAfterKeepingFreedMemoryLiesInAnAdvisedHeap) {
    expect_advised([] { return std::make_unique_for_overwrite<char[]>(kBytes); });
}

TEST(HeapHugePages, ABlockAllocatedOnAnotherThreadLiesInTheAdvisedHeapToo) {
    expect_advised([] {
        std::unique_ptr<char[]> block;
        std::thread worker([&] { block = std::make_unique_for_overwrite<char[]>(kBytes); });
        worker.join();
        return block;
    });
}
