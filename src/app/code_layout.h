// Pure geometry of the code view (no ImGui): gutter columns and line hit testing.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "app/theme.h"

namespace condlab::app {

/// What a marker in the code view's gutter means (Python Tutor's arrows).
enum class MarkerKind {
    JustExecuted, ///< light-green arrow: the line a task just ran
    Next,         ///< red arrow: the line a task runs next
    Custom,       ///< any other marker, in its own colour
};

/// A per-line marker: an arrow in the gutter and a label after the code (e.g. a task name).
struct LineMarker {
    int line = 0; ///< 1-based
    MarkerKind kind = MarkerKind::Custom;
    Colour colour;     ///< used for MarkerKind::Custom (and the label chip of any kind)
    std::string label; ///< e.g. "consumer#1"; may be empty
};

/// A line with an error (e.g. a SyntaxError in a broken file), highlighted with its message.
struct ErrorMark {
    int line = 0; ///< 1-based; 0 = no line (message shown in the header only)
    std::string message;
};

struct CodeGutter {
    float number_width = 0.0f; ///< right-aligned line numbers
    float marker_width = 0.0f; ///< arrow column
    float text_x = 0.0f;       ///< where code text starts (offset from the view's left)
};

/// Gutter widths for `line_count` lines with a monospace advance of `char_w` px.
[[nodiscard]] CodeGutter code_gutter(int line_count, float char_w);

/// 1-based line under `y` for lines starting at `top` with height `line_h`, or 0 when outside.
[[nodiscard]] int line_at(float y, float top, float line_h, int line_count);

/// Whether a source line is a whole-line lesson metadata comment (`# goal: ...`,
/// `# compare: ...`, `# expect: ...`, `# param: ...`, `# preset: ...`, `# question: ...`):
/// the keys the lesson reader (src/lesson/lesson.cpp) recognises, plus the question and
/// preset keys other issues add. These give the challenges away, so the code view folds them.
[[nodiscard]] bool is_metadata_line(std::string_view line);

/// The code view's rows: each is a source line (1-based) or kSettingsRow, the one
/// "lesson settings" row standing for every metadata line (at the first one's place). When
/// folded, the metadata lines themselves are left out.
inline constexpr int kSettingsRow = 0;
struct CodeRows {
    std::vector<int> rows;
    std::vector<int> metadata; ///< the metadata lines (1-based)
};
[[nodiscard]] CodeRows code_rows(const std::vector<std::string_view>& lines, bool expanded);
/// The row showing `line`; a folded metadata line gives the settings row; -1 if none.
[[nodiscard]] int row_of_line(const CodeRows& rows, int line);

/// Markers on one line, in the given order (stable).
[[nodiscard]] std::vector<const LineMarker*> markers_on_line(const std::vector<LineMarker>& markers,
                                                             int line);

} // namespace condlab::app
