#include "app/code_layout.h"

#include <algorithm>

#include <cmath>

namespace condlab::app {

CodeGutter code_gutter(int line_count, float char_w) {
    int digits = 1;
    for (int n = line_count; n >= 10; n /= 10)
        ++digits;
    digits = digits < 3 ? 3 : digits;
    CodeGutter g;
    g.number_width = static_cast<float>(digits + 1) * char_w;
    g.marker_width = 2.5f * char_w;
    g.text_x = g.number_width + g.marker_width + 0.5f * char_w;
    return g;
}

int line_at(float y, float top, float line_h, int line_count) {
    if (line_h <= 0.0f || y < top)
        return 0;
    const int idx = static_cast<int>(std::floor((y - top) / line_h));
    return idx < line_count ? idx + 1 : 0;
}

bool is_metadata_line(std::string_view line) {
    std::size_t i = 0;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
        ++i;
    if (i >= line.size() || line[i] != '#')
        return false;
    ++i;
    while (i < line.size() && line[i] == ' ')
        ++i;
    const std::string_view rest = line.substr(i);
    for (std::string_view key :
         {"param:", "goal:", "compare:", "expect:", "preset:", "question:", "predict:"}) {
        if (rest.starts_with(key))
            return true;
    }
    return false;
}

CodeRows code_rows(const std::vector<std::string_view>& lines, bool expanded) {
    CodeRows out;
    out.rows.reserve(lines.size() + 1);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const int line = static_cast<int>(i) + 1;
        if (!is_metadata_line(lines[i])) {
            out.rows.push_back(line);
            continue;
        }
        if (out.metadata.empty())
            out.rows.push_back(kSettingsRow);
        out.metadata.push_back(line);
        if (expanded)
            out.rows.push_back(line);
    }
    return out;
}

int row_of_line(const CodeRows& rows, int line) {
    const auto it = std::find(rows.rows.begin(), rows.rows.end(), line);
    if (it != rows.rows.end())
        return static_cast<int>(it - rows.rows.begin());
    if (std::find(rows.metadata.begin(), rows.metadata.end(), line) != rows.metadata.end()) {
        const auto h = std::find(rows.rows.begin(), rows.rows.end(), kSettingsRow);
        return static_cast<int>(h - rows.rows.begin());
    }
    return -1;
}

std::vector<const LineMarker*> markers_on_line(const std::vector<LineMarker>& markers, int line) {
    std::vector<const LineMarker*> out;
    for (const LineMarker& m : markers)
        if (m.line == line)
            out.push_back(&m);
    return out;
}

} // namespace condlab::app
