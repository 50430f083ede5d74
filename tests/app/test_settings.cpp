#include "app/settings.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <unistd.h>

using namespace condlab::app;

namespace {

class TempDir {
  public:
    TempDir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "condlab_app_XXXXXX").string();
        m_path = ::mkdtemp(tmpl.data());
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    const std::filesystem::path& path() const { return m_path; }

  private:
    std::filesystem::path m_path;
};

} // namespace

TEST(Settings, RoundTripsThroughText) {
    Settings s;
    s.window_width = 1600;
    s.window_height = 900;
    s.splits.left = 0.3f;
    s.splits.centre_split = 0.4f;
    s.splits.right_splits = {0.1f, 0.5f, 0.75f};
    s.last_lesson = "05_lost_wakeup";
    s.speed = 2.5f;
    s.theme = ThemeKind::Light;
    EXPECT_EQ(parse_settings(serialize_settings(s)), s);
    EXPECT_EQ(parse_settings(serialize_settings(Settings{})), Settings{});
}

TEST(Settings, IgnoresGarbageAndClamps) {
    const Settings s = parse_settings("garbage\n[window]\nwidth=abc\nheight=99999\n"
                                      "[session]\ntheme=purple\nspeed=-4\nunknown=1\n"
                                      "[layout]\nleft=nan\n");
    EXPECT_EQ(s.window_width, Settings{}.window_width);
    EXPECT_EQ(s.window_height, 16384);
    EXPECT_EQ(s.theme, ThemeKind::Dark);
    EXPECT_FLOAT_EQ(s.speed, 0.05f);
    EXPECT_FLOAT_EQ(s.splits.left, SplitRatios{}.left);
}

TEST(Settings, ParsesWhitespaceCommentsAndCrLf) {
    const Settings s = parse_settings("; comment\r\n[ session ]\r\n  theme = light \r\n"
                                      "last_lesson = 03_wait_and_notify\r\n");
    EXPECT_EQ(s.theme, ThemeKind::Light);
    EXPECT_EQ(s.last_lesson, "03_wait_and_notify");
}

TEST(Settings, PathFollowsXdg) {
    EXPECT_EQ(settings_path_from("/x/cfg", "/home/u"),
              std::filesystem::path("/x/cfg/condlab/settings.ini"));
    EXPECT_EQ(settings_path_from(nullptr, "/home/u"),
              std::filesystem::path("/home/u/.config/condlab/settings.ini"));
    EXPECT_EQ(settings_path_from("relative", "/home/u"),
              std::filesystem::path("/home/u/.config/condlab/settings.ini"));
    EXPECT_EQ(settings_path_from(nullptr, nullptr), std::nullopt);
    EXPECT_EQ(settings_path_from("", ""), std::nullopt);
}

TEST(Settings, SaveCreatesDirectoryAndLoadReadsBack) {
    TempDir dir;
    const auto path = *settings_path_from(dir.path().c_str(), nullptr);
    EXPECT_EQ(load_settings(path), Settings{}); // missing file: defaults
    Settings s;
    s.last_lesson = "11_notify_versus_notify_all";
    s.theme = ThemeKind::Light;
    s.window_width = 1024;
    ASSERT_TRUE(save_settings(path, s));
    EXPECT_TRUE(std::filesystem::exists(path));
    EXPECT_EQ(load_settings(path), s);
    // Overwrite, and no temp files remain.
    s.speed = 4.0f;
    ASSERT_TRUE(save_settings(path, s));
    EXPECT_EQ(load_settings(path), s);
    int files = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(path.parent_path()))
        ++files;
    EXPECT_EQ(files, 1);
}

TEST(Settings, SaveFailsWhenTheDirectoryCannotBeCreated) {
    TempDir dir;
    const auto blocker = dir.path() / "file";
    std::ofstream(blocker) << "x";
    EXPECT_FALSE(save_settings(blocker / "condlab" / "settings.ini", Settings{}));
}

TEST(Settings, AxisAndStepModesRoundTrip) {
    Settings s;
    s.axis_mode = "time";
    s.step_mode = "line";
    const Settings back = parse_settings(serialize_settings(s));
    EXPECT_EQ(back.axis_mode, "time");
    EXPECT_EQ(back.step_mode, "line");
    // Unknown values keep the defaults.
    const Settings bad = parse_settings("[session]\naxis_mode=diagonal\nstep_mode=jump\n");
    EXPECT_EQ(bad.axis_mode, "hybrid");
    EXPECT_EQ(bad.step_mode, "event");
}

TEST(Settings, CommandLineValuesAreNotSaved) {
    Settings stored;
    stored.theme = ThemeKind::Dark;
    stored.window_width = 1400;
    stored.window_height = 900;
    Settings session = stored;
    session.theme = ThemeKind::Light; // from --theme light
    session.window_width = 800;       // from --size 800x600
    session.window_height = 600;
    session.speed = 2.0f; // changed in the window: saved
    const Settings out = settings_to_save(session, stored, ThemeKind::Light, true);
    EXPECT_EQ(out.theme, ThemeKind::Dark);
    EXPECT_EQ(out.window_width, 1400);
    EXPECT_EQ(out.window_height, 900);
    EXPECT_EQ(out.speed, 2.0f);
    // The user switched the theme in the window after --theme light: that choice is saved.
    session.theme = ThemeKind::Dark;
    stored.theme = ThemeKind::Light;
    EXPECT_EQ(settings_to_save(session, stored, ThemeKind::Light, false).theme, ThemeKind::Dark);
    // Without command-line values everything is saved as is.
    EXPECT_EQ(settings_to_save(session, stored, std::nullopt, false), session);
}
