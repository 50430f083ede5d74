// The learner's part of the real window driven with X events (XTest), under Xvfb: answer a
// question with a number key and Enter; type into the editor and see the re-run and the
// error at its line; the opened file changed on disk is re-run keeping the playhead.
// Each test gives the window its own data directory (XDG_DATA_HOME) for answers and edits.
// With CONDLAB_SHOTS_DIR set, the window's PNGs (File -> Export -> Window as PNG, as a
// person does it) are copied there.
//
// It reuses xtest_window.cpp's App, X and helpers by including it; ctest runs only the
// XLearner tests of this binary (tests/app/CMakeLists.txt).
#include "xtest_window.cpp"

namespace {

class XLearner : public XWindowTest {
  protected:
    void SetUp() override {
        m_data = fs::temp_directory_path() / ("condlab_xlearner_" + std::to_string(::getpid()) +
                                              "_" + std::to_string(++s_tests));
        fs::remove_all(m_data);
        fs::create_directories(m_data);
        ::setenv("XDG_DATA_HOME", m_data.c_str(), 1); // the window inherits it
        XWindowTest::SetUp();
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(m_data, ec);
    }
    /// File -> Export -> Window as PNG into the app's folder; copied to CONDLAB_SHOTS_DIR as
    /// NAME.png when that is set. Returns the PNG written.
    /// Best effort (a screenshot for people to look at, not a check): a step that does not
    /// happen in time is reported and the PNG skipped.
    fs::path shot(App& app, const std::string& name) {
        const fs::path out = app.dir() / ("png_" + name);
        fs::create_directories(out);
        auto step = [&](const char* what, const std::function<bool(const State&)>& done) {
            if (!app.wait_for(done)) {
                std::printf("screenshot %s: %s did not happen; skipped\n", name.c_str(), what);
                m_x.key(XK_Escape);
                return false;
            }
            return true;
        };
        m_x.click(app.rect("menu:File"));
        if (!step("File menu", [](const State& s) { return s.count("rect.menu:Export") > 0; }))
            return {};
        m_x.click(app.rect("menu:Export"));
        if (!step("Export menu", [](const State& s) { return s.count("rect.item:png") > 0; }))
            return {};
        m_x.click(app.rect("item:png"));
        if (!step("browser", [](const State& s) { return !s.at("browser").empty(); }))
            return {};
        m_x.key(XK_a, false, true); // the path box has the focus: replace its text
        m_x.type(out.string() + "/");
        m_x.key(XK_Return);
        if (!step("folder", [&](const State& s) { return s.at("browser_dir") == out; }))
            return {};
        std::this_thread::sleep_for(400ms);
        m_x.click(app.rect("button:Save"));
        fs::path png;
        app.wait_for([&](const State&) {
            for (const auto& e : fs::directory_iterator(out))
                if (e.path().extension() == ".png" && fs::file_size(e.path()) > 1000)
                    png = e.path();
            return !png.empty();
        });
        if (const char* dir = std::getenv("CONDLAB_SHOTS_DIR"); dir != nullptr && !png.empty()) {
            fs::create_directories(dir);
            fs::copy_file(png, fs::path(dir) / (name + ".png"),
                          fs::copy_options::overwrite_existing);
        }
        std::this_thread::sleep_for(300ms);
        return png;
    }

    fs::path m_data;
    static inline int s_tests = 0;
};

bool is(const State& s, const std::string& key, const std::string& value) {
    const auto it = s.find(key);
    return it != s.end() && it->second == value;
}

} // namespace

TEST_F(XLearner, AnswersAQuestionWithANumberKeyAndEnter) {
    // Lesson 14 asks at w0's first print: "Who takes the lock after w0?" (*w1 | late | w2).
    auto app = start("22");
    ASSERT_TRUE(is(app->state(), "veiled", "0")) << dump(app->state());
    m_x.key(XK_End); // play to the end: the playhead stops at the question
    ASSERT_TRUE(app->wait_for([](const State& s) { return is(s, "veiled", "1"); }))
        << dump(app->state());
    // The veil may come a frame before the playhead's last step: wait until it rests.
    State veiled = app->state();
    for (int i = 0; i < 20; ++i) {
        std::this_thread::sleep_for(300ms);
        const State now = app->state();
        if (now.at("position") == veiled.at("position"))
            break;
        veiled = now;
    }
    EXPECT_LT(as_int(veiled, "position"), as_int(veiled, "positions") - 1);
    EXPECT_TRUE(is(veiled, "question_revealed", "0"));
    shot(*app, "veiled_question");
    m_x.key(XK_Right); // forward is held back while the question waits
    std::this_thread::sleep_for(300ms);
    EXPECT_EQ(as_int(app->state(), "position"), as_int(veiled, "position"));

    m_x.key(XK_1);
    ASSERT_TRUE(app->wait_for([](const State& s) { return is(s, "question_chosen", "0"); }))
        << dump(app->state());
    m_x.key(XK_Return);
    ASSERT_TRUE(app->wait_for([](const State& s) {
        return is(s, "question_revealed", "1") && is(s, "veiled", "0");
    })) << dump(app->state());
    EXPECT_TRUE(is(app->state(), "question_correct", "1")) << dump(app->state());
    EXPECT_TRUE(is(app->state(), "answered", "1 correct=1")) << dump(app->state());
    shot(*app, "reveal");
    // Kept by the lesson's name without its number.
    std::ifstream in(m_data / "condlab" / "answers.txt");
    std::string line;
    std::getline(in, line);
    EXPECT_EQ(line.rfind("fairness#0\t0\t1\t0", 0), 0U) << line;
    // Now the playhead goes on.
    m_x.key(XK_End);
    EXPECT_TRUE(app->wait_for(
        [](const State& s) { return as_int(s, "position") == as_int(s, "positions") - 1; }));
}

TEST_F(XLearner, TypingInTheEditorReRunsAndShowsTheErrorAtItsLine) {
    const fs::path lesson = fs::path(CONDLAB_SOURCE_DIR) / "lessons" / "05_lost_wakeup.py";
    std::ifstream shipped_in(lesson);
    const std::string shipped((std::istreambuf_iterator<char>(shipped_in)), {});
    const int lines = static_cast<int>(std::count(shipped.begin(), shipped.end(), '\n'));
    auto app = start("05");
    const int runs = as_int(app->state(), "run_count");
    ASSERT_TRUE(click_until(*app, "button:Edit", [](const State& s) {
        return is(s, "editing", "1") && s.count("rect.editor");
    })) << dump(app->state());
    m_x.click(app->rect("editor"));
    m_x.key(XK_End, false, true); // Ctrl+End: after the last line
    m_x.type("1x");               // a new last line: "1x" is a SyntaxError
    ASSERT_TRUE(app->wait_for([&](const State& s) {
        return is(s, "edited", "1") && as_int(s, "error_line") == lines + 1 &&
               as_int(s, "run_count") > runs && is(s, "running", "0");
    })) << dump(app->state());
    EXPECT_TRUE(app->wait_for([](const State& s) { return is(s, "error_marked", "1"); }))
        << "the error line is marked in the editor\n"
        << dump(app->state());
    shot(*app, "edit_error");
    const fs::path kept = m_data / "condlab" / "edits" / "lost_wakeup.py";
    ASSERT_TRUE(fs::exists(kept));
    std::ifstream kept_in(kept);
    const std::string kept_text((std::istreambuf_iterator<char>(kept_in)), {});
    EXPECT_EQ(kept_text, shipped + "1x");
    std::ifstream again(lesson);
    EXPECT_EQ(std::string((std::istreambuf_iterator<char>(again)), {}), shipped)
        << "the shipped lesson is never written";

    // Save As writes the edited program where the learner chooses.
    const fs::path out = m_data / "saved";
    fs::create_directories(out);
    m_x.click(app->rect("button:Save As"));
    ASSERT_TRUE(app->wait_for([](const State& s) { return is(s, "save_as", "open"); }))
        << dump(app->state());
    m_x.key(XK_a, false, true); // the path box has the focus: replace its text
    m_x.type(out.string() + "/");
    m_x.key(XK_Return);
    ASSERT_TRUE(app->wait_for([&](const State& s) { return s.at("save_as_dir") == out; }))
        << dump(app->state());
    std::this_thread::sleep_for(400ms);
    m_x.click(app->rect("button:Save"));
    const fs::path saved = out / "05_lost_wakeup_edit.py";
    ASSERT_TRUE(app->wait_for([&](const State&) { return fs::exists(saved); }))
        << dump(app->state());
    std::ifstream saved_in(saved);
    EXPECT_EQ(std::string((std::istreambuf_iterator<char>(saved_in)), {}), shipped + "1x");

    // Reset: back to the shipped text, no error, the kept edit forgotten.
    m_x.click(app->rect("button:Reset"));
    EXPECT_TRUE(app->wait_for([](const State& s) {
        return is(s, "edited", "0") && as_int(s, "error_line") == 0 && is(s, "running", "0");
    })) << dump(app->state());
    EXPECT_FALSE(fs::exists(kept));
}

TEST_F(XLearner, FileChangedOnDiskReRunsKeepingThePlayhead) {
    const fs::path file = m_data / "mine.py";
    fs::copy_file(fs::path(CONDLAB_SOURCE_DIR) / "lessons" / "03_wait_and_notify.py", file);
    auto app = start(file.string());
    m_x.key(XK_Right);
    m_x.key(XK_Right);
    ASSERT_TRUE(app->wait_for([](const State& s) { return as_int(s, "position") > 0; }));
    std::this_thread::sleep_for(200ms);
    const State before = app->state();
    {
        std::ofstream out(file, std::ios::app);
        out << "# saved by the learner's own editor\n";
    }
    ASSERT_TRUE(app->wait_for([&](const State& s) {
        return as_int(s, "reloads") == 1 && as_int(s, "run_count") > as_int(before, "run_count") &&
               is(s, "running", "0");
    })) << dump(app->state());
    EXPECT_EQ(as_int(app->state(), "position"), as_int(before, "position"));
    EXPECT_NE(app->state().at("status").find("changed on disk"), std::string::npos);
}

TEST_F(XLearner, FixGoalCellsShowWhichSettingsStillFail) {
    auto app = start("05"); // fix complete over PRODUCER_DELAY, CONSUMER_DELAY
    ASSERT_TRUE(app->wait_for([](const State& s) {
        return as_int(s, "fix_starts") == 1 && as_int(s, "fix_running") == 0 &&
               as_int(s, "fix_cells") > 0;
    })) << dump(app->state());
    const State s = app->state();
    EXPECT_GT(as_int(s, "fix_failed"), 0);
    EXPECT_LT(as_int(s, "fix_failed"), as_int(s, "fix_cells")) << "some settings already work";
    ASSERT_TRUE(click_until(*app, "button:Show cells", [](const State& st) {
        return is(st, "fix_window", "1") && st.count("rect.fix_grid");
    })) << dump(app->state());
    shot(*app, "fix_goal_cells");
}
