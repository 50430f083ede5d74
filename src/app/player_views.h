// The lesson player's panels (one .cpp each): parameters, inspector, output console,
// diagnostics cards, goal banner and transport. Each draws a Player (player.h) into the
// current ImGui window; they only read the model and call its methods.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "app/fonts.h"
#include "app/player.h"
#include "app/splitter.h"
#include "app/theme.h"

namespace condlab::app {

struct PlayerViewContext {
    Player* player = nullptr;
    const Palette* palette = nullptr;
    const Fonts* fonts = nullptr; ///< may be null (ImGui's current font is used)
    /// When set, views record the screen rectangles of their widgets by name ("forward",
    /// "play", "scrub", "param:NAME", "card:N") for tests.
    std::vector<std::pair<std::string, Rect>>* item_rects = nullptr;
};

/// Records the last ImGui item's rectangle under `name` when ctx.item_rects is set.
void record_item(const PlayerViewContext& ctx, std::string name);

/// Sliders (`LO..HI [step S]`), checkboxes (`bool`) and combos (`choice ...`) from the
/// lesson's `# param:` lines; a change re-runs at once. Returns true when a value changed.
bool draw_parameters_view(const PlayerViewContext& ctx);

/// Globals and each task's locals at the playhead; every primitive's state.
void draw_inspector_view(const PlayerViewContext& ctx);

struct OutputViewState {
    std::size_t last_count = 0; ///< scroll to the bottom when the line count grows
    /// Set each frame while a question is due: the output stops at its anchor event
    /// (kNoEvent: at the playhead) and stderr is held back, as the timeline is veiled.
    bool veiled = false;
    EventId veil_after = kNoEvent;
};
/// Whether a printed line already starts with its virtual time (lessons print
/// f"{now():.1f} ..."): then the console does not print the time a second time.
[[nodiscard]] bool starts_with_time(std::string_view text, double time);

/// Lines printed up to the playhead with their virtual time (and stderr at the end),
/// wrapped at the panel's width; while state.veiled, nothing past the question's anchor.
void draw_output_view(const PlayerViewContext& ctx, OutputViewState& state);

/// Diagnostics cards in plain words (outcome first); a click moves the playhead to the
/// card's step. Returns true when a card was clicked.
bool draw_diagnostics_view(const PlayerViewContext& ctx);

/// The goal / challenge banner with live status ("reached" / "not yet").
void draw_goal_banner_view(const PlayerViewContext& ctx);

struct TransportState {
    bool keys_enabled = true; ///< handle Space, arrows, Home/End this frame
};
/// First / back / play-pause / forward / last, line-vs-event mode, speed, scrub bar and
/// "step k of N · t = … s · iteration i"; keyboard shortcuts. Returns true when the
/// playhead moved.
bool draw_transport_view(const PlayerViewContext& ctx, TransportState& state);
/// While a background run goes on: its time and steps so far, and Stop (also Esc). True
/// when the run was stopped.
bool draw_run_progress(const PlayerViewContext& ctx);
/// The keyboard part alone (Space, ←/→, Shift+←/→, Home/End); true when something changed.
bool handle_transport_keys(Player& player);

} // namespace condlab::app
