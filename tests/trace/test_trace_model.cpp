// Trace model on hand-built data: strings, ids, spans and ticks.
#include "trace/trace.h"

#include <gtest/gtest.h>

#include <string>

namespace condlab {
namespace {

TEST(TraceModel, EmptyTraceIsUsable) {
    Trace t{TraceData{}};
    EXPECT_EQ(t.str(kEmptyString), "");
    EXPECT_EQ(t.step_count(), 0u);
    EXPECT_EQ(t.end_tick(), 0u);
    EXPECT_EQ(t.task(1), nullptr);
    EXPECT_EQ(t.task_name(3), "task#3");
    EXPECT_EQ(t.loc(kNoLoc).file, nullptr);
}

TEST(TraceModel, TicksMapToSteps) {
    EXPECT_EQ(tick_begin(3), 6u);
    EXPECT_EQ(tick_end(3), 7u);
    EXPECT_EQ(tick_step(7), 3u);
    EXPECT_TRUE(tick_is_end(7));
    EXPECT_FALSE(tick_is_end(6));
}

TEST(TraceModel, NamesAreStable) {
    EXPECT_STREQ(status_name(TaskStatus::WaitingOnCondition), "waiting on condition");
    EXPECT_STREQ(status_id(TaskStatus::BlockedOnLock), "blocked_on_lock");
    EXPECT_EQ(status_for_wait(WaitKind::Yield), TaskStatus::Ready);
    EXPECT_EQ(status_for_wait(WaitKind::Condition), TaskStatus::WaitingOnCondition);
    EXPECT_TRUE(is_blocked(TaskStatus::WaitingOnTask));
    EXPECT_FALSE(is_blocked(TaskStatus::Sleeping));
    EXPECT_TRUE(is_finished(TaskStatus::Cancelled));
    EXPECT_STREQ(primitive_op_name(PrimitiveOp::ConditionNotifyAll), "notify_all");
}

// The compare's divergence sentence reads "<task> <verb><object><verb_end>": every op has
// a verb that ends before the object's name and an ending that follows it.
TEST(TraceModel, EveryPrimitiveOpHasAVerbPhrase) {
    for (int i = 0; i < kPrimitiveOpCount; ++i) {
        const PrimitiveOpInfo& info = primitive_op_info(static_cast<PrimitiveOp>(i));
        const std::string verb = info.verb;
        const std::string end = info.verb_end;
        ASSERT_GE(verb.size(), 3u) << info.id;
        EXPECT_EQ(verb.back(), ' ') << info.id;
        EXPECT_TRUE(end.empty() || end[0] == ' ' || end[0] == '\'') << info.id;
    }
    const PrimitiveOpInfo& reacquire = primitive_op_info(PrimitiveOp::ConditionReacquire);
    EXPECT_EQ(std::string(reacquire.verb) + "cond" + reacquire.verb_end,
              "takes cond's lock back after its wait");
}

} // namespace
} // namespace condlab
