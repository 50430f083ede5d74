// Runs off the UI thread (app/run_worker.h, Player::run_in_background): the previous run
// stays shown while the next one runs, the newest request wins, Stop drops the run, and a
// real long program (tests/app/long_run.py) runs while the UI thread keeps polling.
#include <gtest/gtest.h>

#include "app/file_browser.h"
#include "app/player.h"
#include "app/player_gui.h"
#include "app/run_worker.h"
#include "trace/chrome_trace.h"
#include "trace/trace_json.h"

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

using namespace condlab;
using namespace condlab::app;

namespace {

const std::string lessons = CONDLAB_SOURCE_DIR "/lessons/";

/// A run function that runs the real lesson but waits for release() first, and records the
/// overrides it ran with.
struct GatedRun {
    std::mutex mutex;
    std::condition_variable cv;
    int released = 0; ///< runs allowed to finish
    int started = 0;
    std::vector<lesson::Overrides> ran;

    PlayerRunFunction function() {
        return [this](const lesson::Lesson& l, const lesson::Overrides& o,
                      const lesson::RunOptions& opt) {
            std::unique_lock lock(mutex);
            ++started;
            cv.notify_all();
            cv.wait(lock, [&] { return released >= started; });
            ran.push_back(o);
            lock.unlock();
            return lesson::run(l, o, opt);
        };
    }
    void release(int n = 1) {
        std::lock_guard lock(mutex);
        released += n;
        cv.notify_all();
    }
    void wait_started(int n) {
        std::unique_lock lock(mutex);
        cv.wait(lock, [&] { return started >= n; });
    }
};

} // namespace

TEST(RunWorker, FirstRunArrivesInTheBackground) {
    GatedRun gate;
    Player p(gate.function());
    p.run_in_background();
    ASSERT_TRUE(p.load_file(lessons + "05_lost_wakeup.py"));
    EXPECT_TRUE(p.running());
    EXPECT_EQ(p.trace(), nullptr) << "nothing of another file is shown meanwhile";
    EXPECT_EQ(p.run_count(), 0);
    EXPECT_FALSE(p.poll());
    gate.release();
    p.wait_for_run();
    EXPECT_FALSE(p.running());
    ASSERT_NE(p.trace(), nullptr);
    EXPECT_EQ(p.run_count(), 1);
    EXPECT_GT(p.step_count(), 5U);
    EXPECT_TRUE(p.at_first());
}

TEST(RunWorker, PreviousRunStaysShownUntilTheNewOneIsIn) {
    GatedRun gate;
    Player p(gate.function());
    p.run_in_background();
    gate.release();
    ASSERT_TRUE(p.load_file(lessons + "05_lost_wakeup.py"));
    p.wait_for_run();
    const Trace* first = p.trace();
    ASSERT_NE(first, nullptr);
    p.seek_step(3);
    p.set_param("PRODUCER_DELAY", "3.0");
    gate.wait_started(2);
    EXPECT_TRUE(p.running());
    EXPECT_EQ(p.trace(), first);
    EXPECT_EQ(p.step(), 3U);
    EXPECT_TRUE(p.forward()) << "the shown run can still be stepped";
    gate.release();
    p.wait_for_run();
    EXPECT_NE(p.trace(), first);
    EXPECT_EQ(p.run_count(), 2);
    EXPECT_EQ(p.step(), 4U) << "the new run keeps the playhead where the learner moved it";
}

TEST(RunWorker, NewestRequestWinsAndStopDropsTheRun) {
    GatedRun gate;
    Player p(gate.function());
    p.run_in_background();
    gate.release();
    ASSERT_TRUE(p.load_file(lessons + "05_lost_wakeup.py"));
    p.wait_for_run();
    const lesson::Param* num = p.lesson()->find_literal("PRODUCER_DELAY");
    ASSERT_NE(num, nullptr);
    const std::string lo = "0.5";
    const std::string hi = "4.5";
    p.set_param(num->name, lo); // starts, blocked
    gate.wait_started(2);
    p.set_param(num->name, hi); // queued behind it
    gate.release(2);
    p.wait_for_run();
    EXPECT_EQ(p.param_text(*num), hi);
    ASSERT_FALSE(gate.ran.empty());
    EXPECT_EQ(lesson::find_override(gate.ran.back(), num->name) != nullptr
                  ? *lesson::find_override(gate.ran.back(), num->name)
                  : std::string(),
              hi);
    const int runs = p.run_count();
    const Trace* shown = p.trace();

    p.set_param(num->name, "1.5");
    EXPECT_TRUE(p.running());
    p.stop_run();
    EXPECT_FALSE(p.running());
    gate.release();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    EXPECT_FALSE(p.poll()) << "a stopped run is dropped";
    EXPECT_EQ(p.trace(), shown);
    EXPECT_EQ(p.run_count(), runs);
}

TEST(RunWorker, LongProgramRunsWhileTheUiThreadKeepsPolling) {
    Player p;
    p.run_in_background();
    ASSERT_TRUE(p.load_file(CONDLAB_SOURCE_DIR "/tests/app/long_run.py"));
    int polls_while_running = 0;
    std::uint64_t max_steps_seen = 0;
    while (p.running()) {
        p.poll();
        ++polls_while_running;
        max_steps_seen = std::max(max_steps_seen, p.running_steps());
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    p.poll();
    ASSERT_NE(p.trace(), nullptr);
    EXPECT_GT(polls_while_running, 10) << "the UI thread was never blocked by the run";
    EXPECT_GT(max_steps_seen, 1000U) << "progress was reported while the run went on";
    ASSERT_NE(p.result(), nullptr);
    // On a busy machine (and several times slower under ASan) the 2 s wall-clock budget may
    // end it first: what counts here is that it ran long while the UI thread polled.
    if (p.result()->outcome == lesson::Outcome::Budget) {
        EXPECT_EQ(p.result()->budget, BudgetKind::WallClock) << p.result()->summary;
        EXPECT_GT(p.step_count(), 1000U) << p.result()->summary;
        return;
    }
    EXPECT_GT(p.step_count(), 90000U) << p.result()->summary;
}

TEST(FileBrowser, ListsFoldersThenPythonFilesWithoutHiddenOnes) {
    const auto dir = std::filesystem::temp_directory_path() / "condlab_browser_test";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir / "sub");
    std::filesystem::create_directories(dir / ".hidden");
    for (const char* f : {"b.py", "a.py", "notes.txt", ".x.py"})
        std::ofstream(dir / f) << "\n";
    std::string error;
    const auto entries = list_directory(dir, ".py", &error);
    ASSERT_EQ(entries.size(), 3U);
    EXPECT_EQ(entries[0].name, "sub");
    EXPECT_TRUE(entries[0].is_dir);
    EXPECT_EQ(entries[1].name, "a.py");
    EXPECT_EQ(entries[2].name, "b.py");
    EXPECT_TRUE(error.empty());
    EXPECT_TRUE(list_directory(dir / "missing", ".py", &error).empty());
    EXPECT_NE(error.find("missing"), std::string::npos);
    std::filesystem::remove_all(dir);
}

TEST(FileBrowser, RecentFilesAreNewestFirstWithoutDuplicates) {
    std::vector<std::string> recent;
    add_recent_file(recent, "/a.py", 3);
    add_recent_file(recent, "/b.py", 3);
    add_recent_file(recent, "/a.py", 3);
    add_recent_file(recent, "/c.py", 3);
    add_recent_file(recent, "/d.py", 3);
    EXPECT_EQ(recent, (std::vector<std::string>{"/d.py", "/c.py", "/a.py"}));
}

TEST(Export, TraceExportsWriteTheExportersText) {
    Player p;
    ASSERT_TRUE(p.load_file(lessons + "03_wait_and_notify.py"));
    const auto dir = std::filesystem::temp_directory_path();
    const auto chrome = dir / "condlab_export_test.chrome.json";
    const auto json = dir / "condlab_export_test.trace.json";
    EXPECT_EQ(export_trace(p, ExportKind::ChromeTrace, chrome), "");
    EXPECT_EQ(export_trace(p, ExportKind::CondlabJson, json), "");
    auto read = [](const std::filesystem::path& f) {
        std::ifstream in(f);
        return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    };
    EXPECT_EQ(read(chrome), write_chrome_trace(*p.trace()));
    EXPECT_EQ(read(json), write_trace_json(*p.trace()));
    EXPECT_NE(read(chrome).find("\"traceEvents\""), std::string::npos);
    EXPECT_NE(export_trace(p, ExportKind::ChromeTrace, dir / "no_such_dir" / "x.json"), "");
    std::filesystem::remove(chrome);
    std::filesystem::remove(json);
}

// Stop ends a long run at once (RunOptions::stop is checked where the budgets are), not at
// its wall-clock budget, and says so: "stopped by you: task ... at line ...".
TEST(RunWorker, StopEndsALongRunAtOnceAndSaysSo) {
    std::ifstream in(CONDLAB_SOURCE_DIR "/tests/app/long_run.py");
    std::stringstream text;
    text << in.rdbuf();
    auto program = std::make_shared<const lesson::Lesson>(
        lesson::parse_lesson_source(text.str(), CONDLAB_SOURCE_DIR "/tests/app/long_run.py"));
    RunWorker worker(lesson::run);
    RunRequest request{program, {}, lesson::RunOptions{}};
    request.options.max_wall_seconds = 60.0; // far longer than the test may take
    request.options.max_iterations = 100'000'000;
    worker.submit(std::move(request));
    const auto t0 = std::chrono::steady_clock::now();
    while (worker.steps_so_far() < 2000 &&
           std::chrono::steady_clock::now() - t0 < std::chrono::seconds(30))
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    ASSERT_GE(worker.steps_so_far(), 2000U) << "the run did not start";
    ASSERT_FALSE(worker.idle());
    const auto stop_at = std::chrono::steady_clock::now();
    worker.stop();
    EXPECT_FALSE(worker.busy()) << "the window stops waiting at once";
    while (!worker.idle() && std::chrono::steady_clock::now() - stop_at < std::chrono::seconds(30))
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - stop_at)
            .count();
    std::printf("stop -> run ended: %.1f ms (%llu steps run)\n", ms,
                static_cast<unsigned long long>(worker.steps_so_far()));
    // The run would go on for up to a minute; it ends because of Stop (no timed check here).
    EXPECT_TRUE(worker.idle()) << "the run went on after Stop";
    const std::string said = worker.stopped_summary();
    EXPECT_EQ(said.rfind("stopped by you", 0), 0U) << said;
    EXPECT_NE(said.find("line "), std::string::npos) << said;
    EXPECT_FALSE(worker.take().has_value()) << "a stopped run is dropped";

    // A new request clears the note and runs to its end.
    RunRequest small{program, {{"WORKERS", "1"}, {"ROUNDS", "10"}}, lesson::RunOptions{}};
    worker.submit(std::move(small));
    EXPECT_TRUE(worker.stopped_summary().empty());
    worker.wait();
    const std::optional<FinishedRun> done = worker.take();
    ASSERT_TRUE(done.has_value());
    EXPECT_EQ(done->result->outcome, lesson::Outcome::Complete) << done->result->summary;
}
