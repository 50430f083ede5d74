// The compare view: two runs of the same lesson (A and B) stacked with a shared playhead,
// aligned by loop iteration or by virtual time, each with its own lanes (timeline_view.h);
// the metrics table side by side with the differing rows highlighted; the first divergence
// marked on both timelines. A comes from a `# compare:` preset or "pin current as A"; B from
// a preset or the current parameters.
#pragma once

#include "app/compare_job.h"
#include "app/theme.h"
#include "app/timeline_view.h"
#include "lesson/compare.h"
#include "lesson/lesson.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace condlab::app {

enum class CompareAlign : std::uint8_t { Iteration, Time };

struct CompareViewState {
    bool open = false;
    /// The lesson both runs belong to (a copy; null: nothing to compare yet).
    std::shared_ptr<const lesson::Lesson> lesson;
    std::optional<lesson::CompareResult> result;
    lesson::Overrides a_overrides, b_overrides;
    int preset_a = -1, preset_b = -1; // indices into lesson->presets (-1: custom)

    CompareAlign align = CompareAlign::Iteration;
    /// The shared playhead: a loop iteration or a virtual time, by `align`.
    double position = 0.0;
    TimelineState timeline_a, timeline_b;

    // Last frame (tests).
    StepId step_a = 0, step_b = 0;
    bool drew_a = false, drew_b = false, drew_table = false;
    std::vector<std::string> highlighted_rows;
    float divergence_x_a = -1.0f, divergence_x_b = -1.0f; // screen x of the marks (-1: none)
    float table_bottom = 0.0f;                            // screen y under the metrics table
    float runs_top = 0.0f;                                // screen y where the two runs start

    // Internal: view linking.
    TimelineView last_view_a, last_view_b;
    bool views_linked = false;
    float label_width = 0.0f; // the two timelines' common label column width

    /// Off the UI thread (the window): compare_* return at once and the shown result stays
    /// until compare_poll() adopts the new one. Off (tests, screenshots): they run at once.
    bool background = false;
    /// The compare in progress (background), and what to do with its result.
    std::shared_ptr<CompareJob> job;
    std::function<void(CompareViewState&, lesson::CompareResult)> adopt;
    /// Replaced jobs still running (joined once finished, never on the UI thread's time).
    std::vector<std::shared_ptr<CompareJob>> retired;
    std::string job_error; ///< what the last job threw (shown in the view)
};

/// Runs A and B with the given overrides (the lesson is copied) and resets the playhead.
void compare_run(CompareViewState& s, const lesson::Lesson& lesson, lesson::Overrides a,
                 lesson::Overrides b);
/// Runs the two presets (by name). Throws lesson::ParameterError for an unknown preset.
void compare_presets(CompareViewState& s, const lesson::Lesson& lesson, std::string_view a,
                     std::string_view b);
/// "Pin current as A": keeps `current` (the player's run, copied) as A, runs B with `b`.
void compare_pin_a(CompareViewState& s, const lesson::Lesson& lesson,
                   const lesson::RunResult& current, lesson::Overrides b,
                   std::string a_name = "A: pinned");
/// Re-runs B only with new overrides (A kept).
void compare_set_b(CompareViewState& s, lesson::Overrides b);
/// Adopts a finished background compare (call once per frame); true when one was adopted.
bool compare_poll(CompareViewState& s);
/// Blocks until the background compare is in and adopts it (screenshots, tests).
void compare_wait(CompareViewState& s);
/// A background compare is in progress.
[[nodiscard]] bool compare_running(const CompareViewState& s);

/// The step of each run at the shared position.
StepId compare_step_at(const Trace& trace, CompareAlign align, double position);
/// A run's title over its timeline: "A (notify) @ step 9 of 11" (steps as displayed).
std::string compare_run_title(const std::string& name, const lesson::RunResult& r, StepId step);
/// The largest shared position (the later end of the two runs).
double compare_max_position(const CompareViewState& s);

struct CompareViewContext {
    const Palette* palette = nullptr; // nullptr: dark
    /// Current parameters of the player (used by "B = current parameters"); may be empty.
    std::function<lesson::Overrides()> current_overrides;
};

/// Draws the view into the current window: toolbar, shared playhead, the metrics table (a
/// row per run) and the first divergence, then the two runs' timelines the whole width.
void draw_compare_view(CompareViewState& s, const CompareViewContext& ctx);
/// The view in its own window ("Compare A/B"), while s.open.
void draw_compare_window(CompareViewState& s, const CompareViewContext& ctx);

} // namespace condlab::app
