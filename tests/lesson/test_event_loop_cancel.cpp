// "Cancel now", the late move and background runs of the event-loop session
// (lesson/event_loop_session.h, docs/timing-model.md sections 10-11):
// - lesson 20 with CANCEL_AT=3.0: cancelling w1 in the same iteration as the notifier's
//   sleep loses the notification (deadlock, the goal), cancelling it before completes; the
//   schedule records "cancel task 2 at t", round-trips through its JSON file and matches the
//   hand-written conformance schedules CPython replays (tests/conformance/schedules/);
// - a tie group of two sleep(1.0): one member fired late wakes at 1.5;
// - a background session is busy until its run is in and refuses decisions meanwhile.
#include "lesson/event_loop_session.h"
#include "lesson_test_support.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace condlab::lesson {
namespace {

using testing::source_dir;

class EventLoopCancelTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { start_interpreter(); }
    Lesson lesson20 = load_lesson(source_dir() / "lessons" / "20_cancellation_during_wait.py");
    Overrides late_cancel() {
        Overrides o;
        set_override(o, "CANCEL_AT", "3.0");
        return o;
    }
};

const TimerOption* find(const std::vector<TimerOption>& options, std::string_view who) {
    for (const TimerOption& o : options)
        if (o.name.starts_with(who))
            return &o;
    return nullptr;
}

TEST_F(EventLoopCancelTest, CancellingW1WithTheNotifiersGroupLosesTheNotification) {
    EventLoopSession s(lesson20, late_cancel());
    EXPECT_EQ(s.outcome(), Outcome::Complete); // cancel too late: w1 took the job
    ASSERT_FALSE(s.finished());
    const std::vector<TimerOption> options = s.options(); // (find() points into it)
    const TimerOption* notifier = find(options, "notifier's `sleep(2.0)`");
    ASSERT_NE(notifier, nullptr);
    EXPECT_TRUE(notifier->cpython_next);
    ASSERT_TRUE(s.cancel(2, /*with_next=*/true)); // w1 is task 2 (main is 1)
    ASSERT_EQ(s.schedule().cancels.size(), 1u);
    EXPECT_EQ(s.schedule().cancels[0].task, 2u);
    EXPECT_DOUBLE_EQ(s.schedule().cancels[0].at, 2.0);
    EXPECT_TRUE(s.schedule().reproducible());
    EXPECT_EQ(s.point(), 1u);
    while (!s.finished())
        s.let_cpython_decide();
    EXPECT_EQ(s.outcome(), Outcome::Deadlock);
    EXPECT_EQ(s.goals_reached(), (std::vector<std::size_t>{0}));

    // The same schedule as the conformance test's, which CPython replays to a deadlock.
    const Schedule file = load_schedule(
        (source_dir() / "tests/conformance/schedules/20_cancel_with_notify.json").string());
    EXPECT_EQ(file, s.schedule());
    const Schedule back =
        parse_schedule(schedule_to_json(s.schedule(), "13.py"), "13.json"); // round trip
    EXPECT_EQ(back, s.schedule());
}

TEST_F(EventLoopCancelTest, CancellingW1BeforeAnythingFiresCompletes) {
    EventLoopSession s(lesson20, late_cancel());
    ASSERT_TRUE(s.cancel(2, /*with_next=*/false));
    EXPECT_DOUBLE_EQ(s.schedule().cancels[0].at, 1.0); // halfway to the notifier's 2.0
    // The fork fired alone: the same two timers are pending at the next choice point.
    EXPECT_NE(find(s.options(), "notifier's `sleep(2.0)`"), nullptr);
    EXPECT_DOUBLE_EQ(s.now(), 1.0);
    while (!s.finished())
        s.let_cpython_decide();
    EXPECT_EQ(s.outcome(), Outcome::Complete);
    const Schedule file = load_schedule(
        (source_dir() / "tests/conformance/schedules/20_cancel_before_notify.json").string());
    EXPECT_EQ(file, s.schedule());
    // Undo returns to CPython's schedule.
    while (s.back()) {
    }
    EXPECT_TRUE(s.schedule().cancels.empty());
}

TEST_F(EventLoopCancelTest, ACancelWithNoTimeAfterTheClockIsAWhatIfOnly) {
    Schedule s;
    s.cancels.push_back(CancelAt{2, 0, 3});
    EXPECT_FALSE(s.reproducible());
    const std::string json = schedule_to_json(s, "x.py");
    EXPECT_NE(json.find("\"point\": 3"), std::string::npos) << json;
    EXPECT_EQ(parse_schedule(json, "x.json"), s);
    EXPECT_THROW(parse_schedule(R"({"format": "condlab-schedule", "version": 1, "durations": [],
                                   "cancels": [{"task": 0, "at": 1.0}]})",
                                "bad.json"),
                 std::runtime_error);
    try {
        parse_schedule(R"({"format": "condlab-schedule", "version": 1, "durations": [],
                          "cancels": [{"task": 2}]})",
                       "bad.json");
        ADD_FAILURE() << "accepted a cancel without a time";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("bad.json: bad cancel entry"), std::string::npos)
            << e.what();
    }
}

TEST_F(EventLoopCancelTest, ATieMemberFiredLateWakesInALaterIteration) {
    const Lesson l = parse_lesson_source(R"(import asyncio

async def sleeper(name):
    await asyncio.sleep(1.0)
    print(name, asyncio.get_running_loop().time())

async def main():
    await asyncio.gather(sleeper("a"), sleeper("b"))

asyncio.run(main())
)",
                                         "ties.py");
    EventLoopSession s(l, {});
    const std::vector<TimerOption> first = s.options();
    ASSERT_EQ(first.size(), 2u);
    EXPECT_TRUE(first[0].tied && first[1].tied);
    EXPECT_FALSE(s.fire_with_next(first[1].number)); // already in the group
    ASSERT_TRUE(s.fire_late(first[1].number));
    EXPECT_DOUBLE_EQ(s.schedule().durations.at(first[1].number), 1.5);
    ASSERT_FALSE(s.finished());
    // The other member fired at 1.0 alone; the late one is all that is pending.
    ASSERT_EQ(s.options().size(), 1u);
    EXPECT_EQ(s.options()[0].number, first[1].number);
    EXPECT_FALSE(s.options()[0].tied);
    EXPECT_FALSE(s.fire_late(s.options()[0].number)); // a group of one cannot be late
    while (!s.finished())
        s.let_cpython_decide();
    EXPECT_EQ(s.outcome(), Outcome::Complete);
}

TEST_F(EventLoopCancelTest, ABackgroundSessionIsBusyUntilItsRunIsIn) {
    EventLoopSession s(lesson20, late_cancel(), /*background=*/true);
    EXPECT_TRUE(s.busy()); // the first run too
    s.wait();
    EXPECT_FALSE(s.busy());
    ASSERT_FALSE(s.finished());
    ASSERT_TRUE(s.cancel(2, true));
    EXPECT_TRUE(s.busy());
    EXPECT_EQ(s.point(), 0u);         // not taken in yet
    EXPECT_FALSE(s.cancel(2, false)); // refused while busy
    EXPECT_TRUE(s.schedule().cancels.empty());
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!s.poll() && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    EXPECT_FALSE(s.busy());
    EXPECT_EQ(s.point(), 1u);
    EXPECT_EQ(s.schedule().cancels.size(), 1u);
    EXPECT_FALSE(s.poll()); // nothing more to take in
}

} // namespace
} // namespace condlab::lesson
