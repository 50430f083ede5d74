// The runtime's small-object allocator: blocks are distinct and usable, and what a finished
// thread held (its free blocks, the rest of its chunk) goes to the next thread instead of
// being lost, since chunks are never unmapped.
#include "runtime/small_alloc.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <set>
#include <thread>
#include <vector>

using namespace condlab;

namespace {

TEST(SmallAlloc, BlocksOfMixedSizesAreAlignedAndDoNotOverlap) {
    const std::size_t sizes[] = {16, 24, 112, 128, 200, 1000, 1024, 4096};
    std::vector<std::pair<unsigned char*, std::size_t>> blocks;
    for (int round = 0; round < 300; ++round)
        for (std::size_t size : sizes) {
            auto* p = static_cast<unsigned char*>(small_allocate(size));
            ASSERT_EQ(reinterpret_cast<std::uintptr_t>(p) % 16, 0u);
            std::memset(p, static_cast<int>(blocks.size() % 251), size);
            blocks.emplace_back(p, size);
        }
    for (std::size_t i = 0; i < blocks.size(); ++i) { // nobody wrote over anybody
        const auto [p, size] = blocks[i];
        for (std::size_t k = 0; k < size; ++k)
            ASSERT_EQ(p[k], static_cast<unsigned char>(i % 251)) << "block " << i;
    }
    for (auto [p, size] : blocks)
        small_free(p, size);
}

// On a new thread that ends right after: allocates `count` blocks, then frees them all.
std::set<void*> blocks_a_thread_used(std::size_t size, int count) {
    std::set<void*> used;
    std::thread([&] {
        std::vector<void*> mine;
        for (int i = 0; i < count; ++i)
            mine.push_back(small_allocate(size));
        used.insert(mine.begin(), mine.end());
        for (void* p : mine)
            small_free(p, size);
    }).join();
    return used;
}

TEST(SmallAlloc, ANewThreadReusesTheBlocksAFinishedThreadFreed) {
    if (!CONDLAB_POOLING)
        GTEST_SKIP() << "no pooling under AddressSanitizer";
    constexpr std::size_t kSize = 176;
    constexpr int kCount = 500;
    const std::set<void*> first = blocks_a_thread_used(kSize, kCount);
    const std::set<void*> second = blocks_a_thread_used(kSize, kCount);
    EXPECT_EQ(first.size(), static_cast<std::size_t>(kCount));
    EXPECT_EQ(second, first);
}

TEST(SmallAlloc, ANewThreadCarvesFromTheChunkAFinishedThreadLeft) {
    if (!CONDLAB_POOLING)
        GTEST_SKIP() << "no pooling under AddressSanitizer";
    // A size class no other test uses, so no freed block of it is waiting anywhere.
    constexpr std::size_t kSize = 1008;
    char* a = nullptr;
    std::thread([&] { a = static_cast<char*>(small_allocate(kSize)); }).join();
    char* b = nullptr;
    std::thread([&] { b = static_cast<char*>(small_allocate(kSize)); }).join();
    EXPECT_EQ(b, a + kSize); // the next block of the same chunk
    small_free(a, kSize);
    small_free(b, kSize);
}

} // namespace
