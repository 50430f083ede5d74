// Proves GoogleTest + GoogleMock and condlab_add_gtest() work.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

TEST(Toolchain, GoogleTestRuns) {
    const std::vector<int> order{0, 2, 1};
    EXPECT_EQ(order, (std::vector{0, 2, 1}));
    EXPECT_THAT(order, ::testing::ElementsAre(0, 2, 1));
}

TEST(Toolchain, SourceDirIsDefined) {
    const std::string dir = CONDLAB_SOURCE_DIR;
    EXPECT_FALSE(dir.empty());
}
