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
//   fires it alone, Shift+click fires it together with CPython's next group, N lets
//   CPython's order decide, Backspace undoes; an event-loop goal of the
//   lesson is detected when the run ends in it.
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
    // Last frame's screen rectangle (tests, hit testing).
    Rect rect{};
};

struct EventLoopModeState {
    bool open = false;
    std::shared_ptr<const lesson::Lesson> lesson; // the session's (it refers to it)
    std::unique_ptr<lesson::EventLoopSession> session;
    std::optional<double> seek_time; // show the choice point once the player's run is in
    int seek_run = -1;               // ...the run after this run_count
    std::string goal_reached;        // the reached goal's description (empty: none)
    int decisions = 0;               // fire / CPython choices made (tests)
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
/// Draws `marks` over the lanes (x0, y0: the lanes' origin); returns the clicked mark.
const TimerMark* draw_timer_marks(std::vector<TimerMark>& marks, const TimelineState& st,
                                  const Trace& trace, const Palette& p, ImDrawList* dl, float x0,
                                  float y0);
/// State in words for the X-event tests' report.
std::string describe_explore_view(const ExploreViewState& s);

// event_loop_mode.cpp
/// Starts (or restarts) being the event loop for the player's program.
void event_loop_start(ExploreViewState& s, PlayerGui& gui);
/// Fires timer `number` / lets CPython decide / undoes, and shows the result in the player.
void event_loop_fire(ExploreViewState& s, PlayerGui& gui, lesson::TimerNumber number,
                     bool with_next = false);
void event_loop_cpython(ExploreViewState& s, PlayerGui& gui);
void event_loop_back(ExploreViewState& s, PlayerGui& gui);
/// Per frame: seeks the player to the choice point once its run is in.
void event_loop_frame(ExploreViewState& s, PlayerGui& gui);
/// The timers to draw on the timeline now.
std::vector<TimerMark> event_loop_marks(const ExploreViewState& s);
void draw_event_loop_window(ExploreViewState& s, PlayerGui& gui);

} // namespace condlab::app
