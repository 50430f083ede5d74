// What the window shows, written to a small text file for the tests that drive the real
// window with X events (tests/app/xtest_window.cpp): with CONDLAB_TEST_STATE=PATH set, the
// window rewrites PATH (key=value lines, atomically) whenever it changes. The tests read
// it to check what their key presses, clicks and drops did, and where widgets are.
#pragma once

#include <filesystem>
#include <string>

namespace condlab::app {

class Shell;
struct PlayerGui;

struct StateReport {
    std::filesystem::path path;
    std::string last_text;
    /// Frames drawn while a run was in progress, and the longest gap between two of them.
    int busy_frames = 0;
    double max_busy_frame_ms = 0;
    /// The same minus the frame's OpenGL render and swap (app_window.h last_render_ms()):
    /// how long the UI thread itself was kept from the next frame.
    double max_busy_block_ms = 0;
    double last_frame_ms = -1; ///< steady clock of the previous frame (ms)
};

/// The report's text now (one key=value per line; widget rectangles as "rect.NAME=x y w h").
[[nodiscard]] std::string state_report_text(const Shell& shell, const PlayerGui& gui,
                                            const StateReport& report);
/// Notes this frame's timing and rewrites the file when the text changed.
void update_state_report(StateReport& report, const Shell& shell, const PlayerGui& gui);

} // namespace condlab::app
