// The lesson player (player.h + the player views + the timeline view) in the app Shell:
// every opened file is run, the panels show the run at the playhead, and the
// transport / keyboard / timeline / diagnostics move the playhead.
#pragma once

#include <chrono>
#include <memory>

#include "app/gui.h"
#include "app/player.h"
#include "app/player_views.h"
#include "app/shell.h"
#include "app/timeline_view.h"

namespace condlab::app {

struct LearnerGui;
struct ExploreGui;
struct ExploreViewState;

struct PlayerGui {
    explicit PlayerGui(PlayerRunFunction run = {}) : player(std::move(run)) {}
    Player player;
    TimelineState timeline;
    OutputViewState output;
    TransportState transport;
    int hovered_line = 0;
    /// Playhead position of the previous frame (the code view follows the playhead).
    std::size_t last_position = static_cast<std::size_t>(-1);
    int last_run = -1; ///< run_count() of the previous frame (a re-run re-follows too)
    /// Widget rectangles of the last frame (tests); recorded when `record_rects` is set.
    bool record_rects = false;
    std::vector<std::pair<std::string, Rect>> rects;
    [[nodiscard]] const Rect* rect(const std::string& name) const {
        for (const auto& [n, r] : rects)
            if (n == name)
                return &r;
        return nullptr;
    }
    /// View -> Compare A/B, Outcome map (explore_gui.h; made by install_player).
    std::shared_ptr<ExploreGui> explore;
    /// View -> Explore timings, Be the event loop (explore_view.h; made by install_player).
    std::shared_ptr<ExploreViewState> explore_view;
    /// Questions, edit mode, file watching (learner_gui.h; made by install_player).
    std::shared_ptr<LearnerGui> learner;
    /// What the shell draws its panels with (player_content.h; made by install_player).
    std::unique_ptr<ShellContent> content;
    /// Wall clock of the previous frame (playback speed).
    std::chrono::steady_clock::time_point last_frame{};
};

/// Makes `gui`'s views and sets its content on `shell` (call before a file is opened; `gui`
/// must outlive the shell's use of it). Loads the completed lessons and the speed from
/// settings.
void install_player(Shell& shell, PlayerGui& gui);
/// Per-frame work before drawing: playback by `dt` seconds, code markers, error line,
/// completed lessons and settings. `dt` < 0 measures the wall clock.
void player_frame(Shell& shell, PlayerGui& gui, double dt = -1.0);
/// File → Export of the run shown: Chrome trace or condlab JSON (src/trace's exporters)
/// written to `path`. Returns "" or an error.
std::string export_trace(const Player& player, ExportKind kind, const std::filesystem::path& path);
/// Sets options.client to the lesson player (run on a worker thread).
void attach_player(GuiOptions& options);

} // namespace condlab::app
