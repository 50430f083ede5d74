// Parameter sweeps (sweep.h): axes, cells equal individual runs, cancel, cache, text output.
#include "lesson/sweep.h"

#include "lesson/compare.h"
#include "lesson_test_support.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <thread>

namespace condlab::lesson {
namespace {

Lesson lost_wakeup() { return load_lesson(testing::source_dir() / "lessons/05_lost_wakeup.py"); }

void wait_for(const Sweep& s) {
    for (int i = 0; i < 60000 && s.running(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

TEST(SweepAxis, Parse) {
    Lesson l = lost_wakeup();
    SweepAxis a = parse_sweep_axis("PRODUCER_DELAY=0:5:11", &l);
    EXPECT_EQ(a.name, "PRODUCER_DELAY");
    EXPECT_EQ(a.n, 11);
    EXPECT_FALSE(a.integer);
    EXPECT_EQ(a.value_text(0), "0.0");
    EXPECT_EQ(a.value_text(1), "0.5");
    EXPECT_EQ(a.value_text(10), "5.0");
    SweepAxis one = parse_sweep_axis("X=2:2:1");
    EXPECT_EQ(one.value(0), 2.0);
    // Issue 20: a range that cannot be swept is an error, not a map of "2.0 .. 2.0".
    EXPECT_THROW(parse_sweep_axis("X=2:9:1"), std::invalid_argument);
    EXPECT_THROW(parse_sweep_axis("X=9:2:3"), std::invalid_argument);
    EXPECT_THROW(parse_sweep_axis("X=0:1"), std::invalid_argument);
    EXPECT_THROW(parse_sweep_axis("X=0:1:0"), std::invalid_argument);
    EXPECT_THROW(parse_sweep_axis("X=a:1:3"), std::invalid_argument);
    EXPECT_THROW(parse_sweep_axis("NOPE=0:1:3", &l), ParameterError);
    Lesson herd = load_lesson(testing::source_dir() / "lessons/12_thundering_herd.py");
    SweepAxis w = parse_sweep_axis("WAITERS=1:10:4", &herd);
    EXPECT_TRUE(w.integer);
    EXPECT_EQ(w.value_text(0), "1");
    EXPECT_EQ(w.value_text(1), "4");
    EXPECT_EQ(w.value_text(3), "10");
    EXPECT_THROW(parse_sweep_axis("WAKE=0:1:2", &herd), ParameterError);
}

TEST(Sweep, CellsEqualIndividualRuns) {
    Lesson l = lost_wakeup();
    SweepSpec spec;
    spec.x = parse_sweep_axis("PRODUCER_DELAY=0:2:3", &l);
    spec.y = parse_sweep_axis("CONSUMER_DELAY=0:2:3", &l);
    SweepResult r = run_sweep(l, spec);
    ASSERT_EQ(r.cells.size(), 9u);
    EXPECT_EQ(r.runs, 9u);
    for (const SweepCell& c : r.cells) {
        ASSERT_TRUE(c.done);
        RunResult single = run(l, spec.cell_overrides(c.ix, c.iy), sweep_run_options());
        EXPECT_EQ(c.outcome, single.outcome) << c.ix << "," << c.iy;
        SweepCell expected = make_cell(single, c.ix, c.iy);
        ASSERT_EQ(c.values.size(), expected.values.size());
        for (std::size_t i = 0; i < c.values.size(); ++i)
            if (std::isnan(expected.values[i]))
                EXPECT_TRUE(std::isnan(c.values[i]));
            else
                EXPECT_EQ(c.values[i], expected.values[i]) << sweep_metric_names()[i];
        // Also matches a fully traced run (line tracing does not change the outcome).
        RunResult traced = run(l, spec.cell_overrides(c.ix, c.iy));
        EXPECT_EQ(c.outcome, traced.outcome);
        EXPECT_EQ(c.metric("wakeups"), summary_metric(traced, "wakeups"));
    }
    // The lost wake-up: the producer notifies before the consumer waits -> deadlock.
    EXPECT_EQ(r.at(0, 2).outcome, Outcome::Deadlock); // producer 0, consumer 2
    EXPECT_EQ(r.at(2, 0).outcome, Outcome::Complete); // producer 2, consumer 0
    EXPECT_EQ(r.at(2, 0).metric("wakeups"), 1);
    EXPECT_EQ(r.at(0, 2).metric("lost_notifies"), 1);
    EXPECT_EQ(format_sweep_map(r), "CONSUMER_DELAY (rows, top = 2.0)\n"
                                   "2.0 |DD.\n"
                                   "1.0 |D..\n"
                                   "0.0 |...\n"
                                   "    +---\n"
                                   "     0.0 .. 2.0  PRODUCER_DELAY (columns)\n"
                                   "legend:  . complete (6)  D deadlock (3)\n");
}

TEST(Sweep, BackgroundMatchesSynchronousAndCacheAvoidsReruns) {
    Lesson l = lost_wakeup();
    SweepSpec spec;
    spec.x = parse_sweep_axis("PRODUCER_DELAY=0:4:5", &l);
    spec.y = parse_sweep_axis("CONSUMER_DELAY=0:1:2", &l);
    Sweep s;
    s.start(l, spec);
    wait_for(s);
    s.wait();
    EXPECT_EQ(s.done(), 10u);
    EXPECT_EQ(s.total(), 10u);
    EXPECT_EQ(s.runs(), 10u);
    EXPECT_FLOAT_EQ(s.progress(), 1.0f);
    SweepResult bg = s.snapshot();
    SweepResult sync = run_sweep(l, spec);
    for (std::size_t i = 0; i < bg.cells.size(); ++i) {
        EXPECT_TRUE(bg.cells[i].done);
        EXPECT_EQ(bg.cells[i].outcome, sync.cells[i].outcome);
        EXPECT_EQ(bg.cells[i].metric("finish_time"), sync.cells[i].metric("finish_time"));
    }
    // Same grid again: everything comes from the cache, no thread needed.
    s.start(l, spec);
    EXPECT_FALSE(s.running());
    EXPECT_EQ(s.runs(), 0u);
    EXPECT_EQ(s.done(), 10u);
    // Widen x to 0..8 in steps of 1: only the 4 new columns x 2 rows run.
    spec.x = parse_sweep_axis("PRODUCER_DELAY=0:8:9", &l);
    s.start(l, spec);
    wait_for(s);
    s.wait();
    EXPECT_EQ(s.runs(), 8u);
    EXPECT_EQ(s.done(), 18u);
    EXPECT_EQ(s.cache().size(), 18u);
    // Another value of a fixed parameter is another key.
    EXPECT_NE(SweepCache::key(l, {{"PRODUCER_DELAY", "1.0"}}),
              SweepCache::key(l, {{"PRODUCER_DELAY", "2.0"}}));
    Lesson edited = parse_lesson_source(l.source + "\n", l.path);
    EXPECT_NE(SweepCache::key(l, {}), SweepCache::key(edited, {}));
}

TEST(Sweep, CancelStopsPromptly) {
    Lesson l = lost_wakeup();
    SweepSpec spec;
    spec.x = parse_sweep_axis("PRODUCER_DELAY=0:5:100", &l);
    spec.y = parse_sweep_axis("CONSUMER_DELAY=0:5:100", &l);
    Sweep s;
    s.start(l, spec);
    EXPECT_TRUE(s.running());
    while (s.done() < 3)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    auto t0 = std::chrono::steady_clock::now();
    s.cancel();
    s.wait();
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_FALSE(s.running());
    EXPECT_TRUE(s.cancelled());
    EXPECT_LT(s.done(), 10000u);
    EXPECT_LT(secs, 2.5); // at most the run in progress (the wall-clock budget is 2 s)
    // Cells computed before the cancel are kept; the others are not done.
    SweepResult r = s.snapshot();
    std::size_t done = 0;
    for (const SweepCell& c : r.cells)
        done += c.done ? 1 : 0;
    EXPECT_EQ(done, s.done());
    // Restarting reuses the finished cells.
    std::size_t before = s.done();
    s.start(l, spec);
    EXPECT_GE(s.done(), before);
    s.cancel();
    s.wait();
}

TEST(Sweep, DestructorCancels) {
    Lesson l = lost_wakeup();
    SweepSpec spec;
    spec.x = parse_sweep_axis("PRODUCER_DELAY=0:5:100", &l);
    spec.y = parse_sweep_axis("CONSUMER_DELAY=0:5:100", &l);
    auto s = std::make_unique<Sweep>();
    s->start(l, spec);
    s.reset(); // must not hang or crash
    SUCCEED();
}

TEST(Sweep, MetricMapAndCsv) {
    Lesson l = load_lesson(testing::source_dir() / "lessons/12_thundering_herd.py");
    SweepSpec spec;
    spec.x = parse_sweep_axis("WAITERS=1:4:4", &l);
    spec.base = {{"WAKE", "\"notify_all\""}};
    SweepResult r = run_sweep(l, spec);
    // n waiters with notify_all: n(n-1)/2 wasted wake-ups: 0, 1, 3, 6.
    EXPECT_EQ(r.at(0, 0).metric("wasted_wakeups"), 0);
    EXPECT_EQ(r.at(1, 0).metric("wasted_wakeups"), 1);
    EXPECT_EQ(r.at(2, 0).metric("wasted_wakeups"), 3);
    EXPECT_EQ(r.at(3, 0).metric("wasted_wakeups"), 6);
    std::string map = format_sweep_map(r, "wasted_wakeups");
    EXPECT_NE(map.find(" |0159\n"), std::string::npos) << map; // floor(10 * v / 6)
    EXPECT_NE(map.find("legend: wasted_wakeups from 0 (0) to 6 (9)"), std::string::npos) << map;
    std::string csv = format_sweep_csv(r);
    EXPECT_EQ(
        csv.substr(0, csv.find('\n')),
        "WAITERS,outcome,finish_time,iterations,wakeups,wasted_wakeups,lost_notifies,"
        "lock_wait_time,max_waiters" +
            [] {
                std::string rest;
                for (std::size_t i = summary_metric_names().size(); i < sweep_metric_names().size();
                     ++i)
                    rest += "," + sweep_metric_names()[i];
                return rest;
            }());
    EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 5);
    EXPECT_NE(csv.find("\n3,complete,"), std::string::npos) << csv;
}

} // namespace
} // namespace condlab::lesson
