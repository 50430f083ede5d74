// The outcome map view (see outcome_map_view.h).
//
// Index:
// [SECTION] Model
// [SECTION] Grid drawing
// [SECTION] View and window
#include "app/outcome_map_view.h"

#include "app/popup_window.h"
#include "lesson/compare.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

namespace condlab::app {

// ---------------------------------------------------------------------------
// [SECTION] Model
// ---------------------------------------------------------------------------

std::vector<const lesson::Param*> map_params(const lesson::Lesson& l) {
    std::vector<const lesson::Param*> out;
    for (const lesson::Param& p : l.params) {
        const bool numeric = p.value.kind == lesson::LiteralValue::Kind::Int ||
                             p.value.kind == lesson::LiteralValue::Kind::Float;
        const bool listed = p.spec && (p.spec->kind == lesson::ParamSpec::Kind::Bool ||
                                       p.spec->kind == lesson::ParamSpec::Kind::Choice);
        if (listed || (numeric && (!p.spec || p.spec->kind == lesson::ParamSpec::Kind::Int ||
                                   p.spec->kind == lesson::ParamSpec::Kind::Float)))
            out.push_back(&p);
    }
    return out;
}

std::vector<std::string> param_values(const lesson::Param& p) {
    if (!p.spec)
        return {};
    if (p.spec->kind == lesson::ParamSpec::Kind::Bool)
        return {"False", "True"};
    std::vector<std::string> out;
    if (p.spec->kind == lesson::ParamSpec::Kind::Choice)
        for (const lesson::LiteralValue& v : p.spec->choices)
            out.push_back(v.repr());
    return out;
}

int default_cells(const lesson::Param& p, float lo, float& hi) {
    if (p.spec && p.spec->step && *p.spec->step > 0.0 && hi > lo) {
        const double step = *p.spec->step;
        const int steps = static_cast<int>(std::floor((hi - lo) / step + 1e-6));
        const int stride = std::max(1, (steps + 39) / 40);
        const int n = steps / stride + 1;
        hi = static_cast<float>(lo + static_cast<double>((n - 1) * stride) * step);
        return std::max(n, 1);
    }
    if (p.value.kind == lesson::LiteralValue::Kind::Int)
        return std::clamp(static_cast<int>(hi - lo) + 1, 1, 20);
    return 20;
}

namespace {

void axis_defaults(MapAxisInput& a, const lesson::Param* p) {
    if (!p)
        return;
    if (const auto values = param_values(*p); !values.empty()) {
        a.lo = 0.0f;
        a.hi = static_cast<float>(values.size() - 1);
        a.n = static_cast<int>(values.size());
        return;
    }
    if (p->spec) {
        a.lo = static_cast<float>(p->spec->lo);
        a.hi = static_cast<float>(p->spec->hi);
    } else {
        a.lo = 0.0f;
        a.hi = static_cast<float>(std::max(1.0, 2.0 * p->value.real));
    }
    a.n = default_cells(*p, a.lo, a.hi);
}

} // namespace

void map_set_lesson(OutcomeMapState& s, const lesson::Lesson& lesson, lesson::Overrides base) {
    const bool same = s.lesson && s.lesson->source == lesson.source;
    s.base = std::move(base);
    if (same)
        return;
    s.sweep.cancel();
    s.lesson = std::make_shared<const lesson::Lesson>(lesson);
    auto params = map_params(*s.lesson);
    s.x = MapAxisInput{};
    s.y = MapAxisInput{};
    if (!params.empty()) {
        s.x.param = 0;
        axis_defaults(s.x, params[0]);
    }
    if (params.size() > 1) {
        s.y.param = 1;
        axis_defaults(s.y, params[1]);
    }
    s.shown = lesson::SweepResult{};
    s.shown_version = ~std::uint64_t{0};
}

std::optional<lesson::SweepSpec> map_spec(const OutcomeMapState& s) {
    if (!s.lesson)
        return std::nullopt;
    auto params = map_params(*s.lesson);
    auto axis = [&](const MapAxisInput& in) -> std::optional<lesson::SweepAxis> {
        if (in.param < 0 || in.param >= static_cast<int>(params.size()))
            return std::nullopt;
        const lesson::Param* p = params[static_cast<std::size_t>(in.param)];
        lesson::SweepAxis a;
        a.name = p->name;
        a.lo = in.lo;
        a.hi = in.hi;
        a.n = std::clamp(in.n, 1, 200);
        a.integer = p->value.kind == lesson::LiteralValue::Kind::Int;
        a.values = param_values(*p);
        if (!a.values.empty()) {
            a.n = static_cast<int>(a.values.size());
            a.integer = false;
        }
        return a;
    };
    auto x = axis(s.x);
    if (!x)
        return std::nullopt;
    lesson::SweepSpec spec;
    spec.x = *x;
    spec.y = axis(s.y);
    if (spec.y && spec.y->name == spec.x.name)
        spec.y.reset();
    for (const auto& [n, v] : s.base)
        if (n != spec.x.name && (!spec.y || n != spec.y->name))
            lesson::set_override(spec.base, n, v);
    return spec;
}

std::optional<int> current_index(const OutcomeMapState& s, const lesson::SweepAxis& axis) {
    if (!s.lesson)
        return std::nullopt;
    const lesson::Param* p = s.lesson->find_literal(axis.name);
    if (p == nullptr)
        return std::nullopt;
    const std::string* o = lesson::find_override(s.base, axis.name);
    const std::string text = o != nullptr ? *o : p->text;
    if (!axis.values.empty()) {
        // 'if' and "if" are the same literal.
        auto unquoted = [](const std::string& t) {
            const bool quoted =
                t.size() >= 2 && (t.front() == '\'' || t.front() == '"') && t.back() == t.front();
            return quoted ? t.substr(1, t.size() - 2) : t;
        };
        for (std::size_t i = 0; i < axis.values.size(); ++i)
            if (unquoted(axis.values[i]) == unquoted(text))
                return static_cast<int>(i);
        return std::nullopt;
    }
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (end == text.c_str())
        return std::nullopt;
    for (int i = 0; i < axis.n; ++i) {
        const double a = axis.value(i);
        if (std::abs(a - v) <= 1e-9 * std::max(1.0, std::abs(v)))
            return i;
    }
    return std::nullopt;
}

void map_compute(OutcomeMapState& s) {
    auto spec = map_spec(s);
    if (!spec)
        return;
    s.sweep.start(*s.lesson, *spec);
    s.shown_version = ~std::uint64_t{0};
    map_poll(s);
}

void map_poll(OutcomeMapState& s) {
    const std::uint64_t v = s.sweep.version();
    if (v == s.shown_version)
        return;
    s.shown = s.sweep.snapshot();
    s.shown_version = v;
}

Colour outcome_colour(const Palette& p, lesson::Outcome o) {
    switch (o) {
    case lesson::Outcome::Complete:
        return p.running;
    case lesson::Outcome::Deadlock:
        return p.blocked_lock;
    case lesson::Outcome::Exception:
        return p.failed;
    case lesson::Outcome::Budget:
        return p.lock_held_with_waiters;
    case lesson::Outcome::SyntaxError:
    case lesson::Outcome::UsageError:
        return p.cancelled;
    }
    return p.cancelled;
}

// ---------------------------------------------------------------------------
// [SECTION] Grid drawing
// ---------------------------------------------------------------------------

namespace {

Colour lerp(const Colour& a, const Colour& b, float t) {
    return {a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t, 1.0f};
}

/// Sequential colour scale for metric values (dark blue -> yellow, like viridis' ends).
Colour metric_colour(float t) {
    const Colour lo = hsl(250.0f, 0.55f, 0.30f), mid = hsl(170.0f, 0.55f, 0.40f),
                 hi = hsl(55.0f, 0.90f, 0.55f);
    return t < 0.5f ? lerp(lo, mid, t * 2.0f) : lerp(mid, hi, (t - 0.5f) * 2.0f);
}

void cell_tooltip(const OutcomeMapState& s, const lesson::SweepCell& c) {
    const lesson::SweepSpec& spec = s.shown.spec;
    ImGui::BeginTooltip();
    ImGui::Text("%s = %s", spec.x.name.c_str(), spec.x.value_text(c.ix).c_str());
    if (spec.y)
        ImGui::Text("%s = %s", spec.y->name.c_str(), spec.y->value_text(c.iy).c_str());
    ImGui::Separator();
    if (!c.done) {
        ImGui::TextDisabled("not computed yet");
    } else {
        ImGui::Text("outcome: %s", lesson::outcome_name(c.outcome));
        if (!c.summary.empty())
            ImGui::TextDisabled("%s", c.summary.c_str());
        for (const std::string& n : lesson::summary_metric_names())
            ImGui::Text("%s: %s", lesson::metric_title(n).c_str(),
                        lesson::format_metric(c.metric(n)).c_str());
        ImGui::TextDisabled("click: load into the player");
    }
    ImGui::EndTooltip();
}

struct LegendItem {
    Colour colour;
    std::string label;
};

/// A legend item's width: its swatch (one font height), a gap, its label.
float legend_item_width(const LegendItem& item) {
    return ImGui::GetFontSize() + ImGui::GetStyle().ItemSpacing.x +
           ImGui::CalcTextSize(item.label.c_str()).x;
}

/// How many lines the legend takes in `width` (items `gap` apart, wrapped as
/// same_line_if_fits() wraps them).
float legend_lines(const std::vector<LegendItem>& items, float width, float gap) {
    float lines = 1.0f, x = 0.0f;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const float w = legend_item_width(items[i]);
        if (i > 0 && x + gap + w > width) {
            lines += 1.0f;
            x = w;
        } else {
            x += (i > 0 ? gap : 0.0f) + w;
        }
    }
    return lines;
}

void draw_grid(OutcomeMapState& s, const OutcomeMapContext& ctx, const Palette& p) {
    const lesson::SweepResult& r = s.shown;
    const int w = r.spec.width(), h = r.spec.height();
    if (r.cells.empty() || w <= 0 || h <= 0)
        return;
    const std::string metric =
        s.color_by > 0 ? lesson::sweep_metric_names()[static_cast<std::size_t>(s.color_by - 1)]
                       : std::string();
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    if (!metric.empty())
        for (const lesson::SweepCell& c : r.cells)
            if (c.done && !std::isnan(c.metric(metric))) {
                lo = std::min(lo, c.metric(metric));
                hi = std::max(hi, c.metric(metric));
            }

    // Sizes in font heights: the same map at --scale 2 as at 1.
    const float fs = ImGui::GetFontSize();
    const float gap = fs, axis_h = fs * 2.0f + 4.0f, k = std::max(1.0f, fs / 15.0f);
    ImVec2 origin = ImGui::GetCursorScreenPos();
    ImVec2 avail = ImGui::GetContentRegionAvail();
    // The legend under the grid: its items wrap onto as many lines as the width needs.
    std::vector<LegendItem> legend;
    if (metric.empty()) {
        std::size_t counts[6] = {};
        for (const lesson::SweepCell& c : r.cells)
            if (c.done)
                ++counts[static_cast<int>(c.outcome)];
        for (lesson::Outcome o :
             {lesson::Outcome::Complete, lesson::Outcome::Deadlock, lesson::Outcome::Exception,
              lesson::Outcome::Budget, lesson::Outcome::SyntaxError}) {
            char label[96];
            std::snprintf(label, sizeof label, "%s (%zu)", lesson::outcome_name(o),
                          counts[static_cast<int>(o)]);
            legend.push_back({outcome_colour(p, o), label});
        }
    }
    const float legend_h =
        metric.empty() ? legend_lines(legend, avail.x, gap) * ImGui::GetFrameHeightWithSpacing()
                       : ImGui::GetFrameHeightWithSpacing();
    // The y axis's name and values in full (at most a third of the width).
    float label_w = fs * 4.0f;
    if (r.spec.y) {
        for (const std::string& t :
             {r.spec.y->name, r.spec.y->value_text(0), r.spec.y->value_text(h - 1)}) {
            label_w = std::max(label_w, ImGui::CalcTextSize(t.c_str()).x + fs * 0.7f);
        }
        label_w = std::min(label_w, avail.x / 3.0f);
    }
    const float gw = std::max(fs * 3.0f, avail.x - label_w - fs * 0.5f);
    const float gh = std::max(fs * 3.0f, avail.y - legend_h - axis_h);
    const float cw = gw / static_cast<float>(w), ch = gh / static_cast<float>(h);
    s.grid_x = origin.x + label_w;
    s.grid_y = origin.y;
    s.cell_w = cw;
    s.cell_h = ch;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    s.painted_cells = 0;
    const ImU32 pending = hsl(0.0f, 0.0f, 0.5f, 0.25f).packed();
    for (const lesson::SweepCell& c : r.cells) {
        // Row 0 (lowest y value) at the bottom.
        const float x0 = s.grid_x + static_cast<float>(c.ix) * cw;
        const float y0 = s.grid_y + static_cast<float>(h - 1 - c.iy) * ch;
        ImU32 colour = pending;
        if (c.done) {
            if (metric.empty()) {
                colour = outcome_colour(p, c.outcome).packed();
            } else {
                const double v = c.metric(metric);
                const float t =
                    std::isnan(v) || !(hi > lo) ? 0.0f : static_cast<float>((v - lo) / (hi - lo));
                colour = std::isnan(v) ? pending : metric_colour(t).packed();
            }
            ++s.painted_cells;
        }
        dl->AddRectFilled(ImVec2(x0, y0),
                          ImVec2(x0 + std::max(cw - 1.0f, 1.0f), y0 + std::max(ch - 1.0f, 1.0f)),
                          colour);
    }
    // The player's current setting: outlined.
    s.current_cell.reset();
    const std::optional<int> cx = current_index(s, r.spec.x);
    const std::optional<int> cy = r.spec.y ? current_index(s, *r.spec.y) : std::optional<int>(0);
    if (cx && cy) {
        s.current_cell = std::make_pair(*cx, *cy);
        const float x0 = s.grid_x + static_cast<float>(*cx) * cw;
        const float y0 = s.grid_y + static_cast<float>(h - 1 - *cy) * ch;
        dl->AddRect(ImVec2(x0 - 1.0f, y0 - 1.0f), ImVec2(x0 + cw, y0 + ch), p.arrow_edge.packed(),
                    0.0f, 0, 4.0f * k);
        dl->AddRect(ImVec2(x0 - 1.0f, y0 - 1.0f), ImVec2(x0 + cw, y0 + ch), p.heading.packed(),
                    0.0f, 0, 2.0f * k);
    }
    // Axes labels.
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
    const lesson::SweepSpec& spec = r.spec;
    {
        // The x values under their columns, every one when they fit (a choice, a short
        // range), else the first and the last; the axis's name on the line below.
        const float y = s.grid_y + gh + 2.0f;
        float widest = 0.0f;
        for (int i = 0; i < w; ++i)
            widest = std::max(widest, ImGui::CalcTextSize(spec.x.value_text(i).c_str()).x);
        if (widest + fs * 0.5f <= cw) {
            for (int i = 0; i < w; ++i) {
                const std::string v = spec.x.value_text(i);
                const float tw = ImGui::CalcTextSize(v.c_str()).x;
                dl->AddText(ImVec2(s.grid_x + (static_cast<float>(i) + 0.5f) * cw - tw * 0.5f, y),
                            text, v.c_str());
            }
        } else {
            dl->AddText(ImVec2(s.grid_x, y), text, spec.x.value_text(0).c_str());
            const std::string hi_text = spec.x.value_text(w - 1);
            const float tw = ImGui::CalcTextSize(hi_text.c_str()).x;
            dl->AddText(ImVec2(s.grid_x + gw - tw, y), text, hi_text.c_str());
        }
        const float nw = ImGui::CalcTextSize(spec.x.name.c_str()).x;
        dl->AddText(ImVec2(s.grid_x + (gw - nw) * 0.5f, y + fs), text, spec.x.name.c_str());
    }
    if (spec.y) {
        dl->AddText(ImVec2(origin.x, s.grid_y), text, spec.y->value_text(h - 1).c_str());
        dl->AddText(ImVec2(origin.x, s.grid_y + gh - ImGui::GetFontSize()), text,
                    spec.y->value_text(0).c_str());
        dl->AddText(ImVec2(origin.x, s.grid_y + gh * 0.5f - ImGui::GetFontSize()), text,
                    spec.y->name.c_str());
    }
    // Input: an invisible button over the grid.
    ImGui::SetCursorScreenPos(ImVec2(s.grid_x, s.grid_y));
    ImGui::InvisibleButton("##map_grid", ImVec2(gw, gh));
    s.hovered.reset();
    if (ImGui::IsItemHovered()) {
        const ImVec2 m = ImGui::GetIO().MousePos;
        const int ix = std::clamp(static_cast<int>((m.x - s.grid_x) / cw), 0, w - 1);
        const int iy = h - 1 - std::clamp(static_cast<int>((m.y - s.grid_y) / ch), 0, h - 1);
        s.hovered = std::make_pair(ix, iy);
        const lesson::SweepCell& c = r.at(ix, iy);
        const float x0 = s.grid_x + static_cast<float>(ix) * cw;
        const float y0 = s.grid_y + static_cast<float>(h - 1 - iy) * ch;
        dl->AddRect(ImVec2(x0, y0), ImVec2(x0 + cw, y0 + ch), text, 0.0f, 0, 2.0f * k);
        cell_tooltip(s, c);
        if (ImGui::IsItemClicked(ImGuiMouseButton_Left) && ctx.on_load)
            ctx.on_load(spec.cell_overrides(ix, iy));
    }
    // Legend.
    ImGui::SetCursorScreenPos(ImVec2(origin.x, s.grid_y + gh + axis_h));
    ImGui::Dummy(ImVec2(1.0f, 1.0f));
    if (metric.empty()) {
        s.legend_right = 0.0f;
        for (std::size_t i = 0; i < legend.size(); ++i) {
            if (i > 0)
                same_line_if_fits(legend_item_width(legend[i]), gap);
            ImVec2 pos = ImGui::GetCursorScreenPos();
            dl->AddRectFilled(pos, ImVec2(pos.x + fs, pos.y + fs), legend[i].colour.packed());
            ImGui::Dummy(ImVec2(fs, fs));
            ImGui::SameLine();
            ImGui::TextUnformatted(legend[i].label.c_str());
            s.legend_right = std::max(s.legend_right, ImGui::GetItemRectMax().x);
        }
    } else if (lo <= hi) {
        ImGui::Text("%s  %s", lesson::metric_title(metric).c_str(),
                    lesson::format_metric(lo).c_str());
        ImGui::SameLine();
        ImVec2 pos = ImGui::GetCursorScreenPos();
        const float bw = fs * 13.0f, bh = fs;
        for (int i = 0; i < 40; ++i) {
            const float t = static_cast<float>(i) / 39.0f;
            dl->AddRectFilled(ImVec2(pos.x + bw * static_cast<float>(i) / 40.0f, pos.y),
                              ImVec2(pos.x + bw * static_cast<float>(i + 1) / 40.0f, pos.y + bh),
                              metric_colour(t).packed());
        }
        ImGui::Dummy(ImVec2(bw, bh));
        ImGui::SameLine();
        ImGui::Text("%s", lesson::format_metric(hi).c_str());
    }
}

} // namespace

// ---------------------------------------------------------------------------
// [SECTION] View and window
// ---------------------------------------------------------------------------

void draw_outcome_map_view(OutcomeMapState& s, const OutcomeMapContext& ctx) {
    const Palette& p = ctx.palette ? *ctx.palette : palette(ThemeKind::Dark);
    map_poll(s);
    if (!s.lesson) {
        ImGui::TextDisabled("Open a lesson with parameters.");
        return;
    }
    auto params = map_params(*s.lesson);
    if (params.empty()) {
        ImGui::TextDisabled("This lesson has no parameters to map.");
        return;
    }
    const float fs = ImGui::GetFontSize();
    auto axis_row = [&](const char* id, MapAxisInput& a, bool optional) {
        ImGui::PushID(id);
        ImGui::SetNextItemWidth(fs * 11.0f);
        const char* preview =
            a.param >= 0 ? params[static_cast<std::size_t>(a.param)]->name.c_str() : "(none)";
        if (ImGui::BeginCombo(id, preview)) {
            if (optional && ImGui::Selectable("(none)", a.param < 0))
                a.param = -1;
            for (std::size_t i = 0; i < params.size(); ++i)
                if (ImGui::Selectable(params[i]->name.c_str(), a.param == static_cast<int>(i))) {
                    a.param = static_cast<int>(i);
                    axis_defaults(a, params[i]);
                }
            ImGui::EndCombo();
        }
        const std::vector<std::string> values =
            a.param >= 0 ? param_values(*params[static_cast<std::size_t>(a.param)])
                         : std::vector<std::string>{};
        if (!values.empty()) {
            std::string list;
            for (const std::string& v : values)
                list += (list.empty() ? "" : ", ") + v;
            ImGui::SameLine();
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextDisabled("one cell per value: %s", list.c_str());
            ImGui::PopTextWrapPos();
        } else if (a.param >= 0) {
            same_line_if_fits(fs * 16.0f);
            ImGui::SetNextItemWidth(fs * 12.0f);
            float range[2] = {a.lo, a.hi};
            if (ImGui::InputFloat2("range", range, "%.3g")) {
                a.lo = range[0];
                a.hi = range[1];
            }
            same_line_if_fits(fs * 10.0f);
            ImGui::SetNextItemWidth(fs * 6.0f);
            ImGui::InputInt("cells", &a.n);
            a.n = std::clamp(a.n, 1, 200);
        }
        ImGui::PopID();
    };
    axis_row("x", s.x, false);
    axis_row("y", s.y, true);

    const bool running = s.sweep.running();
    ImGui::BeginDisabled(running);
    if (ImGui::Button("Compute"))
        map_compute(s);
    s.compute_x = ImGui::GetItemRectMin().x;
    s.compute_y = ImGui::GetItemRectMin().y;
    s.compute_w = ImGui::GetItemRectSize().x;
    s.compute_h = ImGui::GetItemRectSize().y;
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(!running);
    if (ImGui::Button("Cancel"))
        s.sweep.cancel();
    ImGui::EndDisabled();
    const std::size_t total = s.sweep.total(), done = s.sweep.done();
    char overlay[96];
    std::snprintf(overlay, sizeof overlay, "%zu / %zu cells (%zu run%s)%s", done, total,
                  s.sweep.runs(), s.sweep.runs() < done ? ", rest cached" : "",
                  s.sweep.cancelled() ? " - cancelled" : "");
    const float bar_w = std::max(fs * 16.0f, ImGui::CalcTextSize(overlay).x + fs);
    same_line_if_fits(bar_w);
    // The accent colour: yellow is the map's colour for "budget".
    ImGui::PushStyleColor(ImGuiCol_PlotHistogram, p.accent.packed());
    ImGui::ProgressBar(s.sweep.progress(), ImVec2(bar_w, 0.0f), overlay);
    ImGui::PopStyleColor();
    same_line_if_fits(fs * 11.0f + ImGui::CalcTextSize("colour by").x +
                      ImGui::GetStyle().ItemInnerSpacing.x);
    ImGui::SetNextItemWidth(fs * 11.0f);
    const auto& names = lesson::sweep_metric_names();
    const std::string preview =
        s.color_by > 0 ? lesson::metric_title(names[static_cast<std::size_t>(s.color_by - 1)])
                       : std::string("outcome");
    if (ImGui::BeginCombo("colour by", preview.c_str())) {
        if (ImGui::Selectable("outcome", s.color_by == 0))
            s.color_by = 0;
        for (std::size_t i = 0; i < names.size(); ++i)
            if (ImGui::Selectable(lesson::metric_title(names[i]).c_str(),
                                  s.color_by == static_cast<int>(i + 1)))
                s.color_by = static_cast<int>(i + 1);
        ImGui::EndCombo();
    }
    draw_grid(s, ctx, p);
}

void draw_outcome_map_window(OutcomeMapState& s, const OutcomeMapContext& ctx) {
    if (!s.open)
        return;
    set_next_popup_size(56.0f, 44.0f, true);
    if (ImGui::Begin("Outcome map", &s.open))
        draw_outcome_map_view(s, ctx);
    ImGui::End();
}

} // namespace condlab::app
