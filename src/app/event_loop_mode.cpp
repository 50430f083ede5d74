// "You are the event loop" in the window (explore_view.h; the model is
// lesson/event_loop_session.h): the timers that could fire next, drawn on their lanes and
// listed in a window; a click fires one, N lets CPython decide, Backspace undoes. The session
// makes each decision's run on its own thread: the UI thread only polls it, so frames keep
// coming (and the player re-runs the schedule on its run worker once it is in).
#include "app/explore_view.h"
#include "app/popup_window.h"

#include <imgui.h>

#include <GLFW/glfw3.h>

#include <cmath>
#include <cstdio>
#include <limits>

namespace condlab::app {

namespace {

/// Shows the session's schedule in the player, at the current choice point once it is in.
void show(ExploreViewState& s, PlayerGui& gui) {
    EventLoopModeState& m = s.loop;
    m.seek_run = gui.player.run_count();
    m.seek_time = m.session->finished() ? std::nullopt : std::optional(m.session->now());
    gui.player.set_schedule(m.session->schedule());
    gui.timeline.invalidate();
    m.goal_reached.clear();
    for (std::size_t i : m.session->goals_reached())
        m.goal_reached = s.loop.lesson->schedule_goals[i].description;
}

} // namespace

void event_loop_start(ExploreViewState& s, PlayerGui& gui) {
    const lesson::Lesson* l = gui.player.lesson();
    if (l == nullptr)
        return;
    EventLoopModeState& m = s.loop;
    m.open = true;
    m.decisions = 0;
    m.lesson = std::make_shared<const lesson::Lesson>(*l);
    m.session = std::make_unique<lesson::EventLoopSession>(*m.lesson, gui.player.overrides(),
                                                           /*background=*/true);
    m.goal_reached.clear();
    m.seek_run = std::numeric_limits<int>::max(); // nothing to seek until the run is in
    s.marks.clear();
}

void event_loop_fire(ExploreViewState& s, PlayerGui& /*gui*/, lesson::TimerNumber number,
                     bool with_next) {
    if (!s.loop.session)
        return;
    if (!(with_next ? s.loop.session->fire_with_next(number) : s.loop.session->fire(number)))
        return;
    ++s.loop.decisions; // shown by event_loop_frame once its run is in
}

void event_loop_late(ExploreViewState& s, PlayerGui& /*gui*/, lesson::TimerNumber number) {
    if (s.loop.session && s.loop.session->fire_late(number))
        ++s.loop.decisions;
}

void event_loop_settle(ExploreViewState& s, PlayerGui& gui) {
    if (!s.loop.session || !s.loop.session->busy())
        return;
    s.loop.session->wait();
    show(s, gui);
}

void event_loop_cpython(ExploreViewState& s, PlayerGui& gui) {
    if (!s.loop.session || s.loop.session->finished() || s.loop.session->busy())
        return;
    s.loop.session->let_cpython_decide();
    ++s.loop.decisions;
    show(s, gui);
}

void event_loop_back(ExploreViewState& s, PlayerGui& gui) {
    if (!s.loop.session || !s.loop.session->back())
        return;
    ++s.loop.decisions;
    if (!s.loop.session->busy())
        show(s, gui); // the same schedule: no run needed
}

void event_loop_frame(ExploreViewState& s, PlayerGui& gui) {
    EventLoopModeState& m = s.loop;
    if (m.session && (!m.open || !same_program(*m.lesson, gui.player.lesson()))) {
        // Closed, or another file (its choice points mean nothing here): the session ends.
        m.session.reset();
        m.open = false;
        s.marks.clear();
        return;
    }
    if (m.open && m.session) {
        if (m.session->poll()) {
            show(s, gui); // a decision's run came in: the player re-runs it on its worker
        } else if (m.session->busy()) {
            ++m.frames_while_busy;
            glfwPostEmptyEvent(); // keep frames coming until it is in
            return;
        }
    }
    if (!m.open || !m.session || gui.player.running() || gui.player.run_count() <= m.seek_run)
        return;
    const Trace* t = gui.player.trace();
    if (t != nullptr && t->step_count() > 0) {
        if (m.seek_time) {
            // The end of the last step before the clock moves on.
            const double after =
                std::nextafter(*m.seek_time, std::numeric_limits<double>::infinity());
            const StepId next = t->step_at_time(after);
            gui.player.seek_step(next > 0 ? next - 1 : 0);
        } else {
            gui.player.last();
        }
    }
    m.seek_run = std::numeric_limits<int>::max(); // done until the next decision
}

std::vector<TimerMark> event_loop_marks(const ExploreViewState& s) {
    std::vector<TimerMark> out;
    if (!s.loop.session)
        return out;
    for (const lesson::TimerOption& o : s.loop.session->options()) {
        TimerMark m;
        m.task = o.task;
        m.created = o.created;
        m.when = o.when;
        m.number = o.number;
        m.clickable = true;
        m.cpython_next = o.cpython_next;
        m.tied = o.tied;
        m.label = o.cpython_next ? "fire (CPython's next)" : "fire";
        m.tooltip = o.name + (o.tied ? ": CPython fires it next, with its ties. Click: fire "
                                       "them; Alt+click: fire this one late (a later iteration)."
                              : o.cpython_next ? ": CPython fires it next. Click: fire it."
                                               : ": click to fire it first, alone; Shift+click: "
                                                 "together with CPython's next.");
        out.push_back(std::move(m));
    }
    return out;
}

namespace {

/// One row per timer that could fire next: fire it, with CPython's next group, or late.
void draw_timer_options(ExploreViewState& s, PlayerGui& gui) {
    const lesson::EventLoopSession& session = *s.loop.session;
    for (const lesson::TimerOption& o : session.options()) {
        char label[512];
        std::snprintf(label, sizeof label, "%s (due t=%g)%s##t%llu", o.name.c_str(), o.when,
                      o.cpython_next ? "  \xE2\x80\x94 CPython's next" : "",
                      static_cast<unsigned long long>(o.number));
        bool fire = ImGui::Button(label), with_next = false;
        if (gui.record_rects) {
            const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
            gui.rects.emplace_back("button:fire " + std::to_string(o.number),
                                   Rect{a.x, a.y, b.x - a.x, b.y - a.y});
        }
        if (!o.cpython_next) {
            ImGui::SameLine();
            std::snprintf(label, sizeof label, "together with CPython's next##w%llu",
                          static_cast<unsigned long long>(o.number));
            with_next = ImGui::SmallButton(label);
            fire = fire || with_next;
        }
        if (o.tied) {
            ImGui::SameLine();
            std::snprintf(label, sizeof label, "late##l%llu",
                          static_cast<unsigned long long>(o.number));
            if (ImGui::SmallButton(label)) {
                event_loop_late(s, gui, o.number);
                break;
            }
            if (gui.record_rects) {
                const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
                gui.rects.emplace_back("button:late " + std::to_string(o.number),
                                       Rect{a.x, a.y, b.x - a.x, b.y - a.y});
            }
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("Fire it after the other timers of its group, in a later "
                                  "iteration (its deadline halfway to the next one).");
        }
        if (fire) {
            event_loop_fire(s, gui, o.number, with_next);
            break; // (the options changed)
        }
    }
}

} // namespace

void draw_event_loop_window(ExploreViewState& s, PlayerGui& gui) {
    EventLoopModeState& m = s.loop;
    if (!m.open || !m.session)
        return;
    set_next_popup_size(38.0f, 20.0f, false);
    if (!ImGui::Begin("Be the event loop", &m.open)) {
        ImGui::End();
        return;
    }
    lesson::EventLoopSession& session = *m.session;
    for (const lesson::ScheduleGoal& g : m.lesson->schedule_goals)
        ImGui::TextWrapped("Goal: %s", g.description.c_str());
    if (session.busy()) {
        ImGui::TextUnformatted("running the program with your schedule\xE2\x80\xA6");
        ImGui::End();
        return;
    }
    if (!session.schedule().reproducible()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.65f, 0.2f, 1.0f));
        ImGui::TextUnformatted("what-if: not reproducible in CPython");
        ImGui::PopStyleColor();
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("A cancel was delivered where no time fits between the clock "
                              "and the next timer: the reference harness cannot replay it.");
    }
    if (session.finished()) {
        ImGui::Text("The run is over: %s", lesson::outcome_name(session.outcome()));
        draw_cancel_list(s, gui);
        if (!m.goal_reached.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.4f, 0.9f, 0.4f, 1.0f));
            ImGui::TextWrapped("Goal reached: %s", m.goal_reached.c_str());
            ImGui::PopStyleColor();
        }
    } else {
        ImGui::Text("Choice point %zu of %zu \xC2\xB7 t = %g s: which timer fires next?",
                    session.point() + 1, session.points(), session.now());
        draw_timer_options(s, gui);
        draw_cancel_controls(s, gui);
        if (ImGui::Button("Let CPython decide (N)"))
            event_loop_cpython(s, gui);
        ImGui::SameLine();
    }
    ImGui::BeginDisabled(session.point() == 0);
    if (ImGui::Button("Undo (Backspace)"))
        event_loop_back(s, gui);
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Restart"))
        event_loop_start(s, gui);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    std::string sentence = session.sentence();
    const std::string_view own = "CPython's own schedule";
    if (!session.schedule().cancels.empty() && sentence.starts_with(own))
        sentence = "CPython's timer order with your cancel" + sentence.substr(own.size());
    ImGui::TextWrapped("%s", sentence.c_str());
    ImGui::PopStyleColor();
    if (!ImGui::GetIO().WantTextInput) {
        if (ImGui::IsKeyPressed('N', false))
            event_loop_cpython(s, gui);
        else if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace), false))
            event_loop_back(s, gui);
    }
    ImGui::End();
}

} // namespace condlab::app
