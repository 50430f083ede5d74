#include "app/markdown_view.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "app/python_tokenizer.h"
#include "app/source_file.h"
#include "app/text_wrap.h"

namespace condlab::app {

namespace {

ImU32 col(const Colour& c) { return c.packed(); }

struct StyleFonts {
    const Fonts* f;
    ImFont* body; // regular or a heading font

    [[nodiscard]] ImFont* font_for(std::uint8_t style) const {
        if ((style & md::Code) != 0)
            return f->mono;
        if (body != f->regular)
            return body; // headings: one font
        if ((style & md::Strong) != 0)
            return f->bold;
        if ((style & md::Emphasis) != 0)
            return f->italic;
        return f->regular;
    }
};

void draw_wrapped(const std::vector<md::Span>& spans, ImFont* body, const Colour& colour,
                  const MarkdownViewContext& ctx, float indent) {
    const Palette& pal = *ctx.palette;
    const StyleFonts sf{ctx.fonts, body};
    const float fs = body->FontSize;
    const float avail = std::max(40.0f, ImGui::GetContentRegionAvail().x - indent);
    const auto measure = [&](std::uint8_t style, std::string_view t) {
        ImFont* f = sf.font_for(style);
        return f->CalcTextSizeA(fs, 1e9f, 0.0f, t.data(), t.data() + t.size()).x;
    };
    const auto lines = wrap_spans(spans, avail, measure);
    const float line_h = std::floor(fs * 1.32f);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (const WrappedLine& line : lines) {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float y = p.y + (line_h - fs) * 0.5f;
        for (const WrappedPiece& piece : line.pieces) {
            ImFont* f = sf.font_for(piece.style);
            const float x = p.x + indent + piece.x;
            Colour c = colour;
            if ((piece.style & md::Code) != 0 && body == ctx.fonts->regular) {
                dl->AddRectFilled({x - 1.0f, p.y + 1.0f},
                                  {x + piece.width + 1.0f, p.y + line_h - 1.0f},
                                  col(pal.inline_code_bg), 3.0f);
                c = pal.inline_code;
            } else if ((piece.style & md::Code) != 0) {
                // Inline code in a heading: mono font, heading colour, no chip.
            } else if ((piece.style & md::Link) != 0) {
                c = pal.accent;
                dl->AddLine({x, y + fs}, {x + piece.width, y + fs}, col(c));
            }
            const char* b = piece.text.data();
            dl->AddText(f, fs, {x, y}, col(c), b, b + piece.text.size());
            // Text capture (tests, ImGui's log): the pieces as drawn, without markup.
            ImGui::LogText("%.*s", static_cast<int>(piece.text.size()), b);
        }
        ImGui::LogText("\n");
        ImGui::Dummy({indent + line.width, line_h});
    }
}

size_t utf8_chars(std::string_view s) {
    size_t n = 0;
    for (const char c : s)
        n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    return n;
}

const Colour& code_colour(const Palette& pal, TokenKind k) {
    switch (k) {
    case TokenKind::Keyword:
        return pal.syn_keyword;
    case TokenKind::Builtin:
        return pal.syn_builtin;
    case TokenKind::String:
        return pal.syn_string;
    case TokenKind::Comment:
        return pal.syn_comment;
    case TokenKind::Number:
        return pal.syn_number;
    case TokenKind::Decorator:
        return pal.syn_decorator;
    case TokenKind::Definition:
        return pal.syn_definition;
    default:
        return pal.syn_text;
    }
}

/// A fenced / indented code block: Python colours, soft-wrapped at spaces at the panel width
/// (monospace columns) so nothing is cut off in a narrow column. A token longer than a row is
/// never broken: the block is then as wide as its widest row and scrolls sideways.
void draw_code_block(const md::Block& block, const MarkdownViewContext& ctx, float indent) {
    const Palette& pal = *ctx.palette;
    ImFont* f = ctx.fonts->mono;
    const float fs = f->FontSize;
    const float line_h = std::floor(fs * 1.3f);
    const float pad = std::floor(fs * 0.5f);
    const float char_w = f->CalcTextSizeA(fs, 1e9f, 0.0f, "M").x;
    const auto lines = split_lines(block.code);
    const bool python = block.language.empty() || block.language == "python" ||
                        block.language == "py" || block.language == "python3";
    auto tokens = python ? tokenize_python(block.code) : std::vector<std::vector<Token>>{};
    tokens.resize(lines.size());
    for (size_t i = 0; i < lines.size(); ++i)
        if (tokens[i].empty() && !lines[i].empty())
            tokens[i].push_back({TokenKind::Text, 0, static_cast<std::uint32_t>(lines[i].size())});
    const float w = std::max(40.0f, ImGui::GetContentRegionAvail().x - indent);
    const size_t cols = std::max<size_t>(8, static_cast<size_t>((w - 2.0f * pad) / char_w));
    const CodeBlockLayout layout = layout_code_block(lines, cols);
    const float h = static_cast<float>(layout.row_count) * line_h + 2.0f * pad;
    const float inner_w = std::max(w, static_cast<float>(layout.widest) * char_w + 2.0f * pad);
    const bool scrolls = inner_w > w + 0.5f;

    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 p = ImGui::GetCursorScreenPos();
    const float frame_h = h + (scrolls ? ImGui::GetStyle().ScrollbarSize : 0.0f);
    dl->AddRectFilled({p.x + indent, p.y}, {p.x + indent + w, p.y + frame_h},
                      col(pal.code_background), 4.0f);
    dl->AddRect({p.x + indent, p.y}, {p.x + indent + w, p.y + frame_h}, col(pal.splitter), 4.0f);
    if (scrolls) {
        // A child window of the block's width with a horizontal scrollbar; the mouse wheel
        // still scrolls the lesson text (the child has no vertical scrolling).
        ImGui::SetCursorScreenPos({p.x + indent, p.y});
        // Its scroll state is keyed by the block and its text: another lesson's block at the
        // same address does not inherit it.
        ImGui::PushID(&block);
        ImGui::PushID(block.code.data(), block.code.data() + block.code.size());
        ImGui::PushStyleColor(ImGuiCol_ChildBg, 0);
        ImGui::BeginChild("##code_block", {w, frame_h}, false,
                          ImGuiWindowFlags_HorizontalScrollbar);
        dl = ImGui::GetWindowDrawList();
        p = ImGui::GetCursorScreenPos();
        p.x -= indent;
    }
    const float x0 = p.x + indent + pad;
    float y = p.y + pad + (line_h - fs) * 0.5f;
    for (size_t i = 0; i < lines.size(); ++i) {
        const std::string_view text = lines[i];
        // Rows break after spaces (text_wrap.h): tokens are never cut mid-word.
        const float hang = static_cast<float>(code_hang(text, cols)) * char_w;
        for (const auto& [rb, re] : layout.rows[i]) {
            // Continuation rows: indented past the line's own indentation, with a mark.
            const float row_x = rb == 0 ? x0 : x0 + hang;
            if (rb > 0) {
                dl->AddText(f, fs, {row_x - 2.0f * char_w, y}, col(pal.line_number),
                            "\xE2\x86\xB3");
            }
            for (const Token& t : tokens[i]) {
                const size_t b = std::max<size_t>(t.begin, rb);
                const size_t e = std::min<size_t>(std::min<size_t>(t.end, text.size()), re);
                if (b >= e)
                    continue;
                const std::string_view piece = text.substr(b, e - b);
                const float x =
                    row_x + static_cast<float>(utf8_chars(text.substr(rb, b - rb))) * char_w;
                dl->AddText(f, fs, {x, y}, col(code_colour(pal, t.kind)), piece.data(),
                            piece.data() + piece.size());
            }
            ImGui::LogText("%.*s\n", static_cast<int>(re - rb), text.data() + rb);
            y += line_h;
        }
    }
    if (scrolls) {
        ImGui::Dummy({inner_w, h});
        ImGui::EndChild();
        ImGui::PopStyleColor();
        ImGui::PopID();
        ImGui::PopID();
    } else {
        ImGui::Dummy({indent + w, h});
    }
}

} // namespace

void draw_markdown(const MarkdownViewContext& ctx) {
    if (ctx.doc == nullptr)
        return;
    const Palette& pal = *ctx.palette;
    const Fonts& fonts = *ctx.fonts;
    const float fs = fonts.regular->FontSize;
    const float para_gap = std::floor(fs * 0.55f);
    const float indent_step = std::floor(fs * 1.3f);
    const md::BlockKind none = md::BlockKind::Rule;
    md::BlockKind prev = none;
    bool first = true;
    for (const md::Block& b : ctx.doc->blocks) {
        const bool tight_list =
            prev == md::BlockKind::ListItem && b.kind == md::BlockKind::ListItem;
        if (!first && !tight_list)
            ImGui::Dummy({1.0f, b.kind == md::BlockKind::Heading ? para_gap * 1.6f : para_gap});
        first = false;
        prev = b.kind;
        const float quote_indent = static_cast<float>(b.quote_depth) * indent_step;
        if (b.quote_depth > 0) {
            // Quote bar drawn per block.
            const ImVec2 p = ImGui::GetCursorScreenPos();
            ImGui::GetWindowDrawList()->AddRectFilled(
                {p.x + 2.0f, p.y}, {p.x + 5.0f, p.y + fs * 1.4f}, col(pal.dim_text));
        }
        switch (b.kind) {
        case md::BlockKind::Heading: {
            ImFont* f = b.level <= 1 ? fonts.heading1 : b.level == 2 ? fonts.heading2 : fonts.bold;
            draw_wrapped(b.spans, f, pal.heading, ctx, quote_indent);
            break;
        }
        case md::BlockKind::Paragraph:
            draw_wrapped(b.spans, fonts.regular, pal.syn_text, ctx,
                         quote_indent + static_cast<float>(b.level) * indent_step);
            break;
        case md::BlockKind::ListItem: {
            const float indent = quote_indent + static_cast<float>(b.level) * indent_step;
            const ImVec2 p = ImGui::GetCursorScreenPos();
            const float line_h = std::floor(fs * 1.32f);
            const std::string marker =
                b.ordered ? std::to_string(b.number) + "." : std::string("\xE2\x80\xA2"); // •
            const float mw = fonts.regular->CalcTextSizeA(fs, 1e9f, 0.0f, marker.c_str()).x;
            ImGui::GetWindowDrawList()->AddText(
                fonts.regular, fs, {p.x + indent - mw - fs * 0.4f, p.y + (line_h - fs) * 0.5f},
                col(pal.dim_text), marker.c_str());
            draw_wrapped(b.spans, fonts.regular, pal.syn_text, ctx, indent);
            break;
        }
        case md::BlockKind::CodeBlock:
            draw_code_block(b, ctx, quote_indent + static_cast<float>(b.level) * indent_step);
            break;
        case md::BlockKind::Rule: {
            const ImVec2 p = ImGui::GetCursorScreenPos();
            const float w = ImGui::GetContentRegionAvail().x;
            ImGui::GetWindowDrawList()->AddLine({p.x, p.y + fs * 0.5f}, {p.x + w, p.y + fs * 0.5f},
                                                col(pal.splitter));
            ImGui::Dummy({w, fs});
            break;
        }
        }
    }
}

} // namespace condlab::app
