// Headless ImGui tests of the learner's part of the player (app/learner_gui.h): a question
// veils the panels until a number key and Enter answer it, playback stops at its anchor,
// the answer is kept and shows in the lesson list; an edit re-runs after the typing pause
// and its error is at its line; a file changed on disk re-runs keeping the playhead.
#include <imgui.h>

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>

#include "app/learner_gui.h"
#include "app/player_gui.h"
#include "app/shell.h"
#include "headless_player.h"

using namespace condlab;
using namespace condlab::app;

namespace {

// Every app test in this binary keeps the learner's answers and edits away from the real
// home: an empty data directory of its own (set before any test runs).
const bool g_isolated_data = [] {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("condlab_app_tests_data_" + std::to_string(::getpid()));
    ::setenv("XDG_DATA_HOME", dir.c_str(), 1);
    return true;
}();

class LearnerUi : public HeadlessPlayerTest {
  protected:
    void SetUp() override {
        m_data = std::filesystem::temp_directory_path() /
                 ("condlab_learner_ui_" +
                  std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(m_data);
        m_saved_data = std::getenv("XDG_DATA_HOME") != nullptr ? std::getenv("XDG_DATA_HOME") : "";
        ::setenv("XDG_DATA_HOME", m_data.c_str(), 1); // a fresh one per test
        HeadlessPlayerTest::SetUp();
        ImGui::GetIO().KeyMap[ImGuiKey_Enter] = 257;
        capture_panel_text(m_text);
    }
    void TearDown() override {
        HeadlessPlayerTest::TearDown();
        ::setenv("XDG_DATA_HOME", m_saved_data.c_str(), 1);
        (void)g_isolated_data;
    }
    void type(char c) {
        ImGui::GetIO().AddInputCharacter(static_cast<unsigned>(c));
        frame();
    }
    void enter() {
        ImGuiIO& io = ImGui::GetIO();
        io.KeysDown[257] = true;
        frame();
        io.KeysDown[257] = false;
        frame();
    }
    void open(const char* lesson) {
        ASSERT_TRUE(m_shell->open_lesson(lesson));
        frame();
        frame();
    }
    bool has(const std::string& s) const { return m_text.find(s) != std::string::npos; }
    LearnerGui& learner() { return *m_gui->learner; }
    Player& player() { return m_gui->player; }

    std::filesystem::path m_data;
    std::string m_saved_data;
};

} // namespace

TEST_F(LearnerUi, QuestionVeilsUntilANumberKeyAndEnter) {
    open("14"); // "Does every item get through?" at start; the run deadlocks
    ASSERT_TRUE(learner().veiled);
    EXPECT_TRUE(has("Predict before you go on")) << m_text;
    EXPECT_TRUE(has("Hidden until you answer")) << m_text;
    EXPECT_TRUE(step_of_phrases(m_text).empty()) << m_text; // "step k of N" would tell
    EXPECT_FALSE(has("Outcome")) << m_text;
    EXPECT_EQ(player().position_index(), 0U);
    player().last(); // the playhead cannot pass the question
    frame();
    frame();
    EXPECT_EQ(player().position_index(), 0U);

    type('1'); // "complete": wrong
    enter();
    EXPECT_FALSE(learner().veiled);
    EXPECT_TRUE(has("Not quite: the run answers deadlock.")) << m_text;
    EXPECT_TRUE(has("everybody waits. Deadlock.")) << m_text; // the lesson's explanation
    EXPECT_FALSE(step_of_phrases(m_text).empty()) << m_text;
    ASSERT_NE(m_shell->content(), nullptr);
    EXPECT_EQ(m_shell->content()->lesson_badge(m_shell->lessons()[13]), "0/1");

    // Kept in the data directory under the name without its number.
    AnswerStore stored;
    stored.load();
    ASSERT_TRUE(stored.get("wrong_waiter", 0).has_value());
    EXPECT_EQ(stored.get("wrong_waiter", 0)->chosen, 0);
    EXPECT_TRUE(std::filesystem::exists(m_data / "condlab" / "answers.txt"));
}

TEST_F(LearnerUi, RetryThenRightAnswer) {
    open("14");
    type('2');
    enter();
    EXPECT_TRUE(has("Right: deadlock.")) << m_text;
    EXPECT_EQ(m_shell->content()->lesson_badge(m_shell->lessons()[13]), "1/1");
    // Reopening the lesson: answered, nothing veiled.
    open("14");
    EXPECT_FALSE(learner().veiled);
}

TEST_F(LearnerUi, PlaybackStopsAtALaterAnchor) {
    open("22"); // "at first print by w0 ask next holder cond"
    EXPECT_FALSE(learner().veiled);
    ASSERT_FALSE(learner().flow.questions().empty());
    const std::size_t limit = learner().flow.questions().front().limit;
    EXPECT_GT(limit, 0U);
    player().last();
    frame();
    frame();
    EXPECT_TRUE(learner().veiled);
    EXPECT_EQ(player().position_index(), limit);
    EXPECT_FALSE(player().playing());
    EXPECT_TRUE(step_of_phrases(m_text).empty()) << m_text;
    // Stepping back keeps the question due (the veil stays until it is answered).
    player().back();
    frame();
    EXPECT_LT(player().position_index(), limit);
    EXPECT_TRUE(learner().veiled);
    EXPECT_TRUE(step_of_phrases(m_text).empty()) << m_text;
}

TEST_F(LearnerUi, EditRunsAfterThePauseWithTheErrorAtItsLine) {
    open("5");
    learner().own_clock = true;
    learner().clock = 100.0;
    const int runs = player().run_count();
    CodeEditor& e = learner().editor;
    e.editing = true;
    // The consumer's "waiting" print gets a NameError at run time.
    const std::string shipped = e.text;
    const std::size_t at = e.text.find("print(f\"{now():.1f} consumer: waiting");
    ASSERT_NE(at, std::string::npos);
    const int line = 1 + static_cast<int>(std::count(e.text.begin(), e.text.begin() + at, '\n'));
    e.text.insert(at, "undefined_name + ");
    editor_changed(e, learner().clock);
    frame();
    EXPECT_EQ(player().run_count(), runs); // still typing
    learner().clock += CodeEditor::kTypingPause + 0.01;
    frame();
    EXPECT_EQ(player().run_count(), runs + 1);
    frame();
    frame();
    EXPECT_GE(e.error_y, 0.0f) << "in the editor the error shows wherever the playhead is";
    player().last();
    frame();
    frame();
    ASSERT_TRUE(m_shell->error().has_value());
    EXPECT_EQ(m_shell->error()->line, line);
    EXPECT_NE(m_shell->error()->message.find("NameError"), std::string::npos);
    EXPECT_GE(e.error_y, 0.0f); // marked inside the editor
    EXPECT_TRUE(std::filesystem::exists(m_data / "condlab" / "edits" / "lost_wakeup.py"));
    // The lesson file itself is untouched.
    EXPECT_EQ(lesson::read_source_file(CONDLAB_SOURCE_DIR "/lessons/05_lost_wakeup.py"), shipped);

    // A restart keeps the edit; Reset returns to the shipped text.
    open("5");
    EXPECT_TRUE(editor_edited(learner().editor));
    EXPECT_NE(player().lesson()->source.find("undefined_name"), std::string::npos);
    editor_reset(learner().editor);
    learner().editor.rerun = true;
    frame();
    EXPECT_EQ(player().lesson()->source, shipped);
}

TEST_F(LearnerUi, RunawayEditEndsInItsBudgetAndStays) {
    open("5");
    learner().own_clock = true;
    CodeEditor& e = learner().editor;
    const std::size_t at = e.text.find("async def main():");
    ASSERT_NE(at, std::string::npos);
    e.text.insert(at, "async def spin():\n    while True:\n        await asyncio.sleep(0)\n\n\n");
    const std::size_t gather = e.text.find("await asyncio.gather(");
    e.text.insert(gather, "await spin()\n    ");
    editor_changed(e, learner().clock);
    learner().clock += 1.0;
    frame();
    ASSERT_NE(player().result(), nullptr);
    EXPECT_NE(player().result()->summary.find("budget"), std::string::npos)
        << player().result()->summary;
    EXPECT_NE(learner().editor.text.find("async def spin"), std::string::npos);
}

TEST_F(LearnerUi, FileChangedOnDiskReRunsKeepingThePlayhead) {
    const std::filesystem::path file = m_data / "mine.py";
    std::filesystem::create_directories(m_data);
    std::filesystem::copy_file(CONDLAB_SOURCE_DIR "/lessons/03_wait_and_notify.py", file);
    ASSERT_TRUE(m_shell->open_file(file));
    frame();
    learner().watch.interval = std::chrono::milliseconds(0);
    learner().watch.rearm();
    player().seek_step(3);
    frame();
    const int runs = player().run_count();
    {
        std::ofstream out(file, std::ios::app);
        out << "# the learner's editor saved this\n";
    }
    frame();
    EXPECT_EQ(learner().reloads, 1);
    EXPECT_EQ(player().run_count(), runs + 1);
    EXPECT_EQ(player().step(), 3U);
    EXPECT_NE(player().lesson()->source.find("the learner's editor"), std::string::npos);
    EXPECT_NE(m_shell->status().find("changed on disk"), std::string::npos);
}

TEST_F(LearnerUi, FixGoalCellsFailUntilTheReferenceFixIsTyped) {
    open("5"); // "fix complete over PRODUCER_DELAY, CONSUMER_DELAY"
    FixGoalPanel& f = learner().fix;
    ASSERT_EQ(f.starts, 1) << f.error;
    f.check.wait();
    frame();
    ASSERT_FALSE(f.shown.cells.empty());
    EXPECT_GT(f.shown.failed, 0U) << "the shipped program fails somewhere";
    EXPECT_GT(f.shown.met, 0U) << "and completes in other cells";
    EXPECT_NE(fix_goal_status(f).find("still fail"), std::string::npos) << fix_goal_status(f);

    // The cells window: a click on a failing cell loads its setting.
    f.window_open = true;
    frame();
    frame();
    ASSERT_GT(f.grid_nx, 1);
    const lesson::FixCell* failing = f.shown.first_failure();
    ASSERT_NE(failing, nullptr);
    const auto i = static_cast<int>(failing - f.shown.cells.data());
    const float x = f.grid_x + (static_cast<float>(i % f.grid_nx) + 0.5f) * f.cell_w;
    const float y = f.grid_y + (static_cast<float>(i / f.grid_nx) + 0.5f) * f.cell_h;
    const lesson::Overrides wanted = failing->overrides;
    click(x, y);
    for (const auto& [name, value] : wanted) {
        const lesson::Param* p = player().lesson()->find_literal(name);
        ASSERT_NE(p, nullptr);
        EXPECT_EQ(player().param_text(*p), value) << name;
    }
    EXPECT_NE(player().result()->outcome, lesson::Outcome::Complete);

    // Typing the reference fix: checked again, and it holds everywhere.
    learner().own_clock = true;
    learner().editor.text =
        lesson::read_source_file(CONDLAB_SOURCE_DIR "/lessons/fixes/lost_wakeup.py");
    editor_changed(learner().editor, learner().clock);
    learner().clock += 1.0;
    frame();
    frame();
    EXPECT_EQ(f.starts, 2);
    f.check.wait();
    frame();
    EXPECT_TRUE(f.shown.holds()) << fix_goal_status(f);
    EXPECT_NE(fix_goal_status(f).find("holds in all"), std::string::npos);
}

TEST_F(LearnerUi, QuestionsOfAPresetAreOfferedAndAskedThere) {
    open("5"); // its questions are asked in the producer-first preset
    EXPECT_FALSE(learner().veiled);
    const Rect* ask = m_gui->rect("ask:producer-first");
    ASSERT_NE(ask, nullptr);
    click(ask->x + ask->w * 0.5f, ask->y + ask->h * 0.5f);
    frame();
    const lesson::Lesson* l = player().lesson();
    const lesson::Question& q = l->questions.front();
    EXPECT_TRUE(question_applies(*l, q, player().overrides()));
    EXPECT_TRUE(learner().veiled); // "how does the run end?" is asked at the start
    EXPECT_TRUE(has("Predict before you go on")) << m_text;
}

// Lesson 04 asks "What does it print next?" after the first print; the step that printed
// it goes on to print the answer (no await in between). The Output panel stops at the
// question's anchor, as the timeline does, until the answer.
TEST_F(LearnerUi, OutputHoldsBackTheAnswerWhileAQuestionIsOpen) {
    open("04");
    player().last(); // the playhead stops at the question
    frame();
    frame();
    ASSERT_TRUE(learner().veiled);
    ASSERT_TRUE(has("What does it print next?")) << m_text;
    EXPECT_TRUE(has("0.0 consumer: waiting")) << m_text; // printed before the question
    EXPECT_TRUE(has("the rest after your answer")) << m_text;
    // The choices quote the answer ("0.0 consumer: data = None"); the output would not.
    const auto unquoted = [this](std::string_view s) {
        std::size_t n = 0;
        for (std::size_t p = m_text.find(s); p != std::string::npos; p = m_text.find(s, p + 1))
            if (p + s.size() >= m_text.size() || m_text[p + s.size()] != '"')
                ++n;
        return n;
    };
    EXPECT_EQ(unquoted("consumer: data = None"), 0U) << m_text;

    type('1'); // right
    enter();
    ASSERT_FALSE(learner().veiled);
    EXPECT_GE(unquoted("consumer: data = None"), 1U) << m_text;
    EXPECT_FALSE(has("the rest after your answer")) << m_text;
}
