// "Cancel now" in the event-loop mode (issue 23; docs/timing-model.md section 10): at the
// current choice point every waiting task's lane gets a "cancel" chip; a click delivers the
// task's cancel() there (a what-if fork of the run, lesson/event_loop_session.h cancel()):
// alone before anything else fires, or (Shift+click) in the same iteration as CPython's next
// group - which is how lesson 20's lost notification can be caused by hand. The fork is a
// timer at a time of this choice point, so the reference harness replays it; when no time
// fits, the window says "what-if: not reproducible in CPython".
#include "app/explore_view.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace condlab::app {

void event_loop_cancel(ExploreViewState& s, PlayerGui& /*gui*/, TaskId task, bool with_next) {
    if (s.loop.session && s.loop.session->cancel(task, with_next))
        ++s.loop.decisions; // shown by event_loop_frame once its run is in
}

std::vector<CancelChip> event_loop_waiting_tasks(const ExploreViewState& s, const PlayerGui& gui) {
    std::vector<CancelChip> out;
    const lesson::EventLoopSession* session = s.loop.session.get();
    const Trace* t = gui.player.trace();
    if (session == nullptr || session->busy() || session->finished() || t == nullptr ||
        t->step_count() == 0 || gui.player.running())
        return out;
    // The states while the first step after the choice point runs: what waits at it.
    const StepId next =
        t->step_at_time(std::nextafter(session->now(), std::numeric_limits<double>::infinity()));
    if (next >= t->step_count())
        return out;
    for (const Lane& lane : gui.timeline.layout.lanes) {
        if (lane.kind != LaneKind::Task)
            continue;
        const TaskStatus st = t->task_state_at(lane.task, next);
        if (st == TaskStatus::NotStarted || is_finished(st))
            continue;
        out.push_back(CancelChip{lane.task, lane.name, Rect{}});
    }
    return out;
}

void layout_cancel_chips(ExploreViewState& s, PlayerGui& gui, float x0, float y0) {
    s.loop.chips = event_loop_waiting_tasks(s, gui);
    const Trace* t = gui.player.trace();
    if (s.loop.chips.empty() || t == nullptr)
        return;
    const TimelineState& st = gui.timeline;
    const float k = std::max(1.0f, ImGui::GetFontSize() / 15.0f);
    const double tick = tick_at_time(*t, s.loop.session->now(), true);
    const float x = x0 + static_cast<float>(st.view.to_x(st.axis.tick_to_unit(tick)));
    const ImVec2 sz = ImGui::CalcTextSize("cancel");
    for (CancelChip& c : s.loop.chips) {
        const int lane = st.layout.lane_of_task(c.task);
        if (lane < 0)
            continue;
        const Lane& l = st.layout.lanes[static_cast<std::size_t>(lane)];
        const float h = std::min(l.h, sz.y + 2.0f * k);
        // Right of the clock, and right of the lane's timer marks (a click on a mark fires it).
        float xa = x + 3.0f * k;
        for (const TimerMark& m : s.marks)
            if (m.task == c.task && m.rect.w > 0)
                xa = std::max(xa, m.rect.x + m.rect.w + 4.0f * k);
        c.rect = Rect{xa, y0 + l.y + (l.h - h) * 0.5f, sz.x + 8.0f * k, h};
    }
}

void draw_cancel_chips(ExploreViewState& s, PlayerGui& gui, ImDrawList* dl) {
    const float k = std::max(1.0f, ImGui::GetFontSize() / 15.0f);
    // Red plate, white text, black rim: the rim keeps it apart from a red lane.
    const Colour fill = palette(ThemeKind::Dark).failed, text{1, 1, 1, 1};
    const ImGuiIO& io = ImGui::GetIO();
    const char* label = "cancel";
    const ImVec2 sz = ImGui::CalcTextSize(label);
    for (const CancelChip& c : s.loop.chips) {
        if (c.rect.w <= 0)
            continue;
        const ImVec2 a{c.rect.x, c.rect.y}, b{c.rect.x + c.rect.w, c.rect.y + c.rect.h};
        const bool hover = c.rect.contains(io.MousePos.x, io.MousePos.y);
        dl->AddRectFilled(a, b, fill.with_alpha(hover ? 1.0f : 0.85f).packed(), 3.0f * k);
        dl->AddRect(a, b, Colour{0, 0, 0, 1}.packed(), 3.0f * k, 0, 1.5f * k);
        dl->AddText({a.x + 4.0f * k, a.y + (c.rect.h - sz.y) * 0.5f}, text.packed(), label);
        if (hover)
            ImGui::SetTooltip("Cancel %s now: its cancel() is delivered at this choice point, "
                              "before anything else fires.\nShift+click: in the same iteration "
                              "as CPython's next timers (after their callbacks).",
                              c.name.c_str());
        if (hover && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
            event_loop_cancel(s, gui, c.task, io.KeyShift);
            break;
        }
    }
}

namespace {

std::string task_name(const PlayerGui& gui, TaskId task) {
    const int lane = gui.timeline.layout.lane_of_task(task);
    return lane >= 0 ? gui.timeline.layout.lanes[static_cast<std::size_t>(lane)].name
                     : "task " + std::to_string(task);
}

} // namespace

void draw_cancel_list(ExploreViewState& s, PlayerGui& gui) {
    for (const lesson::CancelAt& c : s.loop.session->schedule().cancels)
        if (c.reproducible())
            ImGui::BulletText("%s cancelled at t = %g (task %u, replayable in CPython)",
                              task_name(gui, c.task).c_str(), c.at, c.task);
        else
            ImGui::BulletText("%s cancelled at choice point %llu (what-if)",
                              task_name(gui, c.task).c_str(),
                              static_cast<unsigned long long>(c.point));
}

void draw_cancel_controls(ExploreViewState& s, PlayerGui& gui) {
    draw_cancel_list(s, gui);
    const std::vector<CancelChip> waiting = event_loop_waiting_tasks(s, gui);
    if (waiting.empty())
        return;
    ImGui::TextUnformatted("Cancel now (a what-if fork):");
    for (const CancelChip& c : waiting) {
        ImGui::SameLine();
        ImGui::PushID(static_cast<int>(c.task));
        const bool now = ImGui::SmallButton(c.name.c_str());
        if (gui.record_rects) {
            const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
            gui.rects.emplace_back("button:cancel " + c.name, Rect{a.x, a.y, b.x - a.x, b.y - a.y});
        }
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Cancel %s before anything else fires; Shift+click: in the same "
                              "iteration as CPython's next timers.",
                              c.name.c_str());
        ImGui::PopID();
        if (now) {
            event_loop_cancel(s, gui, c.task, ImGui::GetIO().KeyShift);
            break;
        }
    }
}

} // namespace condlab::app
