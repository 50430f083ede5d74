#include "app/app_window.h"
#include "app/gui.h"
#include "app/theme.h"

#include <gtest/gtest.h>

#include <cstdlib>

using namespace condlab::app;

TEST(GuiArgs, ParsesEveryOption) {
    const auto r = parse_gui_args({"lesson.py", "--screenshot", "/tmp/x.png", "--size", "1280x800",
                                   "--theme", "light", "--step", "12", "--lessons", "/l", "--scale",
                                   "2", "--frames", "3", "--settings", "/s.ini"});
    ASSERT_TRUE(r.error.empty()) << r.error;
    const GuiOptions& o = r.options;
    EXPECT_EQ(o.file, std::filesystem::path("lesson.py"));
    EXPECT_EQ(o.screenshot, std::filesystem::path("/tmp/x.png"));
    EXPECT_EQ(o.width, 1280);
    EXPECT_EQ(o.height, 800);
    EXPECT_EQ(o.theme, ThemeKind::Light);
    EXPECT_EQ(o.step, 12);
    EXPECT_EQ(o.lesson_dir, std::filesystem::path("/l"));
    EXPECT_FLOAT_EQ(o.ui_scale, 2.0f);
    EXPECT_EQ(o.screenshot_frames, 3);
    EXPECT_EQ(o.settings_path, std::filesystem::path("/s.ini"));
    EXPECT_EQ(parse_gui_args({"--lesson", "03"}).options.lesson, "03");
    EXPECT_TRUE(parse_gui_args({"--help"}).help);
}

TEST(GuiArgs, RejectsBadInput) {
    EXPECT_FALSE(parse_gui_args({"--size", "big"}).error.empty());
    EXPECT_FALSE(parse_gui_args({"--theme", "pink"}).error.empty());
    EXPECT_FALSE(parse_gui_args({"--step", "-1"}).error.empty());
    // Steps count from 1 as the window shows them: there is no step 0.
    EXPECT_FALSE(parse_gui_args({"--step", "0"}).error.empty());
    EXPECT_EQ(parse_gui_args({"--step", "1"}).options.step, 1);
    EXPECT_FALSE(parse_gui_args({"--screenshot"}).error.empty());
    EXPECT_FALSE(parse_gui_args({"--bogus"}).error.empty());
    EXPECT_FALSE(parse_gui_args({"a.py", "b.py"}).error.empty());
    EXPECT_EQ(parse_size("640X480"), (std::pair{640, 480}));
    EXPECT_EQ(parse_size("10x10"), std::nullopt);
    EXPECT_EQ(parse_size("640x"), std::nullopt);
}

TEST(GuiWindow, UiScaleFromWindowOrMonitor) {
    EXPECT_FLOAT_EQ(choose_ui_scale(1.0f, 1.0f, 1.0f), 1.0f);
    EXPECT_FLOAT_EQ(choose_ui_scale(2.0f, 1.5f, 1.0f), 2.0f);
    EXPECT_FLOAT_EQ(choose_ui_scale(1.0f, 1.0f, 1.5f), 1.5f);
    EXPECT_FLOAT_EQ(choose_ui_scale(0.0f, 0.0f, 0.0f), 1.0f);
    EXPECT_FLOAT_EQ(choose_ui_scale(9.0f, 9.0f, 1.0f), 4.0f);
}

TEST(GuiWindow, NoDisplayReturnsTheFallbackCode) {
    const char* display = std::getenv("DISPLAY");
    const char* wayland = std::getenv("WAYLAND_DISPLAY");
    const std::string saved_display = display != nullptr ? display : "";
    const std::string saved_wayland = wayland != nullptr ? wayland : "";
    ::unsetenv("DISPLAY");
    ::unsetenv("WAYLAND_DISPLAY");
    EXPECT_FALSE(missing_display_reason().empty());
    testing::internal::CaptureStderr();
    const int rc = run_gui(GuiOptions{});
    const std::string err = testing::internal::GetCapturedStderr();
    EXPECT_EQ(rc, kExitNoDisplay);
    EXPECT_EQ(err.rfind("condlab: no display (", 0), 0u) << err;
    EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1);
    if (display != nullptr)
        ::setenv("DISPLAY", saved_display.c_str(), 1);
    if (wayland != nullptr)
        ::setenv("WAYLAND_DISPLAY", saved_wayland.c_str(), 1);
}

TEST(Theme, PalettesDifferAndStatesAreDistinct) {
    EXPECT_EQ(parse_theme("dark"), ThemeKind::Dark);
    EXPECT_EQ(parse_theme("light"), ThemeKind::Light);
    EXPECT_EQ(parse_theme("x"), std::nullopt);
    EXPECT_EQ(theme_name(ThemeKind::Light), "light");
    for (ThemeKind k : {ThemeKind::Dark, ThemeKind::Light}) {
        const Palette& p = palette(k);
        const std::vector<Colour> states{p.running,      p.ready,         p.blocked_lock,
                                         p.waiting_cond, p.waiting_other, p.sleeping,
                                         p.failed,       p.cancelled};
        for (size_t i = 0; i < states.size(); ++i)
            for (size_t j = i + 1; j < states.size(); ++j)
                EXPECT_NE(states[i].packed(), states[j].packed()) << i << " vs " << j;
        EXPECT_NE(p.lock_held.packed(), p.lock_held_with_waiters.packed());
        EXPECT_NE(p.marker_executed.packed(), p.marker_next.packed());
    }
    EXPECT_NE(palette(ThemeKind::Dark).code_background.packed(),
              palette(ThemeKind::Light).code_background.packed());
}

TEST(Theme, HslMatchesPerfettoRunning) {
    // Perfetto Running hsl(120, 44%, 34%) = rgb(49, 125, 49).
    const Colour c = hsl(120.0f, 0.44f, 0.34f);
    EXPECT_EQ(c.packed(), 0xFF317D31u);
    EXPECT_EQ((Colour{1.0f, 0.0f, 0.0f, 1.0f}).packed(), 0xFF0000FFu);
}
