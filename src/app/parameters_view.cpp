// Parameters panel: one widget per `# param:` line; a change re-runs the lesson at once.
// Every parameter shows its label and its value at any panel width (elided labels, tooltips).
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <string_view>

#include "app/player_views.h"
#include "app/text_wrap.h"

namespace condlab::app {

namespace {

using lesson::LiteralValue;
using lesson::Param;
using lesson::ParamSpec;

/// The current value of a parameter as a literal (override or file value).
LiteralValue current_value(const Player& player, const Param& p) {
    try {
        return lesson::validate_literal(player.param_text(p));
    } catch (...) {
        return p.value;
    }
}

std::string number_text(const ParamSpec& spec, double v) {
    if (spec.kind == ParamSpec::Kind::Int)
        return std::to_string(static_cast<long long>(std::llround(v)));
    return lesson::python_float_repr(v);
}

/// printf format of a float slider: as many decimals as its step needs.
const char* float_format(const ParamSpec& spec) {
    if (spec.step && *spec.step >= 1.0)
        return "%.0f";
    if (spec.step && *spec.step >= 0.1)
        return "%.1f";
    return "%.2f";
}

/// The text a slider or combo shows for `v`.
std::string shown_value(const ParamSpec& spec, double v) {
    if (spec.kind == ParamSpec::Kind::Int)
        return std::to_string(static_cast<long long>(std::llround(v)));
    char buf[64];
    std::snprintf(buf, sizeof buf, float_format(spec), v);
    return buf;
}

float text_w(std::string_view s) { return ImGui::CalcTextSize(s.data(), s.data() + s.size()).x; }

/// The width a slider or combo needs to show any of its values whole.
float widget_min_width(const ParamSpec& spec, const LiteralValue& v) {
    const ImGuiStyle& st = ImGui::GetStyle();
    float value_w = 0.0f;
    if (spec.kind == ParamSpec::Kind::Choice) {
        for (const LiteralValue& c : spec.choices)
            value_w = std::max(value_w, text_w(c.repr()));
        return value_w + 2.0f * st.FramePadding.x + ImGui::GetFrameHeight(); // + the arrow
    }
    for (const double d : {spec.lo, spec.hi, v.number()})
        value_w = std::max(value_w, text_w(shown_value(spec, d)));
    return value_w + 2.0f * st.FramePadding.x + ImGui::GetFrameHeight(); // + room for the grab
}

/// Hover text: the full label, the name as the code writes it, the value and the range.
std::string param_tooltip(const Param& p, const LiteralValue& v) {
    std::string out = p.name + " = " + v.repr();
    if (!p.label.empty())
        out += "\n" + p.label;
    if (p.spec && (p.spec->kind == ParamSpec::Kind::Int || p.spec->kind == ParamSpec::Kind::Float))
        out += "\nfrom " + number_text(*p.spec, p.spec->lo) + " to " +
               number_text(*p.spec, p.spec->hi) +
               (p.spec->step ? " in steps of " + number_text(*p.spec, *p.spec->step) : "");
    return out;
}

void tooltip_on_hover(const std::string& text) {
    if (ImGui::IsItemHovered() && !ImGui::IsItemActive())
        ImGui::SetTooltip("%s", text.c_str());
}

} // namespace

bool draw_parameters_view(const PlayerViewContext& ctx) {
    Player& player = *ctx.player;
    const lesson::Lesson* l = player.lesson();
    if (l == nullptr) {
        ImGui::TextDisabled("No program loaded.");
        return false;
    }
    bool any = false;
    // Every parameter shows its label and its value, whole, at any panel width: the value
    // lives in the slider / combo (never covered by the label), the label is elided in the
    // middle when it does not fit, and hovering either shows the full label and the name.
    // Compact when the panel is short (1280x720, four parameters): label and widget share a
    // row; otherwise the label is on its own line above a full-width widget.
    const ImGuiStyle& st = ImGui::GetStyle();
    int shown = 0;
    float widest_label = 0.0f;
    float widest_widget = 0.0f;
    for (const Param& p : l->params) {
        if (!p.spec)
            continue;
        ++shown;
        if (p.spec->kind == ParamSpec::Kind::Bool)
            continue;
        widest_label = std::max(widest_label, text_w(p.label.empty() ? p.name : p.label));
        widest_widget =
            std::max(widest_widget, widget_min_width(*p.spec, current_value(player, p)));
    }
    const float two_rows = static_cast<float>(shown) * (ImGui::GetTextLineHeightWithSpacing() +
                                                        ImGui::GetFrameHeightWithSpacing()) +
                           ImGui::GetFrameHeightWithSpacing();
    const bool compact = two_rows > ImGui::GetContentRegionAvail().y;
    const float avail = ImGui::GetContentRegionAvail().x;
    // Compact rows: one label column (so the sliders line up) of at most 65 % of the row.
    const float widget_room = std::max(widest_widget, avail * 0.35f);
    const float label_col =
        std::max(0.0f, std::min(widest_label, avail - widget_room - st.ItemSpacing.x));
    // Compact rows are also tighter (a fifth parameter fits at 1280x720): thinner frames,
    // less space between rows, in proportion to the font.
    const float fs = ImGui::GetFontSize();
    if (compact) {
        ImGui::PushStyleVar(
            ImGuiStyleVar_FramePadding,
            {st.FramePadding.x, std::min(st.FramePadding.y, std::floor(fs * 0.15f))});
        ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing,
                            {st.ItemSpacing.x, std::min(st.ItemSpacing.y, std::floor(fs * 0.2f))});
    }
    const auto elided = [](std::string_view text, float width) {
        return elide_middle(text, width, [](std::string_view s) { return text_w(s); });
    };
    for (const Param& p : l->params) {
        if (!p.spec)
            continue;
        const ParamSpec& spec = *p.spec;
        const LiteralValue v = current_value(player, p);
        ImGui::PushID(p.name.c_str());
        const std::string label = p.label.empty() ? p.name : p.label;
        const std::string tip = param_tooltip(p, v);
        std::string new_text;
        if (spec.kind == ParamSpec::Kind::Bool) {
            bool b = v.kind == LiteralValue::Kind::Bool ? v.boolean : v.number() != 0.0;
            const float room = avail - ImGui::GetFrameHeight() - st.ItemInnerSpacing.x;
            const std::string text = elided(label, room) + "##bool";
            if (ImGui::Checkbox(text.c_str(), &b))
                new_text = b ? "True" : "False";
            record_item(ctx, "param-label:" + p.name);
        } else {
            // The label: its own line, or the left column of a compact row.
            const float x0 = ImGui::GetCursorPosX();
            if (compact)
                ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted(elided(label, compact ? label_col : avail).c_str());
            record_item(ctx, "param-label:" + p.name);
            tooltip_on_hover(tip);
            if (compact) {
                ImGui::SameLine();
                ImGui::SetCursorPosX(x0 + label_col + st.ItemSpacing.x);
            }
            ImGui::SetNextItemWidth(-1.0f);
            if (spec.kind == ParamSpec::Kind::Choice) {
                int current = 0;
                for (std::size_t i = 0; i < spec.choices.size(); ++i)
                    if (spec.choices[i] == v)
                        current = static_cast<int>(i);
                const std::string preview =
                    spec.choices.empty() ? std::string()
                                         : spec.choices[static_cast<std::size_t>(current)].repr();
                if (ImGui::BeginCombo("##choice", preview.c_str())) {
                    for (std::size_t i = 0; i < spec.choices.size(); ++i) {
                        const std::string r = spec.choices[i].repr();
                        if (ImGui::Selectable(r.c_str(), static_cast<int>(i) == current))
                            new_text = r;
                    }
                    ImGui::EndCombo();
                }
            } else if (spec.kind == ParamSpec::Kind::Int) {
                int i = static_cast<int>(std::llround(v.number()));
                if (ImGui::SliderInt("##slider", &i, static_cast<int>(spec.lo),
                                     static_cast<int>(spec.hi), "%d")) {
                    double d = i;
                    if (spec.step && *spec.step > 0)
                        d = spec.lo + std::round((d - spec.lo) / *spec.step) * *spec.step;
                    new_text = number_text(spec, d);
                }
            } else {
                auto f = static_cast<float>(v.number());
                if (ImGui::SliderFloat("##slider", &f, static_cast<float>(spec.lo),
                                       static_cast<float>(spec.hi), float_format(spec))) {
                    double d = f;
                    if (spec.step && *spec.step > 0)
                        d = spec.lo + std::round((d - spec.lo) / *spec.step) * *spec.step;
                    d = std::clamp(d, spec.lo, spec.hi);
                    new_text = number_text(spec, d);
                }
            }
        }
        record_item(ctx, "param:" + p.name);
        tooltip_on_hover(tip);
        if (!new_text.empty()) {
            const int before = player.run_count();
            player.set_param(p.name, new_text);
            any = any || player.run_count() != before;
        }
        ImGui::PopID();
    }
    if (compact)
        ImGui::PopStyleVar(2);
    if (l->params.empty()) {
        ImGui::TextDisabled("This program has no # param: lines.");
    } else {
        const bool reset = !player.overrides().empty();
        if (reset && ImGui::SmallButton("Reset")) {
            player.reset_params();
            any = true;
        }
        if (player.result() != nullptr) {
            if (reset) // else on its own row: after the last slider it was past the edge
                ImGui::SameLine();
            ImGui::TextDisabled("run: %s, %.1f ms", lesson::outcome_name(player.result()->outcome),
                                player.last_run_ms());
        }
    }
    return any;
}

} // namespace condlab::app
