// The Help window (help_view.h): legend swatches drawn the way the timeline draws them,
// and the shortcut sheet.
#include "app/help_view.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "app/timeline_view.h"

namespace condlab::app {

namespace {

constexpr Shortcut kShortcuts[] = {
    {"?", "this window: legend and shortcuts", "not in a text field"},
    {"Esc", "close this window or a dialog; stop waiting for a run in progress", "anywhere"},
    {"Ctrl+O", "open a Python file", "anywhere"},
    {"Ctrl+Q", "quit", "anywhere"},
    {"drop a .py file", "open it", "window"},
    {"File \xE2\x86\x92 Export", "the trace (Chrome trace / condlab JSON) or a PNG", "window"},
    {"drag a panel's edge", "resize the panels", "window"},
    {"click a lesson", "open it", "lesson list"},
    {"Space", "play / pause", "player"},
    {"\xE2\x86\x92 / \xE2\x86\x90", "one step forward / back (line or event, as selected)",
     "player"},
    {"Shift+\xE2\x86\x92 / Shift+\xE2\x86\x90", "one step in the other mode", "player"},
    {"Home / End", "first / last step", "player"},
    {"drag the scrub bar", "move the playhead to any step", "player"},
    {"wheel", "zoom at the cursor", "timeline"},
    {"Shift+wheel, sideways wheel", "pan", "timeline"},
    {"drag (left or right button)", "pan", "timeline"},
    {"A / D", "pan left / right", "timeline"},
    {"W / S", "zoom in / out", "timeline"},
    {"F", "fit the whole run (switching the axis fits too)", "timeline"},
    {"hover", "what a span, mark or object row is", "timeline"},
    {"click", "select a span (its arrows are always drawn; who woke it, below the lanes)",
     "timeline"},
    {"double click", "move the playhead there", "timeline"},
    {"hover a line", "what happened on that line", "code"},
    {"click \xE2\x80\x9Clesson settings\xE2\x80\x9D", "open / fold the lesson's goals and presets",
     "code"},
    {"Edit", "change the program; it runs again 0.3 s after the last key", "code"},
    {"click a finding", "go to the step it is about", "diagnostics"},
    {"1 \xE2\x80\xA6 9, Enter", "choose an answer, confirm it", "a question"},
    {"click a cell", "load that setting into the player (hover: what it gives)",
     "outcome map, goal cells"},
    {"click a schedule", "load it into the player", "explore"},
    {"click a timer", "fire it next, alone", "be the event loop"},
    {"Shift+click a timer", "fire it with CPython's next group", "be the event loop"},
    {"Alt+click a tied timer", "fire it late: after the others of its group, a later iteration",
     "be the event loop"},
    {"click a cancel chip", "cancel that task now (a what-if fork)", "be the event loop"},
    {"Shift+click a cancel chip", "cancel it in the same iteration as CPython's next timers",
     "be the event loop"},
    {"N / Backspace", "let CPython's order decide / undo a choice", "be the event loop"},
};

void hatch(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 c, float k) {
    const float h = b.y - a.y;
    for (float x = a.x - h; x < b.x; x += 6.0f * k) {
        const float x0 = std::max(x, a.x);
        const float x1 = std::min(x + h, b.x);
        if (x0 < x1)
            dl->AddLine({x0, b.y - (x0 - x)}, {x1, b.y - (x1 - x)}, c, k);
    }
}

} // namespace

void draw_legend_swatch(ImDrawList* dl, ImVec2 a, ImVec2 b, const LegendEntry& e) {
    const ImU32 c = e.colour.packed();
    const ImU32 c2 = e.second.packed();
    const float mx = (a.x + b.x) * 0.5f;
    const float my = (a.y + b.y) * 0.5f;
    const float s = (b.y - a.y) / 14.0f; // marker scale
    // Line widths and offsets: the swatch is one font height, 15 px at scale 1 (HiDPI: the
    // sample arrows and outlines grow with the font, as the timeline's do).
    const float k = std::max(1.0f, (b.y - a.y) / 15.0f);
    switch (e.swatch) {
    case SwatchKind::Fill:
        dl->AddRectFilled(a, b, c);
        break;
    case SwatchKind::Hatched:
        dl->AddRectFilled(a, b, c);
        hatch(dl, a, b, c2, k);
        break;
    case SwatchKind::Outline:
        dl->AddRect({a.x, a.y + 2.0f * k}, {b.x, b.y - 2.0f * k}, c, 0.0f, 0, k);
        break;
    case SwatchKind::Dotted:
        for (float x = a.x; x < b.x; x += 5.0f * k)
            dl->AddRectFilled({x, b.y - 2.0f * k}, {std::min(x + 1.5f * k, b.x), b.y - 0.5f * k},
                              c);
        break;
    case SwatchKind::Forever:
        dl->AddRectFilledMultiColor(
            a, b, e.colour.with_alpha(0.9f).packed(), e.colour.with_alpha(0.2f).packed(),
            e.colour.with_alpha(0.2f).packed(), e.colour.with_alpha(0.9f).packed());
        dl->AddLine({b.x - 8.0f * k, a.y}, {b.x - 3.0f * k, my}, c, 2.0f * k);
        dl->AddLine({b.x - 3.0f * k, my}, {b.x - 8.0f * k, b.y}, c, 2.0f * k);
        break;
    case SwatchKind::Arrow: {
        const ImVec2 tip{b.x, a.y}, left{b.x - 10.0f * k, a.y + 3.0f * k},
            right{b.x - 3.0f * k, a.y + 10.0f * k}, end{b.x - 4.0f * k, a.y + 4.0f * k};
        dl->AddLine({a.x, b.y}, end, c2, 4.5f * k);
        dl->AddLine({a.x, b.y}, end, c, 2.0f * k);
        dl->AddTriangleFilled(tip, left, right, c);
        dl->AddTriangle(tip, left, right, c2, k);
        break;
    }
    case SwatchKind::MarkerNotify:
        dl->AddTriangleFilled({mx - 3.5f * s, a.y}, {mx + 3.5f * s, a.y}, {mx, a.y + 6.0f * s}, c);
        break;
    case SwatchKind::MarkerAll:
        dl->AddTriangleFilled({mx - 5.0f * s, a.y}, {mx + 5.0f * s, a.y}, {mx, a.y + 8.0f * s}, c);
        dl->AddLine({mx - 5.0f * s, a.y + 1.0f}, {mx + 5.0f * s, a.y + 1.0f}, c2);
        break;
    case SwatchKind::MarkerSet:
        dl->AddQuadFilled({mx, a.y}, {mx + 3.5f * s, a.y + 3.5f * s}, {mx, a.y + 7.0f * s},
                          {mx - 3.5f * s, a.y + 3.5f * s}, c);
        break;
    case SwatchKind::MarkerOutput:
        dl->AddCircleFilled({mx, a.y + 3.0f * s}, 2.5f * s, c, 8);
        break;
    case SwatchKind::MarkerRaise:
        dl->AddLine({mx - 3.5f * s, a.y}, {mx + 3.5f * s, a.y + 7.0f * s}, c, 2.0f);
        dl->AddLine({mx + 3.5f * s, a.y}, {mx - 3.5f * s, a.y + 7.0f * s}, c, 2.0f);
        break;
    case SwatchKind::MarkerCancel:
        draw_cancel_glyph(dl, mx, a.y, s, c, c2);
        break;
    case SwatchKind::MarkerDeadline:
        // As on a lane: the bar from where the timer was armed, the solid tick, the hourglass.
        dl->AddLine({a.x + 2.0f, b.y - 2.5f * s}, {mx, b.y - 2.5f * s}, c2, 3.0f * s);
        dl->AddLine({a.x + 2.0f, b.y - 2.5f * s}, {mx, b.y - 2.5f * s}, c, 1.2f * s);
        dl->AddLine({a.x + 2.0f, b.y - 7.0f * s}, {a.x + 2.0f, b.y - 1.5f * s}, c2, 3.0f * s);
        dl->AddLine({a.x + 2.0f, b.y - 6.5f * s}, {a.x + 2.0f, b.y - 2.0f * s}, c, 1.2f * s);
        draw_deadline_tick(dl, mx, a.y, b.y, s, c, c2, true);
        draw_deadline_glyph(dl, mx, a.y + 1.0f, s, c, c2);
        break;
    case SwatchKind::DeadlineMissed: {
        // Armed, the wait ended early (the solid bar stops), the deadline not reached.
        const float y = b.y - 2.5f * s, e = (a.x + mx) * 0.5f;
        dl->AddLine({a.x + 2.0f, y}, {e, y}, c2, 3.0f * s);
        dl->AddLine({a.x + 2.0f, y}, {e, y}, c, 1.2f * s);
        for (float x = e; x < mx; x += 6.0f * s) {
            dl->AddLine({x, y}, {std::min(x + 3.0f * s, mx), y}, c2, 3.0f * s);
            dl->AddLine({x, y}, {std::min(x + 3.0f * s, mx), y}, c, 1.2f * s);
        }
        dl->AddLine({a.x + 2.0f, b.y - 7.0f * s}, {a.x + 2.0f, b.y - 1.5f * s}, c2, 3.0f * s);
        dl->AddLine({a.x + 2.0f, b.y - 6.5f * s}, {a.x + 2.0f, b.y - 2.0f * s}, c, 1.2f * s);
        draw_deadline_tick(dl, mx, a.y, b.y, s, c, c2, false);
        break;
    }
    case SwatchKind::CountOnFill:
        dl->AddRectFilled(a, b, c);
        dl->AddText({a.x + 2.0f * k, a.y}, c2, "2");
        break;
    case SwatchKind::Playhead:
        dl->AddLine({mx, a.y}, {mx, b.y}, c, 2.0f * k);
        dl->AddTriangleFilled({mx - 5.0f * k, a.y}, {mx + 5.0f * k, a.y}, {mx, a.y + 6.0f * k}, c);
        break;
    }
}

namespace {

void draw_legend(const Palette& p, const Fonts* fonts) {
    const std::vector<LegendEntry> entries = legend_entries(p);
    const float fs = ImGui::GetFontSize();
    const ImVec2 swatch{fs * 3.0f, fs};
    float name_w = 0.0f;
    for (const LegendEntry& e : entries)
        name_w =
            std::max(name_w, ImGui::CalcTextSize(e.name.data(), e.name.data() + e.name.size()).x);
    const float name_x = ImGui::GetCursorPosX() + swatch.x + fs * 1.5f + name_w;
    std::string_view group;
    for (const LegendEntry& e : entries) {
        if (e.group != group) {
            group = e.group;
            if (fonts != nullptr && fonts->bold != nullptr)
                ImGui::PushFont(fonts->bold);
            ImGui::Spacing();
            ImGui::TextUnformatted(group.data(), group.data() + group.size());
            if (fonts != nullptr && fonts->bold != nullptr)
                ImGui::PopFont();
        }
        const ImVec2 at = ImGui::GetCursorScreenPos();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddRectFilled(at, {at.x + swatch.x, at.y + swatch.y},
                          ImGui::GetColorU32(ImGuiCol_ChildBg));
        draw_legend_swatch(dl, at, {at.x + swatch.x, at.y + swatch.y}, e);
        ImGui::Dummy(swatch);
        ImGui::SameLine();
        ImGui::TextUnformatted(e.name.data(), e.name.data() + e.name.size());
        ImGui::SameLine(name_x);
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextDisabled("%.*s", static_cast<int>(e.meaning.size()), e.meaning.data());
        ImGui::PopTextWrapPos();
    }
}

void draw_shortcut_sheet() {
    const float fs = ImGui::GetFontSize();
    if (!ImGui::BeginTable("##shortcuts", 3,
                           ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit))
        return;
    ImGui::TableSetupColumn("keys", ImGuiTableColumnFlags_WidthFixed, fs * 13.0f);
    ImGui::TableSetupColumn("does", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("where", ImGuiTableColumnFlags_WidthFixed, fs * 9.0f);
    ImGui::TableHeadersRow();
    for (const Shortcut& s : kShortcuts) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(s.keys.data(), s.keys.data() + s.keys.size());
        ImGui::PopTextWrapPos();
        ImGui::TableNextColumn();
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(s.action.data(), s.action.data() + s.action.size());
        ImGui::PopTextWrapPos();
        ImGui::TableNextColumn();
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextDisabled("%.*s", static_cast<int>(s.where.size()), s.where.data());
        ImGui::PopTextWrapPos();
    }
    ImGui::EndTable();
}

} // namespace

std::span<const Shortcut> shortcuts() { return kShortcuts; }

std::vector<LegendEntry> legend_entries(const Palette& p) {
    const char* tasks = "Task rows (one per task)";
    std::vector<LegendEntry> e = {
        {tasks, "running", "executing Python code right now", SwatchKind::Fill, p.running, {}},
        {tasks, "ready", "queued, waiting for its turn on the loop", SwatchKind::Fill, p.ready, {}},
        {tasks,
         "blocked on lock",
         "waiting in async with lock / acquire()",
         SwatchKind::Fill,
         p.blocked_lock,
         {}},
        {tasks,
         "waiting on condition",
         "parked in cond.wait() until notified",
         SwatchKind::Fill,
         p.waiting_cond,
         {}},
        {tasks,
         "waiting on something else",
         "an event, queue, semaphore, barrier, another task or a future",
         SwatchKind::Fill,
         p.waiting_other,
         {}},
        {tasks, "sleeping", "in asyncio.sleep() (hatched)", SwatchKind::Hatched, p.sleeping,
         p.sleeping_hatch},
        {tasks,
         "not started",
         "created later (dotted baseline)",
         SwatchKind::Dotted,
         status_colour(p, TaskStatus::NotStarted),
         {}},
        {tasks,
         "done",
         "returned normally (outline, no fill)",
         SwatchKind::Outline,
         p.done_outline,
         {}},
        {tasks, "failed", "ended with an exception", SwatchKind::Fill, p.failed, {}},
        {tasks, "cancelled", "ended cancelled", SwatchKind::Fill, p.cancelled, {}},
        {tasks,
         "blocked forever",
         "still waiting when the run ended (deadlock): fades out with \xC2\xBB",
         SwatchKind::Forever,
         p.blocked_lock,
         {}},
    };
    const char* arrows = "Arrows (who woke whom)";
    e.push_back({arrows, "notify", "notify() / notify_all() \xE2\x86\x92 the task it woke",
                 SwatchKind::Arrow, p.arrow_notify, p.arrow_edge});
    e.push_back({arrows, "lock hand-over", "release() \xE2\x86\x92 the next owner of the lock",
                 SwatchKind::Arrow, p.arrow_lock, p.arrow_edge});
    e.push_back({arrows, "event set", "event.set() \xE2\x86\x92 a task waiting on the event",
                 SwatchKind::Arrow, p.arrow_event, p.arrow_edge});
    const char* objects = "Object rows (one per lock, condition, event...)";
    e.push_back(
        {objects, "lock held", "some task holds the lock", SwatchKind::Fill, p.lock_held, {}});
    e.push_back({objects,
                 "held with waiters",
                 "held while other tasks wait for it",
                 SwatchKind::Fill,
                 p.lock_held_with_waiters,
                 {}});
    e.push_back({objects, "condition waiters",
                 "tasks parked on the condition (the number is how many)", SwatchKind::CountOnFill,
                 p.waiting_cond, p.count_text});
    e.push_back(
        {objects, "event set", "the event's flag is set", SwatchKind::Fill, p.waiting_other, {}});
    const char* marks = "Marks";
    e.push_back({marks,
                 "notify",
                 "notify(n) on a condition",
                 SwatchKind::MarkerNotify,
                 p.waiting_cond,
                 {}});
    e.push_back({marks, "notify_all", "notify_all() on a condition", SwatchKind::MarkerAll,
                 p.waiting_cond, p.heading});
    e.push_back({marks, "set", "event.set()", SwatchKind::MarkerSet, p.waiting_other, {}});
    e.push_back({marks, "print", "a line of output", SwatchKind::MarkerOutput, p.accent, {}});
    e.push_back(
        {marks, "exception", "an exception was raised", SwatchKind::MarkerRaise, p.failed, {}});
    e.push_back({marks, "cancel requested",
                 "task.cancel() was called on this task: it gets CancelledError where it waits",
                 SwatchKind::MarkerCancel, p.heading, p.arrow_edge});
    const DeadlineColours dc = deadline_colours(p);
    e.push_back({marks, "deadline reached",
                 "a timeout (wait_for, asyncio.timeout) fired at the solid tick; the bar runs "
                 "from the line that armed it; the hourglass: it ended this wait",
                 SwatchKind::MarkerDeadline, dc.core, dc.edge});
    e.push_back({marks, "deadline not reached",
                 "the wait ended first (dashed bar after it) or the run did: the dashed tick is "
                 "where it would have timed out. Sleeps have no deadline mark: the sleeping "
                 "span ends at its deadline",
                 SwatchKind::DeadlineMissed, dc.core, dc.edge});
    e.push_back({marks,
                 "playhead",
                 "the step the code view and inspector show",
                 SwatchKind::Playhead,
                 p.accent,
                 {}});
    return e;
}

bool help_key_pressed() {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput)
        return false;
    for (int i = 0; i < io.InputQueueCharacters.Size; ++i)
        if (io.InputQueueCharacters[i] == '?')
            return true;
    return false;
}

void draw_help_window(HelpState& state, const Palette& p, const Fonts* fonts) {
    if (!state.open)
        return;
    const ImGuiIO& io = ImGui::GetIO();
    const float fs = ImGui::GetFontSize();
    ImGui::SetNextWindowSize({std::min(fs * 40.0f, io.DisplaySize.x * 0.9f),
                              std::min(fs * 34.0f, io.DisplaySize.y * 0.85f)},
                             ImGuiCond_Appearing);
    ImGui::SetNextWindowPos({io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.5f}, ImGuiCond_Appearing,
                            {0.5f, 0.5f});
    if (!ImGui::Begin("Help##condlab_help", &state.open, ImGuiWindowFlags_NoCollapse)) {
        ImGui::End();
        return;
    }
    if (ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows) &&
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
        state.open = false;
    draw_help_contents(state, p, fonts);
    ImGui::End();
}

void draw_help_contents(HelpState& state, const Palette& p, const Fonts* fonts) {
    if (ImGui::BeginTabBar("##help_tabs")) {
        const bool select = state.select_tab;
        state.select_tab = false;
        const auto flags = [&](HelpTab t) {
            return select && state.tab == t ? ImGuiTabItemFlags_SetSelected : 0;
        };
        if (ImGui::BeginTabItem("Legend", nullptr, flags(HelpTab::Legend))) {
            ImGui::BeginChild("##legend");
            draw_legend(p, fonts);
            ImGui::EndChild();
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Keyboard shortcuts", nullptr, flags(HelpTab::Shortcuts))) {
            ImGui::BeginChild("##keys");
            draw_shortcut_sheet();
            ImGui::EndChild();
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
}

} // namespace condlab::app
