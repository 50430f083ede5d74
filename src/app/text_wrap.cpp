#include "app/text_wrap.h"

#include <algorithm>
#include <utility>

namespace condlab::app {

std::vector<WrappedLine> wrap_spans(const std::vector<md::Span>& spans, float max_width,
                                    const MeasureFn& measure) {
    std::vector<WrappedLine> lines(1);
    bool pending_space = false;
    std::uint8_t space_style = md::plain;

    auto place_word = [&](std::uint8_t style, std::string_view word) {
        WrappedLine* line = &lines.back();
        const float word_w = measure(style, word);
        const bool need_space = pending_space && !line->pieces.empty();
        const float space_w = need_space ? measure(space_style, " ") : 0.0f;
        if (!line->pieces.empty() && line->width + space_w + word_w > max_width) {
            lines.emplace_back();
            line = &lines.back();
        } else if (need_space) {
            WrappedPiece& last = line->pieces.back();
            if (last.style == space_style) {
                last.text += ' ';
                last.width += space_w;
            } else {
                line->pieces.push_back({space_style, " ", line->width, space_w});
            }
            line->width += space_w;
        }
        pending_space = false;
        if (!line->pieces.empty() && line->pieces.back().style == style) {
            WrappedPiece& last = line->pieces.back();
            last.text.append(word);
            // Re-measure the merged piece so kerning-free fonts and tests agree exactly.
            last.width = measure(style, last.text);
            line->width = last.x + last.width;
        } else {
            line->pieces.push_back({style, std::string(word), line->width, word_w});
            line->width += word_w;
        }
    };

    for (const md::Span& span : spans) {
        std::string_view rest = span.text;
        while (!rest.empty()) {
            const char c = rest.front();
            if (c == '\n') {
                lines.emplace_back();
                pending_space = false;
                rest.remove_prefix(1);
                continue;
            }
            if (c == ' ' || c == '\t') {
                pending_space = true;
                space_style = span.style;
                rest.remove_prefix(1);
                continue;
            }
            size_t end = 0;
            while (end < rest.size() && rest[end] != ' ' && rest[end] != '\t' && rest[end] != '\n')
                ++end;
            place_word(span.style, rest.substr(0, end));
            rest.remove_prefix(end);
        }
    }
    if (lines.size() > 1 && lines.back().pieces.empty())
        lines.pop_back();
    return lines;
}

std::vector<std::pair<std::size_t, std::size_t>>
wrap_code_line(std::string_view line, std::size_t first_cols, std::size_t hang) {
    first_cols = std::max<std::size_t>(first_cols, 1);
    const std::size_t rest_cols = hang < first_cols ? first_cols - hang : first_cols;
    std::vector<std::size_t> starts; // byte offset of each character, plus the end
    for (std::size_t i = 0; i < line.size(); ++i)
        if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80)
            starts.push_back(i);
    const std::size_t n = starts.size();
    starts.push_back(line.size());
    std::vector<std::pair<std::size_t, std::size_t>> rows;
    std::size_t a = 0; // character index of the row's start
    while (a < n || rows.empty()) {
        const std::size_t cols = rows.empty() ? first_cols : rest_cols;
        if (n - a <= cols) {
            rows.emplace_back(starts[a], line.size());
            break;
        }
        // Last space within the row: break after it (the blanks stay on this row).
        std::size_t cut = a + cols;
        while (cut > a && line[starts[cut - 1]] != ' ')
            --cut;
        if (cut == a)
            cut = a + cols; // one word longer than a row: split it
        else
            while (cut < n && line[starts[cut]] == ' ')
                ++cut;
        rows.emplace_back(starts[a], starts[cut]);
        a = cut;
    }
    return rows;
}

std::string elide_middle(std::string_view text, float max_width,
                         const std::function<float(std::string_view)>& measure) {
    if (measure(text) <= max_width)
        return std::string(text);
    static constexpr std::string_view kEllipsis = "\xE2\x80\xA6"; // …
    // Character starts (UTF-8), so cuts never split a sequence.
    std::vector<std::size_t> starts;
    for (std::size_t i = 0; i < text.size(); ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80)
            starts.push_back(i);
    starts.push_back(text.size());
    const std::size_t chars = starts.size() - 1;
    // Keep k characters, the larger half at the end (names differ at the end: "#1", "w#2").
    for (std::size_t k = chars; k-- > 0;) {
        const std::size_t head = k / 2;
        const std::size_t tail = k - head;
        std::string out(text.substr(0, starts[head]));
        out += kEllipsis;
        out += text.substr(starts[chars - tail]);
        if (measure(out) <= max_width || k == 0)
            return out;
    }
    return std::string(kEllipsis);
}

} // namespace condlab::app
