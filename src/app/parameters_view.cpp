// Parameters panel: one widget per `# param:` line; a change re-runs the lesson at once.
#include <imgui.h>

#include <cmath>
#include <string>

#include "app/player_views.h"

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

} // namespace

bool draw_parameters_view(const PlayerViewContext& ctx) {
    Player& player = *ctx.player;
    const lesson::Lesson* l = player.lesson();
    if (l == nullptr) {
        ImGui::TextDisabled("No program loaded.");
        return false;
    }
    bool any = false;
    // Compact when the panel is short (1280x720, four parameters): the label goes inside
    // the slider / combo frame, one row per parameter, so nothing hides below the fold.
    int shown = 0;
    for (const Param& p : l->params)
        shown += p.spec ? 1 : 0;
    const float two_rows = static_cast<float>(shown) * (ImGui::GetTextLineHeightWithSpacing() +
                                                        ImGui::GetFrameHeightWithSpacing()) +
                           ImGui::GetFrameHeightWithSpacing();
    const bool compact = two_rows > ImGui::GetContentRegionAvail().y;
    const auto escaped = [](const std::string& text) { // for a printf format
        std::string out;
        for (const char c : text)
            out += c == '%' ? std::string("%%") : std::string(1, c);
        return out;
    };
    for (const Param& p : l->params) {
        if (!p.spec)
            continue;
        const ParamSpec& spec = *p.spec;
        const LiteralValue v = current_value(player, p);
        ImGui::PushID(p.name.c_str());
        const std::string label = p.label.empty() ? p.name : p.label;
        std::string new_text;
        switch (spec.kind) {
        case ParamSpec::Kind::Bool: {
            bool b = v.kind == LiteralValue::Kind::Bool ? v.boolean : v.number() != 0.0;
            if (ImGui::Checkbox(label.c_str(), &b))
                new_text = b ? "True" : "False";
            break;
        }
        case ParamSpec::Kind::Choice: {
            if (!compact)
                ImGui::TextUnformatted(label.c_str());
            int current = 0;
            for (std::size_t i = 0; i < spec.choices.size(); ++i)
                if (spec.choices[i] == v)
                    current = static_cast<int>(i);
            ImGui::SetNextItemWidth(-1.0f);
            std::string preview = spec.choices.empty()
                                      ? std::string()
                                      : spec.choices[static_cast<std::size_t>(current)].repr();
            if (compact)
                preview = label + ": " + preview;
            if (ImGui::BeginCombo("##choice", preview.c_str())) {
                for (std::size_t i = 0; i < spec.choices.size(); ++i) {
                    const std::string r = spec.choices[i].repr();
                    if (ImGui::Selectable(r.c_str(), static_cast<int>(i) == current))
                        new_text = r;
                }
                ImGui::EndCombo();
            }
            break;
        }
        case ParamSpec::Kind::Int:
        case ParamSpec::Kind::Float: {
            if (!compact)
                ImGui::TextUnformatted(label.c_str());
            ImGui::SetNextItemWidth(-1.0f);
            const std::string prefix = compact ? escaped(label) + ": " : std::string();
            if (spec.kind == ParamSpec::Kind::Int) {
                int i = static_cast<int>(std::llround(v.number()));
                if (ImGui::SliderInt("##slider", &i, static_cast<int>(spec.lo),
                                     static_cast<int>(spec.hi), (prefix + "%d").c_str())) {
                    double d = i;
                    if (spec.step && *spec.step > 0)
                        d = spec.lo + std::round((d - spec.lo) / *spec.step) * *spec.step;
                    new_text = number_text(spec, d);
                }
            } else {
                auto f = static_cast<float>(v.number());
                char fmt[16] = "%.2f";
                if (spec.step && *spec.step >= 1.0)
                    std::snprintf(fmt, sizeof fmt, "%%.0f");
                else if (spec.step && *spec.step >= 0.1)
                    std::snprintf(fmt, sizeof fmt, "%%.1f");
                if (ImGui::SliderFloat("##slider", &f, static_cast<float>(spec.lo),
                                       static_cast<float>(spec.hi), (prefix + fmt).c_str())) {
                    double d = f;
                    if (spec.step && *spec.step > 0)
                        d = spec.lo + std::round((d - spec.lo) / *spec.step) * *spec.step;
                    d = std::clamp(d, spec.lo, spec.hi);
                    new_text = number_text(spec, d);
                }
            }
            break;
        }
        }
        record_item(ctx, "param:" + p.name);
        if (compact && ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", label.c_str());
        if (!new_text.empty()) {
            const int before = player.run_count();
            player.set_param(p.name, new_text);
            any = any || player.run_count() != before;
        }
        ImGui::PopID();
    }
    if (l->params.empty()) {
        ImGui::TextDisabled("This program has no # param: lines.");
    } else {
        if (!player.overrides().empty() && ImGui::SmallButton("Reset")) {
            player.reset_params();
            any = true;
        }
        if (player.result() != nullptr) {
            ImGui::SameLine();
            ImGui::TextDisabled("run: %s, %.1f ms", lesson::outcome_name(player.result()->outcome),
                                player.last_run_ms());
        }
    }
    return any;
}

} // namespace condlab::app
