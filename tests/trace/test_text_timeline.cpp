// Text timeline: golden files, width fitting, merging of iterations, marks, determinism.
#include "exporter_test_support.h"
#include "runtime/runtime_test_support.h"

#include "trace/text_timeline.h"
#include "trace/trace_json.h"

#include <set>
#include <sstream>

using namespace condlab;
using namespace condlab::testing::exporters;

namespace {

class TextTimelineTest : public condlab::testing::FrameLeakCheck {};

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        out.push_back(line);
    return out;
}

/// The row of `name` (the part after '|').
std::string row(const std::string& text, const std::string& name) {
    for (const std::string& l : lines_of(text))
        if (l.rfind(name + " ", 0) == 0) {
            const std::size_t bar = l.find('|');
            if (bar != std::string::npos)
                return l.substr(bar + 1);
        }
    ADD_FAILURE() << "no row " << name << " in\n" << text;
    return {};
}

void expect_fits(const std::string& text, int width) {
    for (const std::string& l : lines_of(text)) {
        EXPECT_LE(static_cast<int>(l.size()), width) << "line: '" << l << "'";
        EXPECT_TRUE(l.empty() || l.back() != ' ') << "trailing space: '" << l << "'";
    }
}

/// A task that yields `n` times (n + 1 iterations), next to one that sleeps.
Coro<void> spinner(Loop& loop, int n) {
    for (int i = 0; i < n; ++i) {
        std::any none;
        std::any r = co_await sleep(loop, 0.0, none, SourceLoc{"spin.py", 3});
        (void)r;
    }
}

Coro<void> long_main(Loop& loop, int n) {
    name_current_task(loop, "main");
    Task a = loop.create_task(make_backend(spinner(loop, n)), "spinner", SourceLoc{"spin.py", 6});
    std::any none;
    std::any r = co_await sleep(loop, 2.0, none, SourceLoc{"spin.py", 7});
    std::any done = co_await a;
    (void)r;
    (void)done;
}

} // namespace

TEST_F(TextTimelineTest, LostWakeupGolden) {
    Loop loop;
    Recording r = lost_wakeup(loop);
    ASSERT_EQ(r.outcome.kind, OutcomeKind::Deadlock);
    const std::string text = render_text_timeline(*r.trace, 100);
    expect_fits(text, 100);
    expect_golden("lost_wakeup.timeline.txt", text);
}

TEST_F(TextTimelineTest, HerdGolden) {
    Loop loop;
    Recording r = herd(loop);
    ASSERT_EQ(r.outcome.kind, OutcomeKind::Complete);
    expect_golden("herd.timeline.txt", render_text_timeline(*r.trace, 100));
    expect_golden("herd.timeline.w60.txt", render_text_timeline(*r.trace, 60));
}

TEST_F(TextTimelineTest, LostWakeupRowsTellTheStory) {
    Loop loop;
    Recording r = lost_wakeup(loop);
    const std::string text = render_text_timeline(*r.trace, 100);
    const std::string producer = row(text, "producer");
    const std::string consumer = row(text, "consumer");
    // The producer's notify found no waiter ('*'), then the producer finished ('_').
    EXPECT_NE(producer.find('*'), std::string::npos) << text;
    EXPECT_EQ(producer.find('^'), std::string::npos) << text;
    EXPECT_EQ(producer.back(), '_') << text;
    // The consumer waits on the condition until the end, and was never woken: blocked
    // forever, so its row goes on past the end column ('>').
    EXPECT_EQ(consumer.substr(consumer.size() - 2), "c>") << text;
    EXPECT_EQ(consumer.find('v'), std::string::npos) << text;
    EXPECT_LT(producer.find('*'), consumer.find('c'));
    EXPECT_NE(text.find("found no waiter"), std::string::npos);
    EXPECT_NE(text.find("legend: "), std::string::npos);
    EXPECT_NE(text.find("outcome: "), std::string::npos);
    // Time labels show the two sleeps.
    const std::string axis = row(text, "time");
    EXPECT_NE(axis.find("0.5"), std::string::npos) << text;
    EXPECT_NE(axis.find("1.5"), std::string::npos) << text;
}

// A deadlock: the tasks blocked at the end (OutcomeReport::blocked) are blocked forever. Their
// rows continue past the end column ('>'), a line says since when, and the legend says
// what '>' means; a finished task's row and a completed run have none of it.
TEST_F(TextTimelineTest, DeadlockedTasksAreBlockedForever) {
    Loop loop;
    Recording r = lost_wakeup(loop);
    ASSERT_EQ(r.outcome.kind, OutcomeKind::Deadlock);
    for (int width : {100, 60, 40}) {
        const std::string text = render_text_timeline(*r.trace, width);
        expect_fits(text, width);
        const std::string main_row = row(text, "main");
        const std::string consumer = row(text, "consumer");
        const std::string producer = row(text, "producer");
        EXPECT_EQ(main_row.substr(main_row.size() - 2), "t>") << text;
        EXPECT_EQ(consumer.substr(consumer.size() - 2), "c>") << text;
        EXPECT_EQ(producer.back(), '_') << text;
    }
    const std::string text = render_text_timeline(*r.trace, 100);
    EXPECT_NE(text.find("\nblocked forever: main (since t=0.5), consumer (since t=1.5)\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("blocked forever (the run ended in a deadlock)"), std::string::npos)
        << text;
    Loop loop2;
    Recording herd_run = herd(loop2);
    const std::string done = render_text_timeline(*herd_run.trace, 100);
    EXPECT_EQ(done.find("forever"), std::string::npos) << done;
    EXPECT_EQ(done.find("|>"), std::string::npos) << done;
}

TEST_F(TextTimelineTest, HerdShowsNotifyAndWakeMarks) {
    Loop loop;
    Recording r = herd(loop);
    const std::string text = render_text_timeline(*r.trace, 120);
    EXPECT_NE(row(text, "producer").find('^'), std::string::npos) << text;
    for (const char* c : {"consumer#1", "consumer#2", "consumer#3"}) {
        const std::string rc = row(text, c);
        EXPECT_NE(rc.find('v'), std::string::npos) << c << "\n" << text;
        EXPECT_NE(rc.find('c'), std::string::npos) << c << "\n" << text;
    }
    EXPECT_NE(text.find("woke consumer#1"), std::string::npos) << text;
}

TEST_F(TextTimelineTest, EveryLineFitsTheWidth) {
    Loop l1, l2, l3, l4;
    std::vector<Recording> runs{lost_wakeup(l1), herd(l2), kitchen_sink(l3)};
    Recorder rec;
    runs.push_back(record(l4, rec, long_main(l4, 300)));
    for (const Recording& r : runs)
        for (int w : {40, 41, 57, 80, 100, 133, 200, 400})
            expect_fits(render_text_timeline(*r.trace, w), w);
    // Below the minimum width the minimum (40) is used.
    expect_fits(render_text_timeline(*runs[0].trace, 10), 40);
}

TEST_F(TextTimelineTest, ManyIterationsAreMerged) {
    Loop loop;
    Recorder rec;
    Recording r = record(loop, rec, long_main(loop, 300));
    ASSERT_EQ(r.outcome.kind, OutcomeKind::Complete);
    const std::string text = render_text_timeline(*r.trace, 80);
    expect_fits(text, 80);
    EXPECT_NE(text.find("each column merges several iterations"), std::string::npos) << text;
    const std::string spinner = row(text, "spinner");
    const std::string main = row(text, "main");
    // The spinner runs in every merged column until it is done; main sleeps meanwhile.
    EXPECT_NE(spinner.find("===="), std::string::npos) << text;
    EXPECT_NE(main.find("...."), std::string::npos) << text;
    EXPECT_EQ(spinner.back(), '_') << text;
    // Columns never exceed the width, whatever the iteration count.
    EXPECT_EQ(row(text, "iteration").size() <= 80u, true);
}

TEST_F(TextTimelineTest, FewIterationsGetWideCells) {
    Loop loop;
    Recording r = lost_wakeup(loop);
    const std::string wide = render_text_timeline(*r.trace, 200);
    EXPECT_NE(wide.find("1 iteration = 4 columns"), std::string::npos) << wide;
    const std::string narrow = render_text_timeline(*r.trace, 40);
    EXPECT_NE(narrow.find("1 iteration = "), std::string::npos) << narrow;
}

TEST_F(TextTimelineTest, DeterministicAndSameAfterJsonRoundTrip) {
    Loop l1, l2;
    Recording a = herd(l1);
    Recording b = herd(l2);
    const std::string text = render_text_timeline(*a.trace, 90);
    EXPECT_EQ(text, render_text_timeline(*a.trace, 90));
    EXPECT_EQ(text, render_text_timeline(*b.trace, 90)); // a second, identical run
    EXPECT_EQ(text, render_text_timeline(load_trace_json(write_trace_json(*a.trace)), 90));
}

TEST_F(TextTimelineTest, GlyphsAreDistinct) {
    std::set<char> glyphs;
    for (int i = 0; i < kTaskStatusCount; ++i)
        glyphs.insert(text_timeline_glyph(static_cast<TaskStatus>(i)));
    EXPECT_EQ(glyphs.size(), static_cast<std::size_t>(kTaskStatusCount));
    EXPECT_FALSE(glyphs.contains('^') || glyphs.contains('v') || glyphs.contains('*'));
    EXPECT_EQ(text_timeline_glyph(TaskStatus::Running), '=');
    EXPECT_EQ(text_timeline_glyph(TaskStatus::WaitingOnCondition), 'c');
    EXPECT_EQ(text_timeline_glyph(TaskStatus::NotStarted), ' ');
}

TEST_F(TextTimelineTest, EmptyTrace) {
    EXPECT_EQ(render_text_timeline(Trace{}, 80), "(empty trace: no steps recorded)\n");
}
