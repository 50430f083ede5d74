// The lesson player's model: the open program (a lesson or any .py file), its parameter
// values, the last RunResult, the playhead and playback. Pure logic, no ImGui: the views
// (parameters_view, inspector_view, output_view, diagnostics_view, goal_banner_view,
// transport_view) draw it and player_gui.cpp hooks it into the Shell.
//
// Playhead positions
// ------------------
// A run's trace has N steps (task slices / callbacks). The playhead walks a list of
// positions: for each step s, one position per executed line of s ("about to run line L")
// and then the end of s ("s has run"). Stepping by *line* visits every position; stepping
// by *scheduling event* visits only the ends of steps. `step()` is the trace step of the
// position, "step k of N" counts steps.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/code_layout.h"
#include "app/playhead_index.h"
#include "app/theme.h"
#include "lesson/check.h"
#include "lesson/explore_schedule.h"
#include "lesson/lesson.h"
#include "lesson/runner.h"
#include "trace/trace.h"

namespace condlab::app {

enum class StepMode { Line, Event };

/// Run function (tests substitute a fake); default lesson::run.
using PlayerRunFunction = lesson::RunFunction;

/// A task's markers at the playhead (Python Tutor: green = just executed, red = next).
struct TaskMarker {
    TaskId task = kNoTask;
    std::string name;
    int just_executed = 0; ///< 0 = none
    int next = 0;          ///< 0 = none
};

class RunWorker;
struct FinishedRun;
struct RunRequest;

class Player {
  public:
    explicit Player(PlayerRunFunction run = {});
    ~Player();
    Player(Player&&) noexcept;
    Player& operator=(Player&&) noexcept;

    // -- Program -------------------------------------------------------------------------
    /// Loads and runs a file. False (with error()) when it cannot be read.
    bool load_file(const std::filesystem::path& path);
    /// Parses `source` as a lesson and runs it (default parameter values).
    void load_source(std::string source, const std::string& path);
    /// The same file, new text (an edit, or the file changed on disk): re-runs keeping the
    /// parameters it still has and the playhead (learner_gui.h).
    void replace_source(std::string source);
    [[nodiscard]] bool loaded() const { return m_lesson != nullptr; }
    [[nodiscard]] const lesson::Lesson* lesson() const { return m_lesson.get(); }
    [[nodiscard]] const lesson::RunResult* result() const { return m_result.get(); }
    [[nodiscard]] const Trace* trace() const { return m_result ? m_result->trace.get() : nullptr; }
    [[nodiscard]] const std::string& load_error() const { return m_load_error; }
    /// Runs counted since construction (tests: "the slider re-ran the lesson").
    [[nodiscard]] int run_count() const { return m_run_count; }
    /// Wall time of the last run (lesson::run + index building) in milliseconds.
    [[nodiscard]] double last_run_ms() const { return m_last_run_ms; }

    // -- Background runs (the window; tests run synchronously) ----------------------------
    /// From now on runs happen on a worker thread (run_worker.h): a request returns at once,
    /// the previous run stays shown until poll() adopts the new one. `on_finished` is
    /// called on the worker after each run (wake the UI).
    void run_in_background(std::function<void()> on_finished = {});
    /// Adopts a finished background run (call once per frame); true when one was adopted.
    bool poll();
    /// A background run is in progress.
    [[nodiscard]] bool running() const;
    /// run_in_background() was called (the window).
    [[nodiscard]] bool runs_in_background() const { return m_worker != nullptr; }
    /// Seconds the current background run has taken so far, and its steps so far.
    [[nodiscard]] double running_seconds() const;
    [[nodiscard]] std::uint64_t running_steps() const;
    /// Ends the current background run now: the shown run stays (its result is dropped).
    void stop_run();
    /// What the last stopped run said ("stopped by you: task w at line 9"); empty once a
    /// newer run was asked for.
    [[nodiscard]] std::string stopped_summary() const;
    /// Blocks until the current background run is done and adopts it (screenshots, tests).
    void wait_for_run();

    // -- Parameters ----------------------------------------------------------------------
    [[nodiscard]] const lesson::Overrides& overrides() const { return m_overrides; }
    /// Current value text of a parameter (its override, else the file's literal).
    [[nodiscard]] std::string param_text(const lesson::Param& p) const;
    /// Sets a parameter (a Python literal) and re-runs at once; the playhead keeps its step
    /// index when the new run still has it. No re-run when the value did not change.
    void set_param(const std::string& name, const std::string& value_text);
    /// Back to the file's values (re-runs).
    void reset_params();
    /// Re-runs with the current parameters.
    void rerun();
    /// Runs with a schedule's durations and overrides from now on (player_schedule.cpp);
    /// nullopt: CPython's own schedule. Changing a parameter or the file drops it.
    void set_schedule(std::optional<lesson::Schedule> schedule);
    [[nodiscard]] const std::optional<lesson::Schedule>& schedule() const { return m_schedule; }

    // -- Playhead ------------------------------------------------------------------------
    [[nodiscard]] std::size_t position_count() const { return m_positions.size(); }
    [[nodiscard]] std::size_t position_index() const { return m_pos; }
    /// The position index of the end of step `s` (the last one past the end).
    [[nodiscard]] std::size_t step_end_position(StepId s) const { return end_position(s); }
    [[nodiscard]] PlayheadPosition position() const;
    [[nodiscard]] StepId step() const { return position().step; }
    [[nodiscard]] std::size_t step_count() const;
    [[nodiscard]] bool at_first() const;
    [[nodiscard]] bool at_last() const;
    StepMode mode = StepMode::Event;

    /// Moves to the end of step `s` (clamped).
    void seek_step(StepId s);
    /// Moves to a position index (clamped).
    void seek_position(std::size_t index);
    void first();
    void last();
    /// One line / one scheduling event (by `mode`); false at the end / start.
    bool forward();
    bool back();
    /// Always one scheduling event (Shift+arrows use the other mode than `mode`).
    bool forward(StepMode m);
    bool back(StepMode m);

    // -- Playback ------------------------------------------------------------------------
    [[nodiscard]] bool playing() const { return m_playing; }
    void play();
    void pause() { m_playing = false; }
    void toggle_play();
    /// Advances playback by `dt` seconds of wall time; `speed` moves per second x
    /// kBaseRate. Stops at the end. Returns the number of moves made.
    int advance(double dt);
    float speed = 1.0f;                      ///< multiplier
    static constexpr double kBaseRate = 4.0; ///< moves per second at speed 1

    // -- Derived state at the playhead ---------------------------------------------------
    /// Virtual time and loop iteration at the playhead.
    [[nodiscard]] double time() const;
    [[nodiscard]] std::uint64_t iteration() const;
    /// "step k of N · t = 1.5 s · iteration 3".
    [[nodiscard]] std::string status_text() const;
    /// Each live task's just-executed / next lines.
    [[nodiscard]] std::vector<TaskMarker> task_markers() const;
    /// Code view markers from task_markers().
    [[nodiscard]] std::vector<LineMarker> line_markers(const Palette& p) const;
    /// The task that ran the step at the playhead (kNoTask without a run).
    [[nodiscard]] TaskId focus_task() const;
    /// The line the code view follows: the error line at the end of a failed run, else
    /// where the task that ran the current step is (the line about to run at a line
    /// position; the line it stopped at once the step has run); 0 when none.
    [[nodiscard]] int focus_line() const;
    /// The top-level `asyncio.run(...)` line (module-level code that starts the loop), 0 if
    /// none: marked while no task is live (before the first step, after the last).
    [[nodiscard]] int module_run_line() const;
    /// Output lines printed up to the playhead (stdout, with step and time); with `last`,
    /// only those printed by events up to `last` (a due question's anchor: what follows is
    /// its answer).
    [[nodiscard]] std::vector<lesson::OutputLine> output_so_far(EventId last = kNoEvent) const;
    /// Events executed on `line` (for the code view's hover), one line of text each.
    [[nodiscard]] std::vector<std::string> line_events(int line, std::size_t limit = 12) const;
    /// The error to show in the code view (SyntaxError always, an exception once the
    /// playhead is at the end), if any.
    [[nodiscard]] std::optional<ErrorMark> error_mark() const;
    /// Per goal: reached in the current run?
    [[nodiscard]] std::vector<bool> goals_reached() const;
    [[nodiscard]] bool any_goal_reached() const;

  private:
    /// Runs (or queues) the program; `keep_playhead`: the new run keeps the playhead's step
    /// (and line position) when it has it, else it starts at its first position.
    void request_run(bool keep_playhead);
    /// Gives a run request the schedule's strategy (player_schedule.cpp).
    void apply_schedule(RunRequest& request) const;
    void adopt(FinishedRun done, bool keep_playhead);
    void adopt_index(PlayheadIndex index);
    /// Exclusive event bound of a position: what ran before it.
    [[nodiscard]] EventId bound(const PlayheadPosition& p) const;
    [[nodiscard]] std::size_t end_position(StepId s) const;
    [[nodiscard]] std::size_t next_position(std::size_t from, StepMode m, int dir) const;

    PlayerRunFunction m_run;
    std::shared_ptr<const lesson::Lesson> m_lesson;
    std::unique_ptr<lesson::RunResult> m_result;
    lesson::Overrides m_overrides;
    std::optional<lesson::Schedule> m_schedule; ///< set_schedule()
    std::string m_load_error;
    int m_run_count = 0;
    double m_last_run_ms = 0;

    std::unique_ptr<RunWorker> m_worker; ///< set by run_in_background()
    bool m_pending_keep = false;         ///< keep_playhead of the queued background run

    std::vector<PlayheadPosition> m_positions;
    std::vector<std::size_t> m_step_end; ///< step -> index of its end position
    using TaskLines = PlayheadIndex::TaskLines;
    std::vector<TaskLines> m_task_lines;
    std::vector<EventId> m_output_events;
    std::size_t m_pos = 0;
    bool m_playing = false;
    double m_play_accum = 0;
};

} // namespace condlab::app
