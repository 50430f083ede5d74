// Wires the compare view and the outcome map into the player window: View -> Compare A/B,
// View -> Outcome map, View -> Pin current as A; the two views as floating windows.
//
// CONDLAB_VIEW=compare|map (environment) opens a view at start-up (screenshots): compare
// runs the lesson's first two `# compare:` presets; map computes the default grid at once.
#pragma once

#include "app/compare_view.h"
#include "app/outcome_map_view.h"
#include "app/player_gui.h"
#include "app/shell.h"

#include <memory>

namespace condlab::app {

struct ExploreGui {
    CompareViewState compare;
    OutcomeMapState map;
    std::string startup_view; // from CONDLAB_VIEW, consumed on the first lesson
};

/// The views' state, opening CONDLAB_VIEW's view with the first lesson.
std::shared_ptr<ExploreGui> make_explore_gui();
/// The compare view's and outcome map's state in words (the X-event tests' state report).
[[nodiscard]] std::string describe_explore(const ExploreGui& explore);

/// Menu entries + windows for one frame.
void draw_explore(Shell& shell, PlayerGui& gui, ExploreGui& explore);

} // namespace condlab::app
