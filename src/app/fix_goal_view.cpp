// A lesson's fix goal in the window (fix_goal_view.h).
#include "app/fix_goal_view.h"

#include "app/outcome_map_view.h"
#include "lesson/fix_goal_check.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

namespace condlab::app {

namespace {

void note(FixGoalPanel& f, const char* name) {
    if (f.rects != nullptr) {
        const ImVec2 a = ImGui::GetItemRectMin();
        const ImVec2 b = ImGui::GetItemRectMax();
        f.rects->emplace_back(name, Rect{a.x, a.y, b.x - a.x, b.y - a.y});
    }
}

} // namespace

void fix_goal_follow(FixGoalPanel& f, const lesson::Lesson* program,
                     const std::string& shipped_text) {
    if (program != nullptr &&
        (shipped_text != f.shipped_source || f.shipped.path != program->path)) {
        f.shipped_source = shipped_text;
        f.shipped = lesson::parse_lesson_source(shipped_text, program->path);
    }
    // The goals as shipped: a learner's edit of (or without) the `# goal:` line keeps them.
    if (program == nullptr || f.shipped.fix_goals.empty()) {
        if (!f.checked_source.empty()) {
            f.check.cancel();
            f.checked_source.clear();
            f.shown = {};
            f.axes.clear();
        }
        return;
    }
    if (program->source != f.checked_source) {
        f.checked_source = program->source;
        f.error.clear();
        f.shown = {};
        f.shown_version = ~std::uint64_t{0};
        f.goal = 0;
        f.check.cancel();
        const std::vector<lesson::FixGoal>& goals = f.shipped.fix_goals;
        try {
            f.axes = lesson::fix_goal_axes(f.shipped, goals[f.goal]);
            f.check.start(*program, f.shipped, goals[f.goal]);
            ++f.starts;
        } catch (const std::exception& e) {
            f.axes.clear();
            f.error = e.what();
        }
    }
    if (f.check.version() != f.shown_version) {
        f.shown_version = f.check.version();
        f.shown = f.check.snapshot();
    }
}

std::string fix_goal_status(const FixGoalPanel& f) {
    if (!f.error.empty())
        return "cannot check: " + f.error;
    const std::size_t total = f.check.total();
    char text[160];
    if (f.check.running()) {
        std::snprintf(text, sizeof text, "checking %zu of %zu cells \xC2\xB7 %zu fail so far",
                      f.check.done(), total, f.shown.failed);
    } else if (f.shown.cancelled) {
        std::snprintf(text, sizeof text, "check cancelled after %zu of %zu cells (%zu fail)",
                      f.shown.cells.size(), total, f.shown.failed);
    } else if (f.shown.holds()) {
        std::snprintf(text, sizeof text, "holds in all %zu cells: fixed!", f.shown.cells.size());
    } else if (f.shown.failed > 0) {
        std::snprintf(text, sizeof text, "%zu of %zu cells still fail", f.shown.failed,
                      f.shown.cells.size());
    } else {
        return {};
    }
    return text;
}

void draw_fix_goal_strip(FixGoalPanel& f, const Palette& pal) {
    if (f.checked_source.empty())
        return;
    const std::string status = fix_goal_status(f);
    const bool fixed = f.shown.holds();
    ImGui::PushStyleColor(ImGuiCol_Text, fixed ? pal.running.packed() : pal.dim_text.packed());
    ImGui::TextUnformatted(("Fix goal: " + status).c_str());
    ImGui::PopStyleColor();
    if (f.check.running()) {
        ImGui::SameLine();
        ImGui::ProgressBar(f.check.progress(), ImVec2(ImGui::GetFontSize() * 6.0f, 0.0f), "");
        ImGui::SameLine();
        if (ImGui::SmallButton("Cancel"))
            f.check.cancel();
    }
    if (!f.axes.empty()) {
        ImGui::SameLine();
        if (ImGui::SmallButton(f.window_open ? "Hide cells" : "Show cells"))
            f.window_open = !f.window_open;
        note(f, "button:Show cells");
    }
}

namespace {

// The grid: the first parameter across, the others (combined) down.
void draw_grid(FixGoalPanel& f, const Palette& pal,
               const std::function<void(const lesson::Overrides&)>& on_load) {
    const int nx = std::max(1, f.axes.front().n);
    int ny = 1;
    for (std::size_t i = 1; i < f.axes.size(); ++i)
        ny *= std::max(1, f.axes[i].n);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float cell =
        std::clamp(std::min(avail.x / static_cast<float>(nx),
                            (avail.y - ImGui::GetFontSize() * 2.0f) / static_cast<float>(ny)),
                   3.0f, 40.0f);
    const ImVec2 o = ImGui::GetCursorScreenPos();
    f.grid_x = o.x;
    f.grid_y = o.y;
    f.cell_w = f.cell_h = cell;
    f.grid_nx = nx;
    f.grid_ny = ny;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImGuiIO& io = ImGui::GetIO();
    const std::size_t count = static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny);
    for (std::size_t i = 0; i < count; ++i) {
        const float x = o.x + static_cast<float>(i % static_cast<std::size_t>(nx)) * cell;
        const float y = o.y + static_cast<float>(i / static_cast<std::size_t>(nx)) * cell;
        const lesson::FixCell* c = i < f.shown.cells.size() ? &f.shown.cells[i] : nullptr;
        const Colour colour = c == nullptr ? pal.dim_text.with_alpha(0.25f)
                              : c->met     ? pal.running.with_alpha(0.35f)
                                           : outcome_colour(pal, c->outcome);
        dl->AddRectFilled({x + 1.0f, y + 1.0f}, {x + cell - 1.0f, y + cell - 1.0f},
                          colour.packed());
        const bool hovered = io.MousePos.x >= x && io.MousePos.x < x + cell && io.MousePos.y >= y &&
                             io.MousePos.y < y + cell && ImGui::IsWindowHovered();
        if (hovered && c != nullptr) {
            ImGui::SetTooltip("%s\n%s%s", lesson::describe_cell(c->overrides).c_str(),
                              c->met ? "meets the goal" : c->summary.c_str(),
                              c->met ? "" : "\nclick: load this setting");
            if (ImGui::IsMouseClicked(0) && on_load)
                on_load(c->overrides);
        }
    }
    ImGui::Dummy({cell * static_cast<float>(nx), cell * static_cast<float>(ny)});
    note(f, "fix_grid");
    std::string axes = "across: " + f.axes.front().name;
    for (std::size_t i = 1; i < f.axes.size(); ++i)
        axes += (i == 1 ? "  \xC2\xB7  down: " : " \xC3\x97 ") + f.axes[i].name;
    ImGui::TextDisabled("%s", axes.c_str());
}

} // namespace

void draw_fix_goal_window(FixGoalPanel& f, const Palette& pal,
                          const std::function<void(const lesson::Overrides&)>& on_load) {
    if (!f.window_open || f.axes.empty())
        return;
    ImGui::SetNextWindowSize({ImGui::GetFontSize() * 26.0f, ImGui::GetFontSize() * 24.0f},
                             ImGuiCond_FirstUseEver);
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos({display.x * 0.45f, display.y * 0.12f}, ImGuiCond_FirstUseEver);
    if (!ImGui::Begin("Fix goal", &f.window_open)) {
        ImGui::End();
        return;
    }
    const auto& goals = f.shipped.fix_goals;
    if (f.goal < goals.size()) {
        ImGui::TextWrapped("%s", goals[f.goal].description.c_str());
        ImGui::TextDisabled("must hold in every cell: %s",
                            goals[f.goal].describe_condition().c_str());
    }
    ImGui::TextUnformatted(fix_goal_status(f).c_str());
    if (f.check.running()) {
        ImGui::ProgressBar(f.check.progress(), ImVec2(ImGui::GetFontSize() * 12.0f, 0.0f));
        ImGui::SameLine();
        if (ImGui::Button("Cancel"))
            f.check.cancel();
    }
    draw_grid(f, pal, on_load);
    ImGui::End();
}

} // namespace condlab::app
