#include "app/code_layout.h"

#include <cmath>

namespace condlab::app {

CodeGutter code_gutter(int line_count, float char_w) {
    int digits = 1;
    for (int n = line_count; n >= 10; n /= 10) {
        ++digits;
    }
    digits = digits < 3 ? 3 : digits;
    CodeGutter g;
    g.number_width = static_cast<float>(digits + 1) * char_w;
    g.marker_width = 2.5f * char_w;
    g.text_x = g.number_width + g.marker_width + 0.5f * char_w;
    return g;
}

int line_at(float y, float top, float line_h, int line_count) {
    if (line_h <= 0.0f || y < top) {
        return 0;
    }
    const int idx = static_cast<int>(std::floor((y - top) / line_h));
    return idx < line_count ? idx + 1 : 0;
}

std::vector<const LineMarker*> markers_on_line(const std::vector<LineMarker>& markers, int line) {
    std::vector<const LineMarker*> out;
    for (const LineMarker& m : markers) {
        if (m.line == line) {
            out.push_back(&m);
        }
    }
    return out;
}

} // namespace condlab::app
