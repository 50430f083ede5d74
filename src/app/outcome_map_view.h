// The outcome map: pick one or two numeric parameters and their ranges; the grid runs in the
// background (lesson/sweep.h, line tracing off) while the UI keeps drawing; cells are painted
// by outcome or by a chosen metric, with a legend; hovering a cell shows its metrics;
// clicking a cell loads that setting into the player (a callback). Progress bar and Cancel;
// recomputing runs only the cells that changed (the sweep's cache).
#pragma once

#include "app/theme.h"
#include "lesson/lesson.h"
#include "lesson/sweep.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace condlab::app {

struct MapAxisInput {
    int param = -1; // index into map_params() (-1: none)
    float lo = 0.0f, hi = 1.0f;
    int n = 20;
};

struct OutcomeMapState {
    bool open = false;
    std::shared_ptr<const lesson::Lesson> lesson;
    lesson::Overrides base; // the player's other parameters
    MapAxisInput x, y;
    int color_by = 0; // 0: outcome, i > 0: sweep_metric_names()[i - 1]
    lesson::Sweep sweep;

    // Polled each frame (copy of the sweep's cells when its version changed).
    lesson::SweepResult shown;
    std::uint64_t shown_version = ~std::uint64_t{0};

    // Last frame (tests).
    std::optional<std::pair<int, int>> hovered;
    std::size_t painted_cells = 0;
    float grid_x = 0, grid_y = 0, cell_w = 0, cell_h = 0;             // screen geometry of the grid
    float compute_x = 0, compute_y = 0, compute_w = 0, compute_h = 0; // the Compute button
    float legend_right = 0; // screen x where the outcome legend's widest line ends
    /// The cell of the player's current setting (outlined), if the grid has it.
    std::optional<std::pair<int, int>> current_cell;
};

/// The lesson's parameters a map can sweep, in file order: numeric literals (int / float)
/// and `# param:` bool and choice parameters (one cell per value).
std::vector<const lesson::Param*> map_params(const lesson::Lesson& lesson);
/// A bool or choice parameter's values as Python literals (empty for numeric ones).
std::vector<std::string> param_values(const lesson::Param& p);
/// The default cell count of a numeric parameter: on its slider's step grid when it has a
/// step (every step when at most 41, else every k-th step; `hi` is moved onto the grid),
/// every whole number for an int range up to 20, else 20.
int default_cells(const lesson::Param& p, float lo, float& hi);
/// Sets the lesson (copied) and sensible defaults: the first two numeric params over their
/// spec ranges. Keeps the axes when the lesson did not change.
void map_set_lesson(OutcomeMapState& s, const lesson::Lesson& lesson, lesson::Overrides base);
/// The sweep spec of the current inputs (nullopt when no x parameter is chosen).
std::optional<lesson::SweepSpec> map_spec(const OutcomeMapState& s);
/// The index on `axis` of the current setting (s.base, else the file's value), if any.
std::optional<int> current_index(const OutcomeMapState& s, const lesson::SweepAxis& axis);
/// Starts computing (cancels a running computation first).
void map_compute(OutcomeMapState& s);
/// Copies the sweep's cells into `shown` when they changed. Called by the view each frame.
void map_poll(OutcomeMapState& s);

/// Colour of an outcome on the map.
Colour outcome_colour(const Palette& p, lesson::Outcome outcome);

struct OutcomeMapContext {
    const Palette* palette = nullptr;
    /// Click on a cell: load its parameters into the player.
    std::function<void(const lesson::Overrides&)> on_load;
};

void draw_outcome_map_view(OutcomeMapState& s, const OutcomeMapContext& ctx);
/// The view in its own window ("Outcome map"), while s.open.
void draw_outcome_map_window(OutcomeMapState& s, const OutcomeMapContext& ctx);

} // namespace condlab::app
