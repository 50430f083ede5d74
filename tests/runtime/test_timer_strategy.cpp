// The timer strategy (runtime/timer_strategy.h): deadlines substituted when a timer is made,
// and the choice points that show the pending timers in CPython's firing order.
#include "runtime_test_support.h"

#include <map>
#include <vector>

using namespace condlab;

namespace {

/// Records every call; substitutes `when` for the timers listed (by id).
struct Recording final : TimerStrategy {
    std::map<TimerId, double> deadlines;
    std::vector<std::vector<TimerId>> pending; // per choice point, in firing order
    std::vector<std::size_t> due;
    std::vector<double> now;
    int created = 0;

    double timer_deadline(TimerId id, TaskId, double, double when) override {
        ++created;
        auto it = deadlines.find(id);
        return it == deadlines.end() ? when : it->second;
    }
    void choice_point(const ChoicePoint& p) override {
        std::vector<TimerId> ids;
        for (const PendingTimer& t : p.pending)
            ids.push_back(t.id);
        pending.push_back(ids);
        due.push_back(p.due);
        now.push_back(p.now);
    }
};

} // namespace

TEST(TimerStrategy, ChoicePointListsPendingTimersInHeapOrder) {
    // Eight ties and a later timer fire as 0,2,6,5,7,1,3,4 then 8 (test_loop.cpp's golden
    // order): the choice point shows that order, the eight as one group.
    Loop loop;
    Recording strategy;
    loop.set_timer_strategy(&strategy);
    std::vector<int> order;
    std::vector<HandleRef> handles;
    for (int i = 0; i < 8; ++i)
        handles.push_back(loop.call_later(1.0, [&order, i] { order.push_back(i); }));
    handles.push_back(loop.call_later(2.0, [&order] { order.push_back(8); }));
    handles[3]->cancel();
    while (loop.run_once()) {
    }
    EXPECT_EQ(order, (std::vector{0, 2, 6, 5, 7, 1, 4, 8}));
    ASSERT_EQ(strategy.pending.size(), 2u);
    std::vector<TimerId> expected;
    for (int i : {0, 2, 6, 5, 7, 1, 4, 8})
        expected.push_back(handles[static_cast<std::size_t>(i)]->id());
    EXPECT_EQ(strategy.pending[0], expected); // the cancelled one is left out
    EXPECT_EQ(strategy.due[0], 7u);
    EXPECT_EQ(strategy.pending[1], (std::vector{handles[8]->id()}));
    EXPECT_EQ(strategy.due[1], 1u);
    EXPECT_EQ(strategy.now, (std::vector{0.0, 1.0}));
    EXPECT_EQ(strategy.created, 9);
}

TEST(TimerStrategy, ASubstitutedDeadlineIsWhatTheHandleShowsAndWhenItFires) {
    Loop loop;
    Recording strategy;
    loop.set_timer_strategy(&strategy);
    strategy.deadlines[2] = 0.5; // the second timer made (ids count from 1)
    std::vector<std::pair<int, double>> fired;
    HandleRef a = loop.call_later(1.0, [&] { fired.emplace_back(0, loop.time()); });
    HandleRef b = loop.call_later(2.0, [&] { fired.emplace_back(1, loop.time()); });
    ASSERT_EQ(b->id(), 2u);
    EXPECT_EQ(b->when(), 0.5);
    EXPECT_EQ(a->when(), 1.0);
    while (loop.run_once()) {
    }
    EXPECT_EQ(fired, (std::vector<std::pair<int, double>>{{1, 0.5}, {0, 1.0}}));
}

TEST(TimerStrategy, NoChoicePointWhileCallbacksAreReady) {
    // The clock never advances while the ready queue is busy: a busy chain of call_soon
    // callbacks reaches no choice point until it drains.
    Loop loop;
    Recording strategy;
    loop.set_timer_strategy(&strategy);
    int steps = 0;
    std::function<void()> again = [&] {
        if (++steps < 5)
            loop.call_soon(again);
    };
    loop.call_later(1.0, [] {});
    loop.call_soon(again);
    while (loop.run_once()) {
    }
    EXPECT_EQ(steps, 5);
    ASSERT_EQ(strategy.now.size(), 1u);
    EXPECT_EQ(strategy.now[0], 0.0);
}

TEST(TimerStrategy, WithoutAStrategyNothingChanges) {
    Loop loop;
    EXPECT_EQ(loop.timer_strategy(), nullptr);
    std::vector<int> order;
    for (int i = 0; i < 4; ++i)
        loop.call_later(1.0, [&order, i] { order.push_back(i); });
    while (loop.run_once()) {
    }
    EXPECT_EQ(order, (std::vector{0, 2, 1, 3}));
}
