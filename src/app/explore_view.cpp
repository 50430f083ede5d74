// The Explore view, the timeline's timer marks and the wiring of both modes (explore_view.h).
//
// [SECTION] Explore: survey, poll, load
// [SECTION] The Explore window
// [SECTION] Install
#include "app/explore_view.h"
#include "app/popup_window.h"

#include <imgui.h>

#include <GLFW/glfw3.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace condlab::app {

// ---------------------------------------------------------------------------
// [SECTION] Explore: survey, poll, load
// ---------------------------------------------------------------------------

bool same_program(const lesson::Lesson& a, const lesson::Lesson* b) {
    return b != nullptr && a.path == b->path && a.source == b->source;
}

void explore_start(ExploreViewState& s, PlayerGui& gui) {
    const lesson::Lesson* l = gui.player.lesson();
    if (l == nullptr)
        return;
    s.lesson = std::make_shared<const lesson::Lesson>(*l);
    s.selected = -1;
    s.marks.clear();
    s.job.start(*s.lesson, gui.player.overrides(), s.bound);
}

bool explore_poll(ExploreViewState& s) {
    if (s.job.running() || s.job.version() == s.shown_version)
        return false;
    s.shown = s.job.result();
    s.shown_version = s.job.version();
    return true;
}

void explore_load(ExploreViewState& s, PlayerGui& gui, int index) {
    if (index < 0 || static_cast<std::size_t>(index) >= s.shown.classes.size())
        return;
    const lesson::OutcomeClass& c = s.shown.classes[static_cast<std::size_t>(index)];
    s.selected = index;
    s.marks.clear();
    for (std::size_t i = 0; i < c.marks.size(); ++i) {
        const lesson::DeviatedTimer& d = c.marks[i];
        TimerMark m;
        m.task = d.task;
        m.created = d.created;
        m.when = d.when;
        m.number = d.number;
        m.label = (d.when < d.default_when ? "made early" : "made late");
        m.deviation = true;
        m.default_when = d.default_when;
        m.tooltip = i < c.deviations.size() ? c.deviations[i] : m.label;
        s.marks.push_back(m);
    }
    gui.player.set_schedule(c.shortest);
    gui.timeline.invalidate();
}

// ---------------------------------------------------------------------------
// [SECTION] The Explore window
// ---------------------------------------------------------------------------

namespace {

void note_rect(PlayerGui& gui, std::string name) {
    if (!gui.record_rects)
        return;
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    gui.rects.emplace_back(std::move(name), Rect{a.x, a.y, b.x - a.x, b.y - a.y});
}

void draw_classes(ExploreViewState& s, PlayerGui& gui, const Palette& p) {
    if (!ImGui::BeginTable("explore_outcomes", 3,
                           ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                               ImGuiTableFlags_SizingStretchProp))
        return;
    ImGui::TableSetupColumn("outcome", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 9);
    ImGui::TableSetupColumn("schedules", ImGuiTableColumnFlags_WidthFixed,
                            ImGui::GetFontSize() * 5);
    ImGui::TableSetupColumn("shortest example");
    ImGui::TableHeadersRow();
    for (std::size_t i = 0; i < s.shown.classes.size(); ++i) {
        const lesson::OutcomeClass& c = s.shown.classes[i];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::PushID(static_cast<int>(i));
        const Colour oc = c.outcome == lesson::Outcome::Complete ? p.ready : p.failed;
        ImGui::PushStyleColor(ImGuiCol_Text, oc.packed());
        if (ImGui::Selectable(c.key.c_str(), s.selected == static_cast<int>(i),
                              ImGuiSelectableFlags_SpanAllColumns))
            explore_load(s, gui, static_cast<int>(i));
        ImGui::PopStyleColor();
        note_rect(gui, "explore:row:" + c.key);
        ImGui::TableNextColumn();
        ImGui::Text("%llu", static_cast<unsigned long long>(c.count));
        ImGui::TableNextColumn();
        if (c.shortest.durations.empty())
            ImGui::TextUnformatted("CPython's own schedule");
        else
            ImGui::TextWrapped("%s", c.sentence.c_str());
        ImGui::PopID();
    }
    ImGui::EndTable();
}

} // namespace

void draw_explore_window(ExploreViewState& s, PlayerGui& gui) {
    if (!s.open)
        return;
    explore_poll(s);
    if (s.lesson && !same_program(*s.lesson, gui.player.lesson())) {
        // Another file (or the file changed): its schedules mean nothing here.
        s.job.cancel();
        s.shown = {};
        s.shown_version = s.job.version();
        s.lesson.reset();
        s.marks.clear();
        s.selected = -1;
    }
    set_next_popup_size(42.0f, 22.0f, false);
    if (!ImGui::Begin("Explore", &s.open)) {
        ImGui::End();
        return;
    }
    const Palette& p = palette(ThemeKind::Dark);
    ImGui::TextWrapped("Every timing within the bound: each schedule changes which timers fire "
                       "together and in what order (durations only; call_soon order never "
                       "changes).");
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
    ImGui::SliderInt("deviations", &s.bound, 1, 3);
    ImGui::SameLine();
    if (s.job.running()) {
        ImGui::Text("exploring\xE2\x80\xA6 %llu schedules",
                    static_cast<unsigned long long>(s.job.explored()));
        ImGui::SameLine();
        if (ImGui::Button("Cancel"))
            s.job.cancel();
        note_rect(gui, "button:Explore cancel");
        glfwPostEmptyEvent(); // keep frames coming while it runs
    } else {
        if (ImGui::Button("Explore"))
            explore_start(s, gui);
        note_rect(gui, "button:Explore");
    }
    if (s.shown_version > 0) {
        if (!s.shown.error.empty()) {
            ImGui::TextWrapped("%s", s.shown.error.c_str());
        } else {
            ImGui::Text("%llu schedules explored%s",
                        static_cast<unsigned long long>(s.shown.explored),
                        s.shown.cancelled    ? " (cancelled)"
                        : s.shown.exhaustive ? ", every one within the bound"
                                             : "");
            draw_classes(s, gui, p);
        }
    }
    ImGui::End();
}

std::string describe_explore_view(const ExploreViewState& s) {
    std::string out = "explore_open=" + std::to_string(s.open ? 1 : 0) + "\n";
    out += "explore_running=" + std::to_string(s.job.running() ? 1 : 0) + "\n";
    out += "explore_explored=" + std::to_string(s.shown.explored) + "\n";
    std::string classes;
    for (const lesson::OutcomeClass& c : s.shown.classes)
        classes += (classes.empty() ? "" : ",") + c.key + ":" + std::to_string(c.count);
    out += "explore_classes=" + classes + "\n";
    out += "explore_selected=" +
           (s.selected >= 0 && static_cast<std::size_t>(s.selected) < s.shown.classes.size()
                ? s.shown.classes[static_cast<std::size_t>(s.selected)].key
                : std::string()) +
           "\n";
    out += "explore_marks=" + std::to_string(s.marks.size()) + "\n";
    const lesson::EventLoopSession* loop = s.loop.session.get();
    out += "loop_open=" + std::to_string(s.loop.open ? 1 : 0) + "\n";
    out += "loop_decisions=" + std::to_string(s.loop.decisions) + "\n";
    out += "loop_point=" + std::to_string(loop ? loop->point() : 0) + "\n";
    out += "loop_finished=" + std::to_string(loop && loop->finished() ? 1 : 0) + "\n";
    out +=
        std::string("loop_outcome=") + (loop ? lesson::outcome_name(loop->outcome()) : "") + "\n";
    out += "loop_goal=" + s.loop.goal_reached + "\n";
    out += "loop_busy=" + std::to_string(loop && loop->busy() ? 1 : 0) + "\n";
    out += "loop_frames_busy=" + std::to_string(s.loop.frames_while_busy) + "\n";
    out += "loop_reproducible=" + std::to_string(!loop || loop->schedule().reproducible() ? 1 : 0) +
           "\n";
    out += "loop_cancels=" + std::to_string(loop ? loop->schedule().cancels.size() : 0) + "\n";
    for (const CancelChip& c : s.loop.chips)
        if (c.rect.w > 0)
            out += "rect.cancel:" + c.name + "=" + std::to_string(static_cast<int>(c.rect.x)) +
                   " " + std::to_string(static_cast<int>(c.rect.y)) + " " +
                   std::to_string(static_cast<int>(c.rect.w)) + " " +
                   std::to_string(static_cast<int>(c.rect.h)) + "\n";
    for (std::size_t i = 0; i < s.marks.size(); ++i)
        if (s.marks[i].rect.w > 0)
            out += "rect.mark:" + std::to_string(s.marks[i].number) +
                   (s.marks[i].cpython_next ? ":next=" : "=") +
                   std::to_string(static_cast<int>(s.marks[i].rect.x)) + " " +
                   std::to_string(static_cast<int>(s.marks[i].rect.y)) + " " +
                   std::to_string(static_cast<int>(s.marks[i].rect.w)) + " " +
                   std::to_string(static_cast<int>(s.marks[i].rect.h)) + "\n";
    return out;
}

// ---------------------------------------------------------------------------
// [SECTION] Frame
// ---------------------------------------------------------------------------

void draw_explore_view(Shell& shell, PlayerGui& gui, ExploreViewState& s) {
    if (!s.startup_view.empty() && gui.player.lesson() != nullptr && !gui.player.running()) {
        if (s.startup_view == "explore") {
            s.open = true;
            explore_start(s, gui);
            s.job.wait(); // a screenshot shows the finished survey
            explore_poll(s);
            explore_load(s, gui, static_cast<int>(s.shown.classes.size()) - 1);
            gui.player.wait_for_run();
        } else if (s.startup_view.starts_with("eventloop")) {
            // eventloop:2,n,+3,-4,c2,C2 - fire timer 2, let CPython decide, fire 3 with
            // CPython's next, fire 4 late, cancel task 2 now / with CPython's next.
            event_loop_start(s, gui);
            std::string_view script = s.startup_view;
            script.remove_prefix(std::min(script.size(), std::string_view("eventloop:").size()));
            while (!script.empty()) {
                event_loop_settle(s, gui);
                const std::string_view step = script.substr(0, script.find(','));
                script.remove_prefix(std::min(script.size(), step.size() + 1));
                const bool prefixed = !step.empty() && std::string_view("+-cC").find(step[0]) !=
                                                           std::string_view::npos;
                const auto n = std::strtoull(std::string(step).c_str() + prefixed, nullptr, 10);
                if (step == "n")
                    event_loop_cpython(s, gui);
                else if (step.starts_with('-'))
                    event_loop_late(s, gui, n);
                else if (step.starts_with('c') || step.starts_with('C'))
                    event_loop_cancel(s, gui, static_cast<TaskId>(n), step[0] == 'C');
                else if (!step.empty())
                    event_loop_fire(s, gui, n, step[0] == '+');
            }
            event_loop_settle(s, gui);
            gui.player.wait_for_run();
        }
        s.startup_view.clear();
    }
    if (ImGui::BeginMenu("View")) { // appends to the shell's View menu
        if (ImGui::MenuItem("Explore timings", nullptr, s.open))
            s.open = !s.open;
        shell.note_item("item:Explore timings");
        if (ImGui::MenuItem("Be the event loop", nullptr, s.loop.open)) {
            if (s.loop.open)
                s.loop.open = false;
            else
                event_loop_start(s, gui);
        }
        shell.note_item("item:Be the event loop");
        ImGui::EndMenu();
    }
    event_loop_frame(s, gui);
    draw_explore_window(s, gui);
    draw_event_loop_window(s, gui);
}

std::shared_ptr<ExploreViewState> make_explore_view_state() {
    auto s = std::make_shared<ExploreViewState>();
    if (const char* v = std::getenv("CONDLAB_VIEW"))
        s->startup_view = v;
    return s;
}

void draw_explore_view_overlay(const Shell& shell, PlayerGui& gui, ExploreViewState& s,
                               ImDrawList* dl, float x0, float y0) {
    const Trace* t = gui.player.trace();
    if (t == nullptr)
        return;
    const ThemeKind theme = shell.theme();
    if (s.loop.open && s.loop.session) {
        std::vector<TimerMark> marks = event_loop_marks(s);
        const TimerMark* m = draw_timer_marks(marks, gui.timeline, *t, theme, dl, x0, y0);
        if (m != nullptr) {
            if (ImGui::GetIO().KeyAlt && m->tied)
                event_loop_late(s, gui, m->number);
            else
                event_loop_fire(s, gui, m->number, ImGui::GetIO().KeyShift);
        }
        s.marks = std::move(marks); // (their rectangles, for the tests)
        layout_cancel_chips(s, gui, x0, y0);
        draw_cancel_chips(s, gui, dl);
    } else if (!s.marks.empty() && gui.player.schedule()) {
        draw_timer_marks(s.marks, gui.timeline, *t, theme, dl, x0, y0);
    }
}

} // namespace condlab::app
