// Pure word wrapping of styled spans into lines (no ImGui): the Markdown view measures
// text with its fonts through a callback and draws the resulting pieces.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "app/markdown.h"

namespace condlab::app {

struct WrappedPiece {
    std::uint8_t style = md::Plain;
    std::string text; ///< no leading/trailing break; may contain inner spaces
    float x = 0.0f;   ///< offset from the line start
    float width = 0.0f;
    bool operator==(const WrappedPiece&) const = default;
};

struct WrappedLine {
    std::vector<WrappedPiece> pieces;
    float width = 0.0f;
};

/// Width of `text` drawn in `style`.
using MeasureFn = std::function<float(std::uint8_t style, std::string_view text)>;

/// Greedy word wrap: words (split at spaces) are placed while they fit in `max_width`;
/// a word wider than a whole line gets a line of its own; '\n' forces a break. A word is
/// what lies between blanks, across spans ("`JOB_AT`," stays whole). Spaces at line ends
/// are dropped. Consecutive words of one style on a line merge into one piece.
[[nodiscard]] std::vector<WrappedLine> wrap_spans(const std::vector<md::Span>& spans,
                                                  float max_width, const MeasureFn& measure);

/// Soft wrap of one code line at `cols` columns (UTF-8 characters): byte ranges [begin, end)
/// of its rows. Breaks after a space, so no word or token ("un-acquired", "cond.wait()",
/// "asyncio.wait_for(cond.wait(),") is ever cut: a word longer than a continuation row stays
/// on the row where it starts, which is then wider than `cols` (the code block scrolls
/// sideways instead). The blanks at a break stay at the end of the earlier row. An empty line is
/// one empty row. Rows after the first hold `cols - hang` characters (the caller indents them by
/// `hang` to show they continue).
[[nodiscard]] std::vector<std::pair<std::size_t, std::size_t>>
wrap_code_line(std::string_view line, std::size_t cols, std::size_t hang = 0);

/// Indent of a code line's continuation rows: its own indentation plus 4, at most half a row.
[[nodiscard]] std::size_t code_hang(std::string_view line, std::size_t cols);

/// A code block soft-wrapped at `cols` columns: each line's rows (wrap_code_line with
/// code_hang) and the widest row in columns, its hang included. `widest > cols` when a token
/// is longer than a row: the block is then drawn `widest` columns wide and scrolls sideways.
struct CodeBlockLayout {
    std::vector<std::vector<std::pair<std::size_t, std::size_t>>> rows{}; ///< per line
    std::size_t row_count = 0;
    std::size_t widest = 0;
};
[[nodiscard]] CodeBlockLayout layout_code_block(const std::vector<std::string_view>& lines,
                                                std::size_t cols);

/// `text` shortened in the middle with "…" so that measure(text) <= max_width ("main.<lo…>.w#1"
/// keeps both the start and the distinguishing end); `text` itself when it fits. Never
/// splits a UTF-8 sequence; "…" alone when nothing else fits.
[[nodiscard]] std::string elide_middle(std::string_view text, float max_width,
                                       const std::function<float(std::string_view)>& measure);

} // namespace condlab::app
