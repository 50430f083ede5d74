#include "app/text_wrap.h"

#include <algorithm>
#include <utility>

namespace condlab::app {

std::vector<WrappedLine> wrap_spans(const std::vector<md::Span>& spans, float max_width,
                                    const MeasureFn& measure) {
    std::vector<WrappedLine> lines(1);
    bool pending_space = false;
    std::uint8_t space_style = md::Plain;
    // The word being collected: its pieces may come from several spans ("`JOB_AT`," is code
    // then plain) and are placed together, so a line never starts with the comma.
    std::vector<std::pair<std::uint8_t, std::string_view>> word;
    bool word_space_before = false;
    std::uint8_t word_space_style = md::Plain;

    const auto append = [&](WrappedLine& line, std::uint8_t style, std::string_view text) {
        if (!line.pieces.empty() && line.pieces.back().style == style) {
            WrappedPiece& last = line.pieces.back();
            last.text.append(text);
            // Re-measure the merged piece so kerning-free fonts and tests agree exactly.
            last.width = measure(style, last.text);
            line.width = last.x + last.width;
        } else {
            const float w = measure(style, text);
            line.pieces.push_back({style, std::string(text), line.width, w});
            line.width += w;
        }
    };
    using Piece = std::pair<std::uint8_t, std::string_view>;
    // A word wider than a whole line ("wait_for(cond.wait_for(lambda:") is placed in parts
    // that end after punctuation - ( . , / - so it breaks there instead of running past
    // the panel's edge; never inside a name.
    const auto place_long_word = [&](const std::vector<Piece>& pieces) {
        std::vector<std::vector<Piece>> parts(1);
        for (const auto& [style, text] : pieces) {
            std::size_t b = 0;
            for (std::size_t i = 0; i < text.size(); ++i) {
                if (text[i] == '(' || text[i] == '.' || text[i] == ',' || text[i] == '/') {
                    parts.back().emplace_back(style, text.substr(b, i + 1 - b));
                    parts.emplace_back();
                    b = i + 1;
                }
            }
            if (b < text.size())
                parts.back().emplace_back(style, text.substr(b));
        }
        bool first = true;
        for (const auto& part : parts) {
            if (part.empty())
                continue;
            WrappedLine* line = &lines.back();
            float w = 0.0f;
            for (const auto& [style, text] : part)
                w += measure(style, text);
            const bool space = first && word_space_before && !line->pieces.empty();
            const float space_w = space ? measure(word_space_style, " ") : 0.0f;
            if (!line->pieces.empty() && line->width + space_w + w > max_width) {
                lines.emplace_back();
                line = &lines.back();
            } else if (space) {
                append(*line, word_space_style, " ");
            }
            for (const auto& [style, text] : part)
                append(*line, style, text);
            first = false;
        }
    };
    const auto place_word = [&] {
        if (word.empty())
            return;
        WrappedLine* line = &lines.back();
        float word_w = 0.0f;
        for (const auto& [style, text] : word)
            word_w += measure(style, text);
        if (word_w > max_width) {
            place_long_word(word);
            word.clear();
            return;
        }
        const bool need_space = word_space_before && !line->pieces.empty();
        const float space_w = need_space ? measure(word_space_style, " ") : 0.0f;
        if (!line->pieces.empty() && line->width + space_w + word_w > max_width) {
            lines.emplace_back();
            line = &lines.back();
        } else if (need_space) {
            append(*line, word_space_style, " ");
        }
        for (const auto& [style, text] : word)
            append(*line, style, text);
        word.clear();
    };

    for (const md::Span& span : spans) {
        std::string_view rest = span.text;
        while (!rest.empty()) {
            const char c = rest.front();
            if (c == '\n') {
                place_word();
                lines.emplace_back();
                pending_space = false;
                rest.remove_prefix(1);
                continue;
            }
            if (c == ' ' || c == '\t') {
                place_word();
                pending_space = true;
                space_style = span.style;
                rest.remove_prefix(1);
                continue;
            }
            size_t end = 0;
            while (end < rest.size() && rest[end] != ' ' && rest[end] != '\t' && rest[end] != '\n')
                ++end;
            if (word.empty()) {
                word_space_before = pending_space;
                word_space_style = space_style;
            }
            pending_space = false;
            word.emplace_back(span.style, rest.substr(0, end));
            rest.remove_prefix(end);
        }
    }
    place_word();
    if (lines.size() > 1 && lines.back().pieces.empty())
        lines.pop_back();
    return lines;
}

namespace {

/// Byte offset of each UTF-8 character of `s`, plus s.size() at the end.
std::vector<std::size_t> char_starts(std::string_view s) {
    std::vector<std::size_t> starts;
    for (std::size_t i = 0; i < s.size(); ++i)
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80)
            starts.push_back(i);
    starts.push_back(s.size());
    return starts;
}

} // namespace

std::vector<std::pair<std::size_t, std::size_t>>
wrap_code_line(std::string_view line, std::size_t first_cols, std::size_t hang) {
    first_cols = std::max<std::size_t>(first_cols, 1);
    const std::size_t rest_cols = hang < first_cols ? first_cols - hang : first_cols;
    const std::vector<std::size_t> starts = char_starts(line);
    const std::size_t n = starts.size() - 1;
    const auto blank = [&](std::size_t c) { return line[starts[c]] == ' '; };
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
        while (cut > a && !blank(cut - 1))
            --cut;
        // The word that crosses the row's end, when it is longer than a continuation row,
        // stays on this row whole (a new row would not hold it either): the row is wider
        // than `cols` and the block scrolls; a word is never split.
        std::size_t word_end = cut;
        while (word_end < n && !blank(word_end))
            ++word_end;
        if (cut == a || word_end - cut > rest_cols)
            cut = word_end;
        while (cut < n && blank(cut))
            ++cut;
        rows.emplace_back(starts[a], starts[cut]);
        a = cut;
    }
    return rows;
}

std::size_t code_hang(std::string_view line, std::size_t cols) {
    const std::size_t lead = std::min(line.find_first_not_of(' '), line.size());
    return std::min(lead + 4, cols / 2);
}

CodeBlockLayout layout_code_block(const std::vector<std::string_view>& lines, std::size_t cols) {
    CodeBlockLayout out;
    for (const std::string_view line : lines) {
        const std::size_t hang = code_hang(line, cols);
        out.rows.push_back(wrap_code_line(line, cols, hang));
        const std::vector<std::size_t> starts = char_starts(line);
        for (const auto& [b, e] : out.rows.back()) {
            // Characters of the row without its trailing blanks, plus its indent.
            std::size_t chars = 0;
            std::size_t last_text = 0;
            for (std::size_t c = 0; c + 1 < starts.size(); ++c) {
                if (starts[c] < b || starts[c] >= e)
                    continue;
                ++chars;
                if (line[starts[c]] != ' ')
                    last_text = chars;
            }
            out.widest = std::max(out.widest, last_text + (b > 0 ? hang : 0));
        }
        out.row_count += out.rows.back().size();
    }
    return out;
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
