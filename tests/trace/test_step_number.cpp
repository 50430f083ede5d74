// Step numbers as a person reads them (step_number.h): StepId 0 is "step 1", the parse of
// a displayed number is the inverse, and nothing below 1 is a step.
#include "trace/step_number.h"

#include <gtest/gtest.h>

using namespace condlab;

TEST(StepNumber, DisplayedFromOne) {
    EXPECT_EQ(display_step(0), 1U);
    EXPECT_EQ(display_step(8), 9U);
    EXPECT_EQ(display_step(kNoStep - 1), std::uint64_t{kNoStep});
    EXPECT_EQ(format_step(0), "1");
    EXPECT_EQ(format_step(8), "9");
    EXPECT_EQ(format_step_of(8, 11), "step 9 of 11");
    EXPECT_EQ(format_step_of(10, 11), "step 11 of 11"); // the last step is "N of N"
}

TEST(StepNumber, ParseIsTheInverse) {
    EXPECT_EQ(step_from_display(1), std::optional<StepId>(0));
    EXPECT_EQ(step_from_display(9), std::optional<StepId>(8));
    for (StepId s : {0U, 1U, 7U, 1000U, kNoStep - 1})
        EXPECT_EQ(step_from_display(static_cast<long long>(display_step(s))), s);
    EXPECT_EQ(step_from_display(0), std::nullopt);
    EXPECT_EQ(step_from_display(-3), std::nullopt);
    EXPECT_EQ(step_from_display(static_cast<long long>(kNoStep) + 1), std::nullopt);
}
