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
    s.last_lesson = "04_lost_wakeup";
    s.speed = 2.5f;
    s.theme = ThemeKind::light;
    EXPECT_EQ(parse_settings(serialize_settings(s)), s);
    EXPECT_EQ(parse_settings(serialize_settings(Settings{})), Settings{});
}

TEST(Settings, IgnoresGarbageAndClamps) {
    const Settings s = parse_settings("garbage\n[window]\nwidth=abc\nheight=99999\n"
                                      "[session]\ntheme=purple\nspeed=-4\nunknown=1\n"
                                      "[layout]\nleft=nan\n");
    EXPECT_EQ(s.window_width, Settings{}.window_width);
    EXPECT_EQ(s.window_height, 16384);
    EXPECT_EQ(s.theme, ThemeKind::dark);
    EXPECT_FLOAT_EQ(s.speed, 0.05f);
    EXPECT_FLOAT_EQ(s.splits.left, SplitRatios{}.left);
}

TEST(Settings, ParsesWhitespaceCommentsAndCrLf) {
    const Settings s = parse_settings("; comment\r\n[ session ]\r\n  theme = light \r\n"
                                      "last_lesson = 03_wait_and_notify\r\n");
    EXPECT_EQ(s.theme, ThemeKind::light);
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
    s.last_lesson = "07_notify_versus_notify_all";
    s.theme = ThemeKind::light;
    s.window_width = 1024;
    ASSERT_TRUE(save_settings(path, s));
    EXPECT_TRUE(std::filesystem::exists(path));
    EXPECT_EQ(load_settings(path), s);
    // Overwrite, and no temp files remain.
    s.speed = 4.0f;
    ASSERT_TRUE(save_settings(path, s));
    EXPECT_EQ(load_settings(path), s);
    int files = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(path.parent_path())) {
        ++files;
    }
    EXPECT_EQ(files, 1);
}

TEST(Settings, SaveFailsWhenTheDirectoryCannotBeCreated) {
    TempDir dir;
    const auto blocker = dir.path() / "file";
    std::ofstream(blocker) << "x";
    EXPECT_FALSE(save_settings(blocker / "condlab" / "settings.ini", Settings{}));
}
