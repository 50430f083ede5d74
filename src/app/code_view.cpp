#include "app/code_view.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

namespace condlab::app {

namespace {

ImU32 col(const Colour& c) { return c.packed(); }

const Colour& token_colour(const Palette& p, TokenKind k) {
    switch (k) {
    case TokenKind::Keyword:
        return p.syn_keyword;
    case TokenKind::Builtin:
        return p.syn_builtin;
    case TokenKind::String:
        return p.syn_string;
    case TokenKind::Comment:
        return p.syn_comment;
    case TokenKind::Number:
        return p.syn_number;
    case TokenKind::Decorator:
        return p.syn_decorator;
    case TokenKind::Definition:
        return p.syn_definition;
    case TokenKind::Op:
        return p.syn_operator;
    case TokenKind::Text:
        break;
    }
    return p.syn_text;
}

/// A right-pointing arrow filling `h` px high at (x, y).
void draw_arrow(ImDrawList* dl, float x, float y, float w, float h, ImU32 c) {
    const float mid = y + h * 0.5f;
    const float shaft_h = std::max(2.0f, h * 0.22f);
    const float head_w = w * 0.45f;
    dl->AddRectFilled({x, mid - shaft_h * 0.5f}, {x + w - head_w, mid + shaft_h * 0.5f}, c);
    dl->AddTriangleFilled({x + w - head_w, y + h * 0.15f}, {x + w, mid},
                          {x + w - head_w, y + h * 0.85f}, c);
}

const Colour& marker_colour(const Palette& p, const LineMarker& m) {
    switch (m.kind) {
    case MarkerKind::JustExecuted:
        return p.marker_executed;
    case MarkerKind::Next:
        return p.marker_next;
    case MarkerKind::Custom:
        break;
    }
    return m.colour;
}

/// The folded "lesson settings" row; returns its text width.
float draw_settings_row(ImDrawList* dl, ImFont* font, float fs, ImVec2 at,
                        const CodeViewState& state, const Palette& pal) {
    const std::size_t n = state.rows.metadata.size();
    const std::string text =
        std::string(state.settings_open ? "\xE2\x96\xBE" : "\xE2\x96\xB8") + // ▾ / ▸
        " lesson settings (" + std::to_string(n) + (n == 1 ? " line" : " lines") + ")" +
        (state.settings_open ? "" : "  \xC2\xB7  click to open");
    dl->AddText(font, fs, at, col(pal.dim_text), text.c_str());
    return font->CalcTextSizeA(fs, 1e9f, 0.0f, text.c_str()).x;
}

} // namespace

void draw_code_view(const char* id, const CodeViewContext& ctx, CodeViewState& state) {
    const Palette& pal = *ctx.palette;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, col(pal.code_background));
    ImGui::BeginChild(id, {0.0f, 0.0f}, false, ImGuiWindowFlags_HorizontalScrollbar);
    ImGui::PushFont(ctx.fonts->mono);
    state.hovered_line = 0;
    if (ctx.doc == nullptr) {
        ImGui::TextDisabled("No file open. Pick a lesson or drop a .py file here.");
        ImGui::PopFont();
        ImGui::EndChild();
        ImGui::PopStyleColor();
        return;
    }
    const SourceDocument& doc = *ctx.doc;
    const int count = static_cast<int>(doc.lines.size());
    state.rows = code_rows(doc.lines, state.settings_open);
    const std::vector<int>& rows = state.rows.rows;
    const int row_count = static_cast<int>(rows.size());
    ImFont* font = ImGui::GetFont();
    const float fs = ImGui::GetFontSize();
    const float char_w = font->CalcTextSizeA(fs, 1e9f, 0.0f, "M").x;
    const float line_h = std::floor(fs * 1.35f);
    const CodeGutter g = code_gutter(count, char_w);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float view_w = ImGui::GetWindowWidth();
    state.line_height = line_h;
    state.first_line_y = origin.y;

    if (state.scroll_to_line > 0) {
        const int row = std::max(row_of_line(state.rows, state.scroll_to_line), 0);
        const float target = static_cast<float>(row) * line_h;
        ImGui::SetScrollY(std::max(0.0f, target - ImGui::GetWindowHeight() * state.scroll_align));
        state.scroll_to_line = 0;
    }
    const bool hovered = ImGui::IsWindowHovered();
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const int mouse_row = hovered ? line_at(mouse.y, origin.y, line_h, row_count) - 1 : -1;
    const int mouse_line = mouse_row >= 0 ? rows[static_cast<std::size_t>(mouse_row)] : 0;
    const float text_y_off = (line_h - fs) * 0.5f;

    float max_w = view_w;
    ImGuiListClipper clipper;
    clipper.Begin(row_count, line_h);
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, {0.0f, 0.0f});
    while (clipper.Step()) {
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
            const int line = rows[static_cast<std::size_t>(r)];
            const int i = line - 1;
            const ImVec2 p = ImGui::GetCursorScreenPos();
            const float x0 = ImGui::GetWindowPos().x; // full-width backgrounds
            if (line == kSettingsRow) {
                if (mouse_row == r)
                    dl->AddRectFilled({x0, p.y}, {x0 + view_w, p.y + line_h}, col(pal.line_hover));
                const float w =
                    draw_settings_row(dl, font, fs, {p.x + g.text_x, p.y + text_y_off}, state, pal);
                ImGui::Dummy({g.text_x + w, line_h});
                continue;
            }
            const bool is_error = ctx.error != nullptr && ctx.error->line == line;
            if (is_error) {
                dl->AddRectFilled({x0, p.y}, {x0 + view_w + ImGui::GetScrollX(), p.y + line_h},
                                  col(pal.error_line));
            } else if (line == state.focus_line) {
                dl->AddRectFilled({x0, p.y}, {x0 + view_w + ImGui::GetScrollX(), p.y + line_h},
                                  col(pal.accent.with_alpha(0.16f)));
            } else if (line == state.selected_line) {
                dl->AddRectFilled({x0, p.y}, {x0 + view_w, p.y + line_h}, col(pal.line_selected));
            }
            if (line == mouse_line)
                dl->AddRectFilled({x0, p.y}, {x0 + view_w, p.y + line_h}, col(pal.line_hover));
            // Line number, right-aligned.
            char num[16];
            std::snprintf(num, sizeof num, "%d", line);
            const float num_w = font->CalcTextSizeA(fs, 1e9f, 0.0f, num).x;
            dl->AddText(font, fs, {p.x + g.number_width - num_w - char_w * 0.5f, p.y + text_y_off},
                        col(is_error ? pal.error_text : pal.line_number), num);
            // Markers: arrows stacked in the gutter, labels after the code.
            std::string labels;
            const Colour* label_colour = nullptr;
            if (ctx.markers != nullptr) {
                const auto ms = markers_on_line(*ctx.markers, line);
                float ax = p.x + g.number_width;
                for (const LineMarker* m : ms) {
                    draw_arrow(dl, ax, p.y + line_h * 0.1f, g.marker_width * 0.8f, line_h * 0.8f,
                               col(marker_colour(pal, *m)));
                    ax += 2.0f; // a hint of stacking when several tasks share a line
                    if (!m->label.empty()) {
                        if (!labels.empty())
                            labels += ", ";
                        labels += m->label;
                        label_colour = &marker_colour(pal, *m);
                    }
                }
            }
            // Code, token by token.
            const std::string_view text = doc.lines[static_cast<size_t>(i)];
            float x = p.x + g.text_x;
            const auto& toks = doc.tokens[static_cast<size_t>(i)];
            for (const Token& t : toks) {
                if (t.end > text.size() || t.begin >= t.end)
                    continue;
                const char* b = text.data() + t.begin;
                const char* e = text.data() + t.end;
                dl->AddText(font, fs, {x, p.y + text_y_off}, col(token_colour(pal, t.kind)), b, e);
                x += font->CalcTextSizeA(fs, 1e9f, 0.0f, b, e).x;
            }
            float end_x = x;
            if (!labels.empty()) {
                const float lx = end_x + char_w * 2.0f;
                const float lw = font->CalcTextSizeA(fs, 1e9f, 0.0f, labels.c_str()).x;
                dl->AddRectFilled({lx - 3.0f, p.y + 1.0f}, {lx + lw + 3.0f, p.y + line_h - 1.0f},
                                  col(label_colour->with_alpha(0.22f)), 3.0f);
                dl->AddText(font, fs, {lx, p.y + text_y_off}, col(pal.syn_text), labels.c_str());
                end_x = lx + lw + 3.0f;
            }
            if (is_error && !ctx.error->message.empty()) {
                const float ex = end_x + char_w * 2.0f;
                const std::string msg = "\xE2\x9A\xA0 " + ctx.error->message; // ⚠
                dl->AddText(font, fs, {ex, p.y + text_y_off}, col(pal.error_text), msg.c_str());
                end_x = ex + font->CalcTextSizeA(fs, 1e9f, 0.0f, msg.c_str()).x;
            }
            max_w = std::max(max_w, end_x - p.x + char_w);
            ImGui::Dummy({end_x - p.x, line_h});
        }
    }
    ImGui::PopStyleVar();
    clipper.End();
    // Room below the last line, so the horizontal scroll bar never covers it.
    ImGui::Dummy({1.0f, line_h});

    if (mouse_row >= 0 && mouse_line == kSettingsRow && !ImGui::IsAnyItemActive()) {
        ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        ImGui::SetTooltip("%s", state.settings_open
                                    ? "Click to fold the lesson's settings again."
                                    : "The lesson's goals, presets and expected outcomes.\n"
                                      "They give the challenges away: open when you are done.");
        if (ImGui::IsMouseClicked(ImGuiMouseButton_Left))
            state.settings_open = !state.settings_open;
    }
    if (mouse_line > 0 && !ImGui::IsAnyItemActive()) {
        state.hovered_line = mouse_line;
        if (ctx.on_hover)
            ctx.on_hover(mouse_line);
        if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
            state.selected_line = mouse_line;
            if (ctx.on_click)
                ctx.on_click(mouse_line);
        }
        if (ctx.error != nullptr && ctx.error->line == mouse_line)
            ImGui::SetTooltip("%s", ctx.error->message.c_str());
    }
    ImGui::PopFont();
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

} // namespace condlab::app
