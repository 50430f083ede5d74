// The compare view and the outcome map in the player window (explore_gui.h).
#include "app/explore_gui.h"

#include <imgui.h>

#include <GLFW/glfw3.h>

#include <cstdlib>

namespace condlab::app {

namespace {

/// What View -> Compare sets B to, with the current run as A: the first `# compare:` preset
/// that differs from the current setting, else the file's values (when the current setting
/// changed them), else the current setting (the learner then changes B).
lesson::Overrides compare_partner(const lesson::Lesson& l, const lesson::Overrides& current) {
    auto unquoted = [](const std::string& t) {
        const bool quoted =
            t.size() >= 2 && (t.front() == '\'' || t.front() == '"') && t.back() == t.front();
        return quoted ? t.substr(1, t.size() - 2) : t;
    };
    // A preset differs when one of its values is not the current one (override or file).
    auto differs = [&](const lesson::Preset& p) {
        for (const auto& [name, value] : p.overrides) {
            const std::string* o = lesson::find_override(current, name);
            const lesson::Param* param = l.find_literal(name);
            const std::string now = o != nullptr ? *o : param != nullptr ? param->text : "";
            if (unquoted(now) != unquoted(value))
                return true;
        }
        return false;
    };
    for (const lesson::Preset& p : l.presets)
        if (differs(p))
            return p.overrides;
    return current.empty() ? current : lesson::Overrides{};
}

void open_compare(PlayerGui& gui, ExploreGui& e) {
    const lesson::Lesson* l = gui.player.lesson();
    e.compare.open = true;
    if (!l)
        return;
    // The current run is A (the one the learner is looking at).
    if (const lesson::RunResult* r = gui.player.result()) {
        compare_pin_a(e.compare, *l, *r, compare_partner(*l, gui.player.overrides()),
                      "A: current run");
    } else if (l->presets.size() >= 2) {
        compare_presets(e.compare, *l, l->presets[0].name, l->presets[1].name);
    }
}

void open_map(PlayerGui& gui, ExploreGui& e) {
    e.map.open = true;
    if (const lesson::Lesson* l = gui.player.lesson())
        map_set_lesson(e.map, *l, gui.player.overrides());
}

} // namespace

void draw_explore(Shell& shell, PlayerGui& gui, ExploreGui& e) {
    if (!e.startup_view.empty() && gui.player.lesson() != nullptr && !gui.player.running()) {
        if (e.startup_view == "compare") {
            open_compare(gui, e);
            compare_wait(e.compare); // a screenshot shows the finished compare
            e.compare.position = compare_max_position(e.compare) * 0.5;
        } else if (e.startup_view == "map") {
            open_map(gui, e);
            map_compute(e.map);
            e.map.sweep.wait(); // a screenshot shows the finished map
        }
        e.startup_view.clear();
    }
    // The window runs the player off the UI thread: compares too (tests: at once).
    e.compare.background = gui.player.runs_in_background();
    if (ImGui::BeginMenu("View")) { // appends to the shell's View menu
        ImGui::Separator();
        if (ImGui::MenuItem("Compare A/B", nullptr, e.compare.open)) {
            if (e.compare.open)
                e.compare.open = false;
            else
                open_compare(gui, e);
        }
        shell.note_item("item:Compare A/B");
        if (ImGui::MenuItem("Pin current as A", nullptr, false,
                            gui.player.lesson() != nullptr && gui.player.result() != nullptr)) {
            compare_pin_a(e.compare, *gui.player.lesson(), *gui.player.result(),
                          gui.player.overrides());
            e.compare.open = true;
        }
        if (ImGui::MenuItem("Outcome map", nullptr, e.map.open)) {
            if (e.map.open)
                e.map.open = false;
            else
                open_map(gui, e);
        }
        shell.note_item("item:Outcome map");
        ImGui::EndMenu();
    }
    const Palette* p = &palette(shell.theme());
    CompareViewContext cc;
    cc.palette = p;
    cc.current_overrides = [&gui] { return gui.player.overrides(); };
    draw_compare_window(e.compare, cc);
    OutcomeMapContext mc;
    mc.palette = p;
    mc.on_load = [&gui](const lesson::Overrides& o) {
        for (const auto& [name, value] : o)
            gui.player.set_param(name, value);
        gui.timeline.invalidate();
    };
    if (e.map.open && gui.player.lesson() != nullptr && e.map.lesson)
        map_set_lesson(e.map, *gui.player.lesson(), gui.player.overrides()); // (the base only,
                                                                             // same lesson)
    draw_outcome_map_window(e.map, mc);
    if (e.map.sweep.running())
        glfwPostEmptyEvent(); // keep frames coming while the map computes
}

std::shared_ptr<ExploreGui> make_explore_gui() {
    auto e = std::make_shared<ExploreGui>();
    if (const char* v = std::getenv("CONDLAB_VIEW"))
        e->startup_view = v;
    return e;
}

std::string describe_explore(const ExploreGui& x) {
    std::string out = "compare_open=" + std::to_string(x.compare.open ? 1 : 0) + "\n";
    out += "compare_a=" + (x.compare.result ? x.compare.result->a_name : "") + "\n";
    out += "map_open=" + std::to_string(x.map.open ? 1 : 0) + "\n";
    out += "map_cells=" + std::to_string(x.map.painted_cells) + "\n";
    const auto spec = map_spec(x.map);
    out += "map_x=" + (spec ? spec->x.name : "") + "\n";
    out += "map_x_values=" + std::to_string(spec ? spec->x.values.size() : 0) + "\n";
    if (x.map.open && x.map.compute_w > 0)
        out += "rect.button:Compute=" + std::to_string(static_cast<int>(x.map.compute_x)) + " " +
               std::to_string(static_cast<int>(x.map.compute_y)) + " " +
               std::to_string(static_cast<int>(x.map.compute_w)) + " " +
               std::to_string(static_cast<int>(x.map.compute_h)) + "\n";
    return out;
}

} // namespace condlab::app
