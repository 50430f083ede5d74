// The learner's files and the edit model: stored answers keyed by the lesson's name without
// its number, kept edits in the data directory, the file watch (mtime + size), and the
// code editor's typing pause, reset and disk changes (app/answer_store.h, edit_store.h,
// file_watch.h, code_editor.h).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>

#include "app/answer_store.h"
#include "app/code_editor.h"
#include "app/edit_store.h"
#include "app/file_watch.h"

using namespace condlab::app;

namespace {

std::filesystem::path temp_dir(const char* name) {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("condlab_learner_" + std::string(name) + "_" +
                      std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

void write(const std::filesystem::path& p, const std::string& text) {
    std::ofstream(p, std::ios::binary | std::ios::trunc) << text;
}

} // namespace

TEST(AnswerStore, LessonKeyDropsTheNumber) {
    EXPECT_EQ(lesson_key("03_wait_and_notify"), "wait_and_notify");
    EXPECT_EQ(lesson_key("117_x"), "x");
    EXPECT_EQ(lesson_key("my_program"), "my_program");
    EXPECT_EQ(lesson_key("42"), "42");
}

TEST(AnswerStore, KeptAcrossRestartAndRenumbering) {
    const auto dir = temp_dir("answers");
    {
        AnswerStore store(dir / "answers.txt");
        store.load(); // no file yet: empty
        EXPECT_EQ(store.summary("14_wrong_waiter").answered, 0);
        store.put("14_wrong_waiter", 0, {1, true, false});
        store.put("14_wrong_waiter", 1, {-1, false, true});
        store.put("09_notify_without_lock", 0, {0, false, false});
        ASSERT_TRUE(store.save());
    }
    AnswerStore again(dir / "answers.txt");
    again.load();
    // The lesson renumbered from 09 to 12: the same answers.
    const auto a = again.get("12_wrong_waiter", 0);
    ASSERT_TRUE(a.has_value());
    EXPECT_EQ(a->chosen, 1);
    EXPECT_TRUE(a->correct);
    EXPECT_TRUE(again.get("wrong_waiter", 1)->skipped);
    const AnswerSummary s = again.summary("12_wrong_waiter");
    EXPECT_EQ(s.answered, 2);
    EXPECT_EQ(s.correct, 1);
    EXPECT_EQ(again.summary("notify_without_lock").correct, 0);
    again.erase("wrong_waiter", 0);
    EXPECT_FALSE(again.get("14_wrong_waiter", 0).has_value());
}

TEST(AnswerStore, DataDirFollowsXdg) {
    const std::string saved_xdg = std::getenv("XDG_DATA_HOME") ? std::getenv("XDG_DATA_HOME") : "";
    const std::string saved_home = std::getenv("HOME") ? std::getenv("HOME") : "";
    ::setenv("XDG_DATA_HOME", "/tmp/xdg_data_test", 1);
    EXPECT_EQ(condlab_data_dir(), std::filesystem::path("/tmp/xdg_data_test/condlab"));
    ::setenv("XDG_DATA_HOME", "relative/is/ignored", 1);
    ::setenv("HOME", "/home/learner", 1);
    EXPECT_EQ(condlab_data_dir(), std::filesystem::path("/home/learner/.local/share/condlab"));
    ::setenv("XDG_DATA_HOME", saved_xdg.c_str(), 1);
    ::setenv("HOME", saved_home.c_str(), 1);
}

TEST(EditStore, KeptByNameAndRemoved) {
    const auto dir = temp_dir("edits");
    EXPECT_FALSE(load_edit("05_lost_wakeup", dir).has_value());
    EXPECT_EQ(save_edit("05_lost_wakeup", "print(1)\n", dir), "");
    EXPECT_EQ(edit_path("05_lost_wakeup", dir), dir / "edits" / "lost_wakeup.py");
    EXPECT_EQ(load_edit("07_lost_wakeup", dir).value_or(""), "print(1)\n");
    remove_edit("05_lost_wakeup", dir);
    EXPECT_FALSE(load_edit("05_lost_wakeup", dir).has_value());
    const std::string err = write_text_file("/proc/condlab_cannot_write/x.py", "x");
    EXPECT_NE(err.find("/proc/condlab_cannot_write/x.py"), std::string::npos) << err;
}

TEST(FileWatch, SeesMtimeAndSizeChangesAtItsInterval) {
    const auto dir = temp_dir("watch");
    const auto file = dir / "prog.py";
    write(file, "a = 1\n");
    FileWatch w;
    w.watch(file);
    auto now = FileWatch::Clock::now();
    EXPECT_FALSE(w.poll(now + std::chrono::seconds(1)));         // unchanged
    write(file, "a = 22\n");                                     // other size
    EXPECT_FALSE(w.poll(now + std::chrono::milliseconds(1100))); // before the interval
    EXPECT_TRUE(w.poll(now + std::chrono::seconds(2)));
    EXPECT_FALSE(w.poll(now + std::chrono::seconds(3))); // once per change
    // Same size, newer mtime.
    write(file, "a = 33\n");
    std::filesystem::last_write_time(file, std::filesystem::last_write_time(file) +
                                               std::chrono::seconds(5));
    EXPECT_TRUE(w.poll(now + std::chrono::seconds(4)));
    // Gone (an editor's save by rename in progress): not a change.
    std::filesystem::remove(file);
    EXPECT_FALSE(w.poll(now + std::chrono::seconds(5)));
}

TEST(CodeEditor, TypingPauseKeepsTheEditAndResetForgetsIt) {
    const auto dir = temp_dir("editor");
    CodeEditor e;
    e.data = dir;
    EXPECT_FALSE(editor_open(e, dir / "05_lost_wakeup.py", "05_lost_wakeup", "shipped\n"));
    e.text = "edited\n";
    editor_changed(e, 10.0);
    EXPECT_FALSE(editor_take_due(e, 10.1)); // still typing
    EXPECT_EQ(e.applied, "shipped\n");
    EXPECT_TRUE(editor_take_due(e, 10.0 + CodeEditor::kTypingPause));
    EXPECT_EQ(e.applied, "edited\n");
    EXPECT_TRUE(editor_edited(e));
    ASSERT_NE(e.doc, nullptr);
    EXPECT_EQ(e.doc->text, "edited\n");
    EXPECT_EQ(load_edit("05_lost_wakeup", dir).value_or(""), "edited\n");
    EXPECT_FALSE(editor_take_due(e, 20.0)); // nothing new

    // A restart: the kept edit comes back.
    CodeEditor again;
    again.data = dir;
    EXPECT_TRUE(editor_open(again, dir / "05_lost_wakeup.py", "05_lost_wakeup", "shipped\n"));
    EXPECT_EQ(again.text, "edited\n");
    EXPECT_TRUE(editor_reset(again));
    EXPECT_EQ(again.applied, "shipped\n");
    EXPECT_EQ(again.doc, nullptr);
    EXPECT_FALSE(load_edit("05_lost_wakeup", dir).has_value());
}

TEST(CodeEditor, DiskChangeFollowsUnlessEdited) {
    const auto dir = temp_dir("disk");
    CodeEditor e;
    e.data = dir;
    editor_open(e, dir / "mine.py", "", "v1\n"); // not a lesson: edits are not kept
    EXPECT_TRUE(editor_disk_changed(e, "v2\n"));
    EXPECT_EQ(e.applied, "v2\n");
    e.text = "mine\n";
    editor_changed(e, 0.0);
    EXPECT_TRUE(editor_take_due(e, 1.0));
    EXPECT_FALSE(std::filesystem::exists(dir / "edits"));
    editor_disk_changed(e, "v3\n");
    EXPECT_EQ(e.applied, "mine\n"); // the learner's edit stays
    EXPECT_EQ(e.shipped, "v3\n");
}
