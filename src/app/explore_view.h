// The Explore view and "You are the event loop" (issue 23, docs/timing-model.md), beside the
// outcome map in the View menu:
//
// - Explore: the schedule explorer (lesson/explore_outcomes.h) in a background thread with
//   progress and Cancel, over every schedule within a bound of deviations; one row per
//   distinct outcome with how many schedules reach it and its shortest example. Clicking a
//   row loads that schedule into the player; the timers it made early or late are outlined
//   on their tasks' lanes.
// - Be the event loop (event_loop_mode.cpp): at each choice point the timers that could
//   fire next are drawn on their lanes; clicking one (on the timeline or in the window)
//   fires it alone, Shift+click fires it together with CPython's next group, Alt+click on a
//   member of a group of ties fires it late (a later iteration), N lets CPython's order
//   decide, Backspace undoes; a "cancel" chip on a waiting task's lane delivers its
//   cancel() at the choice point (a what-if fork); an event-loop goal of the lesson is
//   detected when the run ends in it. Each decision's run is made on a background thread
//   (the session's), so frames keep coming.
//
// CONDLAB_VIEW=explore|eventloop (environment) opens one at start-up (screenshots);
// eventloop:2,n,+3 also makes decisions (fire timer 2, let CPython decide, fire timer 3
// together with CPython's next).
#pragma once

#include "app/player_gui.h"
#include "app/shell.h"
#include "lesson/event_loop_session.h"
#include "lesson/explore_outcomes.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

struct ImDrawList;

namespace condlab::app {

/// A timer drawn over the timeline: from its creation to its deadline on its task's lane.
struct TimerMark {
    TaskId task = kNoTask;
    double created = 0, when = 0;
    std::string label;
    std::string tooltip;            // on hover: the timer in words
    lesson::TimerNumber number = 0; // event-loop mode: clicking it fires this timer
    bool clickable = false;
    bool cpython_next = false;
    bool tied = false; // in CPython's next group of ties (Alt+click: fire it late)
    /// A deviation (Explore): the timer made early or late, highlighted on its lane, with
    /// the deadline the program asked for.
    bool deviation = false;
    double default_when = 0;
    // Last frame's screen rectangle (tests, hit testing).
    Rect rect{};
};

/// "Cancel now" on a waiting task's lane at the current choice point (event_loop_cancel.cpp).
struct CancelChip {
    TaskId task = kNoTask;
    std::string name; // the task's
    Rect rect{};      // last frame's, on its lane
};

struct EventLoopModeState {
    bool open = false;
    std::shared_ptr<const lesson::Lesson> lesson; // the session's (it refers to it)
    std::unique_ptr<lesson::EventLoopSession> session;
    std::optional<double> seek_time; // show the choice point once the player's run is in
    int seek_run = -1;               // ...the run after this run_count
    std::string goal_reached;        // the reached goal's description (empty: none)
    int decisions = 0;               // fire / CPython choices made (tests)
    int frames_while_busy = 0;       // frames drawn while a decision's run was made (tests)
    std::vector<CancelChip> chips;   // last frame's "cancel" chips on waiting tasks' lanes
};

struct ExploreViewState {
    bool open = false;
    int bound = 2;
    lesson::OutcomeSurveyJob job;
    lesson::OutcomeSurvey shown;
    std::uint64_t shown_version = 0;
    std::shared_ptr<const lesson::Lesson> lesson; // the survey's
    int selected = -1;                            // the class shown on the timeline
    std::vector<TimerMark> marks;                 // drawn on the timeline
    EventLoopModeState loop;
    std::string startup_view; // from CONDLAB_VIEW, consumed on the first lesson
};

/// The views' state, opening CONDLAB_VIEW's view with the first lesson.
std::shared_ptr<ExploreViewState> make_explore_view_state();
/// View -> Explore timings / Be the event loop and their windows, for one frame.
void draw_explore_view(Shell& shell, PlayerGui& gui, ExploreViewState& s);
/// The timers the event-loop mode offers (or the explored schedule's deviations) over the
/// timeline's lanes (x0, y0: their origin); a click on an offered timer fires it.
void draw_explore_view_overlay(const Shell& shell, PlayerGui& gui, ExploreViewState& s,
                               ImDrawList* dl, float x0, float y0);

/// Is `b` the program `a` was made from (same path and text)?
bool same_program(const lesson::Lesson& a, const lesson::Lesson* b);
/// Starts the survey of the player's program at its current parameters.
void explore_start(ExploreViewState& s, PlayerGui& gui);
/// Polls the survey; true when a new result came in.
bool explore_poll(ExploreViewState& s);
/// Loads class `index`'s shortest example into the player and marks its timers.
void explore_load(ExploreViewState& s, PlayerGui& gui, int index);
/// The Explore window (while s.open).
void draw_explore_window(ExploreViewState& s, PlayerGui& gui);
// timer_marks_view.cpp
/// Draws `marks` over the lanes (x0, y0: the lanes' origin); returns the clicked mark.
/// Deviations get a thick light-in-dark outline (deviation_mark_colours) scaled with the font.
const TimerMark* draw_timer_marks(std::vector<TimerMark>& marks, const TimelineState& st,
                                  const Trace& trace, ThemeKind theme, ImDrawList* dl, float x0,
                                  float y0);
/// The highlight of a made-early / made-late timer: a light core inside a dark edge, so one
/// of the two has at least 3:1 contrast on every lane colour of the theme (test_theme-style
/// check in test_explore_view.cpp).
struct DeviationColours {
    Colour core, edge;
};
[[nodiscard]] DeviationColours deviation_mark_colours(ThemeKind theme);
/// The tick where virtual time `t` begins on the run's axis (after the steps at `t`).
[[nodiscard]] double tick_at_time(const Trace& trace, double t, bool after_steps_at_t);
/// State in words for the X-event tests' report.
std::string describe_explore_view(const ExploreViewState& s);

// event_loop_mode.cpp
/// Starts (or restarts) being the event loop for the player's program.
void event_loop_start(ExploreViewState& s, PlayerGui& gui);
/// Fires timer `number` / lets CPython decide / undoes, and shows the result in the player.
void event_loop_fire(ExploreViewState& s, PlayerGui& gui, lesson::TimerNumber number,
                     bool with_next = false);
/// Fires `number`, a member of CPython's next group of ties, after the group (late).
void event_loop_late(ExploreViewState& s, PlayerGui& gui, lesson::TimerNumber number);
void event_loop_cpython(ExploreViewState& s, PlayerGui& gui);
/// Waits for the pending decision's run and shows it (start-up scripts, screenshots).
void event_loop_settle(ExploreViewState& s, PlayerGui& gui);
void event_loop_back(ExploreViewState& s, PlayerGui& gui);
/// Per frame: seeks the player to the choice point once its run is in.
void event_loop_frame(ExploreViewState& s, PlayerGui& gui);
/// The timers to draw on the timeline now.
std::vector<TimerMark> event_loop_marks(const ExploreViewState& s);
void draw_event_loop_window(ExploreViewState& s, PlayerGui& gui);

// event_loop_cancel.cpp
/// "Cancel now": `task`'s cancel() at the current choice point (with_next: in the same
/// iteration as CPython's next group), re-run in the background.
void event_loop_cancel(ExploreViewState& s, PlayerGui& gui, TaskId task, bool with_next);
/// The tasks waiting at the current choice point (not done, started), with their names.
std::vector<CancelChip> event_loop_waiting_tasks(const ExploreViewState& s, const PlayerGui& gui);
/// Places a "cancel" chip on each waiting task's lane at the choice point's clock (x0, y0:
/// the lanes' origin), right of the timer marks of s.marks on that lane (drawn first).
void layout_cancel_chips(ExploreViewState& s, PlayerGui& gui, float x0, float y0);
/// Draws them; a click cancels the task now, Shift+click with CPython's next group.
void draw_cancel_chips(ExploreViewState& s, PlayerGui& gui, ImDrawList* dl);
/// The cancels of the session's schedule, one line each.
void draw_cancel_list(ExploreViewState& s, PlayerGui& gui);
/// The window's "Cancel now" rows (after draw_cancel_list).
void draw_cancel_controls(ExploreViewState& s, PlayerGui& gui);

} // namespace condlab::app
